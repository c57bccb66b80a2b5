package app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonAppenderTest {
    @TempDir
    Path dir;

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
                d.get();
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
