package base;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonAppenderTest {
    private static final String NO_SPACE = FillingDisk.NO_SPACE;
    private static final List<String> BATCH = List.of("{\"n\":1,\"pad\":\"aaaaaaaaaa\"}", "{\"n\":2,\"pad\":\"bbbbbbbbbb\"}",
            "{\"n\":3,\"pad\":\"cccccccccc\"}");

    @TempDir
    Path dir;

    private NdjsonAppender appender(FillingDisk disk) {
        return new NdjsonAppender(new NamedFolders(Map.of("LOGS_DIR", dir)), disk);
    }

    @Test
    void an_append_that_fails_midway_is_cut_back_and_answered_507_saying_nothing_was_appended() throws IOException {
        Path f = dir.resolve("requests.ndjson");
        Files.writeString(f, "{\"ok\":1}\n");
        FillingDisk disk = new FillingDisk(40); // the first line and a half of the batch fit
        try (NdjsonAppender appender = appender(disk)) {
            assertThatThrownBy(() -> appender.appendLines(f, BATCH))
                    .isInstanceOfSatisfying(DiskProblem.class, p -> {
                        assertThat(p.status()).isEqualTo(507);
                        assertThat(p.getMessage()).isEqualTo("the disk under LOGS_DIR is full (appending 81 bytes to requests.ndjson: "
                                + NO_SPACE + "); free space, nothing was appended to requests.ndjson");
                    });
            assertThat(Files.readString(f)).isEqualTo("{\"ok\":1}\n");
            assertThat(appender.failures()).containsOnlyKeys(f);
        }
    }

    @Test
    void the_append_after_a_failed_one_is_whole_and_not_glued_to_anything() throws IOException {
        Path f = dir.resolve("requests.ndjson");
        FillingDisk disk = new FillingDisk(40);
        try (NdjsonAppender appender = appender(disk)) {
            assertThatThrownBy(() -> appender.appendLines(f, BATCH)).isInstanceOf(DiskProblem.class);
            disk.room = Long.MAX_VALUE; // space was freed: the next channel has room
            appender.close();           // closes the channel that ran out; the next append opens one
            appender.appendLines(f, BATCH);
            assertThat(appender.failures()).isEmpty();
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).containsExactlyElementsOf(BATCH);
        for (String line : lines) {
            assertThat(Json.MAPPER.readTree(line).get("n")).isNotNull();
        }
    }

    @Test
    void a_write_failure_other_than_a_full_disk_is_answered_503_and_says_what_to_check() throws IOException {
        Path f = dir.resolve("requests.ndjson");
        FillingDisk disk = new FillingDisk(0);
        disk.error = "Read-only file system";
        try (NdjsonAppender appender = appender(disk)) {
            assertThatThrownBy(() -> appender.appendLines(f, BATCH))
                    .isInstanceOfSatisfying(DiskProblem.class, p -> {
                        assertThat(p.status()).isEqualTo(503);
                        assertThat(p.getMessage()).startsWith("cannot write under LOGS_DIR (appending 81 bytes to requests.ndjson: "
                                + "Read-only file system); check that the folder").endsWith("nothing was appended to requests.ndjson");
                    });
        }
        assertThat(Files.size(f)).isZero();
    }

    @Test
    void bytes_of_a_failed_append_that_cannot_be_cut_are_hidden_from_readers_and_cut_before_the_next_append() throws IOException {
        Path f = dir.resolve("requests.ndjson");
        Files.writeString(f, "{\"ok\":1}\n");
        FillingDisk disk = new FillingDisk(60); // after the warm-up line: one line of the batch and part of the next
        try (NdjsonAppender appender = appender(disk)) {
            appender.appendLines(f, List.of("{\"warm\":0}")); // opens the channel, so the next append gets the failing one
            FullDiskChannel ch = disk.opened.get(0);
            ch.truncateFails = true;
            assertThatThrownBy(() -> appender.appendLines(f, BATCH)).isInstanceOf(DiskProblem.class);
            assertThat(Files.readString(f)).as("the failed bytes are still there").contains("{\"n\":1");

            List<String> read = new ArrayList<>();
            new IncrementalLineReader(appender).read(f, IncrementalLineReader.Position.START, (b, off, len) -> {
                read.add(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
                return true;
            });
            assertThat(read).containsExactly("{\"ok\":1}", "{\"warm\":0}");

            disk.room = Long.MAX_VALUE;
            appender.append(f, Map.of("next", 2));
        }
        assertThat(Files.readAllLines(f)).containsExactly("{\"ok\":1}", "{\"warm\":0}", "{\"next\":2}");
    }

    @Test
    void a_reader_waits_for_an_append_under_way_and_never_folds_lines_that_are_then_cut_back() throws Exception {
        Path f = dir.resolve("requests.ndjson");
        Files.writeString(f, "{\"ok\":1}\n");
        FillingDisk disk = new FillingDisk(11 + 60); // after the warm-up line: two lines of the batch land before the disk is full
        CountDownLatch release = new CountDownLatch(1);
        try (NdjsonAppender appender = appender(disk)) {
            appender.append(f, Map.of("warm", 0));
            disk.opened.get(0).holdBeforeFailing = release;
            long before = Files.size(f);
            CompletableFuture<Void> append = CompletableFuture.runAsync(() -> appender.appendLines(f, BATCH));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(f) == before + 60); // two whole lines on disk

            List<String> read = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try {
                    new IncrementalLineReader(appender).read(f, IncrementalLineReader.Position.START, (b, off, len) -> {
                        read.add(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
                        return true;
                    });
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            reader.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.BLOCKED);
            release.countDown();
            reader.join(10_000);
            assertThat(append).failsWithin(Duration.ofSeconds(10));
            assertThat(read).containsExactly("{\"ok\":1}", "{\"warm\":0}");
            assertThat(Files.readAllLines(f)).containsExactly("{\"ok\":1}", "{\"warm\":0}");
        }
    }

    @Test
    void concurrent_appends_never_interleave_and_every_line_is_whole() throws Exception {
        Path f = dir.resolve("out.ndjson");
        String pad = "x".repeat(5000); // larger than a pipe buffer, so a torn write would show
        try (NdjsonAppender appender = new NdjsonAppender()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        appender.append(f, Map.of("thread", thread, "i", i, "pad", pad));
                    }
                }));
            }
            for (Future<?> d : done) {
                d.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(2000);
        for (String line : lines) {
            JsonNode n = Json.MAPPER.readTree(line);
            assertThat(n.get("pad").asText()).hasSize(5000);
        }
    }

    @Test
    void a_torn_last_line_is_ended_so_the_next_line_stays_whole() throws IOException {
        Path f = dir.resolve("out.ndjson");
        Files.writeString(f, "{\"ok\":1}\n{\"torn\":");
        try (NdjsonAppender appender = new NdjsonAppender()) {
            appender.append(f, Map.of("next", 2));
        }
        assertThat(Files.readAllLines(f)).containsExactly("{\"ok\":1}", "{\"torn\":", "{\"next\":2}");
    }

    @Test
    void the_atomic_writer_replaces_the_whole_file_and_leaves_no_temp_files() throws IOException {
        Path f = dir.resolve("latest.json");
        AtomicJsonWriter w = new AtomicJsonWriter();
        w.write(f, Map.of("v", 1));
        w.write(f, Map.of("v", 2));
        assertThat(Files.readString(f)).isEqualTo("{\"v\":2}");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }
}
