package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonTailTest {
    @TempDir
    Path dir;

    private static List<Integer> ids(List<JsonNode> nodes) {
        return nodes.stream().map(n -> n.get("i").asInt()).collect(Collectors.toList());
    }

    @Test
    void the_last_n_lines_come_oldest_first_across_many_read_blocks() throws Exception {
        Path f = dir.resolve("h.ndjson");
        // ~200 bytes a line, 3000 lines: the tail spans several 64 KiB blocks
        String pad = "x".repeat(180);
        Files.writeString(f, IntStream.range(0, 3000).mapToObj(i -> "{\"i\":" + i + ",\"p\":\"" + pad + "\"}\n")
                .collect(Collectors.joining()));
        assertThat(ids(NdjsonTail.last(f, 3))).containsExactly(2997, 2998, 2999);
        assertThat(ids(NdjsonTail.last(f, 1000))).hasSize(1000).startsWith(2000).endsWith(2999);
        assertThat(ids(NdjsonTail.last(f, 5000))).hasSize(3000).startsWith(0);
    }

    @Test
    void a_torn_last_line_and_unparseable_lines_are_left_out() throws Exception {
        Path f = dir.resolve("h.ndjson");
        Files.writeString(f, "{\"i\":1}\nnot json\n{\"i\":2}\n{\"i\":3,\"torn");
        assertThat(ids(NdjsonTail.last(f, 3))).containsExactly(1, 2);
        assertThat(ids(NdjsonTail.last(f, 1))).containsExactly(2);
    }

    @Test
    void a_missing_or_empty_file_is_an_empty_history() throws Exception {
        assertThat(NdjsonTail.last(dir.resolve("none.ndjson"), 10)).isEmpty();
        Path f = dir.resolve("empty.ndjson");
        Files.writeString(f, "");
        assertThat(NdjsonTail.last(f, 10)).isEmpty();
        Files.writeString(f, "{\"i\":7}");
        assertThat(NdjsonTail.last(f, 10)).isEmpty();
    }
}
