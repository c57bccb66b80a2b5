package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalLineReaderTest {
    @TempDir
    Path dir;
    final IncrementalLineReader reader = new IncrementalLineReader();
    IncrementalLineReader.Position position = IncrementalLineReader.Position.START;

    private List<String> readNew(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        IncrementalLineReader.Result r = reader.read(file, position, (b, o, l) -> {
            lines.add(new String(b, o, l, StandardCharsets.UTF_8));
            return true;
        });
        position = r.position();
        return lines;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void only_lines_appended_since_the_last_read_are_returned() throws IOException {
        Path f = dir.resolve("in.ndjson");
        append(f, "a\nb\n");
        assertThat(readNew(f)).containsExactly("a", "b");
        assertThat(readNew(f)).isEmpty();
        append(f, "c\n");
        assertThat(readNew(f)).containsExactly("c");
        assertThat(position.offset()).isEqualTo(6);
    }

    @Test
    void a_missing_file_reads_nothing_and_keeps_the_position() throws IOException {
        assertThat(readNew(dir.resolve("absent.ndjson"))).isEmpty();
        assertThat(position).isEqualTo(IncrementalLineReader.Position.START);
    }

    @Test
    void a_torn_last_line_waits_until_it_is_complete() throws IOException {
        Path f = dir.resolve("in.ndjson");
        append(f, "a\n{\"half\":");
        assertThat(readNew(f)).containsExactly("a");
        append(f, "true}\n");
        assertThat(readNew(f)).containsExactly("{\"half\":true}");
    }

    @Test
    void a_rotated_file_is_read_from_its_start() throws IOException {
        Path f = dir.resolve("in.ndjson");
        append(f, "old-1\nold-2\nold-3\n");
        readNew(f);
        Files.move(f, dir.resolve("in.ndjson.1"));
        append(f, "new-1\nnew-2\nnew-3\nnew-4\n"); // longer than what was read: only the inode tells
        IncrementalLineReader.Result r = reader.read(f, position, (b, o, l) -> true);
        assertThat(r.restarted()).isTrue();
        assertThat(r.lines()).isEqualTo(4);
    }

    @Test
    void a_truncated_file_is_read_from_its_start() throws IOException {
        Path f = dir.resolve("in.ndjson");
        append(f, "line-1\nline-2\n");
        readNew(f);
        Files.writeString(f, "x\n", StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(readNew(f)).containsExactly("x");
    }

    @Test
    void a_file_truncated_and_refilled_past_the_old_offset_is_noticed_by_its_first_bytes() throws IOException {
        Path f = dir.resolve("in.ndjson");
        append(f, "first\n");
        readNew(f);
        Files.writeString(f, "other-1\nother-2\n", StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(readNew(f)).containsExactly("other-1", "other-2");
    }

    @Test
    void a_handler_can_stop_after_a_line_and_the_next_read_resumes_there() throws IOException {
        Path f = dir.resolve("in.ndjson");
        append(f, "1\n2\n3\n");
        IncrementalLineReader.Result r = reader.read(f, position, (b, o, l) -> new String(b, o, l).equals("2") ? false : true);
        position = r.position();
        assertThat(r.lines()).isEqualTo(2);
        assertThat(readNew(f)).containsExactly("3");
    }

    @Test
    void crlf_line_ends_and_blank_lines_are_handled() throws IOException {
        Path f = dir.resolve("in.ndjson");
        append(f, "a\r\n\nb\n");
        assertThat(readNew(f)).containsExactly("a", "b");
    }

    @Test
    void lines_of_every_length_across_chunk_boundaries_read_whole() throws IOException {
        Path f = dir.resolve("in.ndjson");
        java.util.Random rnd = new java.util.Random(3);
        List<String> written = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            // mostly short lines, some around the 1 MiB read chunk, one past it (the buffer grows)
            int len = i == 1500 ? (1 << 20) + 17 : rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(5000) : 1 + rnd.nextInt(120);
            String line = "x".repeat(len - 1) + (char) ('a' + i % 26);
            written.add(line);
            text.append(line).append('\n');
        }
        append(f, text.toString());
        assertThat(readNew(f)).isEqualTo(written);
        assertThat(position.offset()).isEqualTo(Files.size(f));
    }

    @Test
    void a_small_catch_up_whose_last_line_outgrows_the_small_buffer_reads_it_whole() throws IOException {
        // a catch-up reads into a buffer sized to what is new (8 KiB at least): the line past it grows the buffer
        Path f = dir.resolve("in.ndjson");
        append(f, "first\n");
        assertThat(readNew(f)).containsExactly("first");
        String longLine = "y".repeat(30_000);
        append(f, "short\n" + longLine + "\n");
        assertThat(readNew(f)).containsExactly("short", longLine);
        append(f, "z".repeat(100) + "\n");
        assertThat(readNew(f)).containsExactly("z".repeat(100));
        assertThat(position.offset()).isEqualTo(Files.size(f));
    }

    @Test
    void a_split_read_sees_the_same_lines_and_ends_at_the_same_position_as_a_plain_read() throws IOException {
        Path f = dir.resolve("in.ndjson");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append("line ").append(i).append(i % 7 == 0 ? "\r\n" : "\n");
        }
        append(f, text + "torn");
        List<String> plain = readNew(f);
        IncrementalLineReader.Position plainEnd = position;

        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        IncrementalLineReader.SplitResult r = reader.readSplit(f, IncrementalLineReader.Position.START, 100,
                (b, o, l) -> first.add(new String(b, o, l, StandardCharsets.UTF_8)),
                (b, o, l) -> second.add(new String(b, o, l, StandardCharsets.UTF_8)));

        assertThat(r.secondUsed()).isTrue();
        assertThat(first).isNotEmpty();
        assertThat(second).isNotEmpty();
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        assertThat(both).isEqualTo(plain).hasSize(1000);
        assertThat(r.result().position()).isEqualTo(plainEnd);
        assertThat(r.result().lines()).isEqualTo(1000);
    }

    @Test
    void when_the_first_half_stops_the_split_read_ends_there_and_the_second_half_does_not_count() throws IOException {
        Path f = dir.resolve("in.ndjson");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append(i).append('\n');
        }
        append(f, text.toString());
        IncrementalLineReader.SplitResult r = reader.readSplit(f, IncrementalLineReader.Position.START, 10,
                (b, o, l) -> !new String(b, o, l, StandardCharsets.UTF_8).equals("9"), (b, o, l) -> true);

        assertThat(r.secondUsed()).isFalse();
        assertThat(r.result().lines()).isEqualTo(10);
        assertThat(r.result().position().offset()).isEqualTo(20); // just past "9\n"
    }
}
