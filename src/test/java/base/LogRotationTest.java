package base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Size rotation of the NDJSON files (LOGS_MAX_MB, LOGS_KEEP), in the appender and the history tail. */
class LogRotationTest {
    private static final long FOUR_KIB = 4096;

    @TempDir
    Path dir;

    private NdjsonAppender appender(long maxBytes, int keep) {
        return new NdjsonAppender(new NamedFolders(Map.of("LOGS_DIR", dir)), new LogRotation(maxBytes, keep, true));
    }

    /** Every line of file, file.1, ... file.N, oldest file first. */
    private List<String> allLines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (int n = 1000; n >= 1; n--) {
            Path older = LogRotation.older(file, n);
            if (Files.exists(older)) {
                out.addAll(Files.readAllLines(older));
            }
        }
        if (Files.exists(file)) {
            out.addAll(Files.readAllLines(file));
        }
        return out;
    }

    @Test
    void concurrent_appends_across_many_rotations_leave_every_line_whole_and_present_exactly_once() throws Exception {
        Path f = dir.resolve("out.ndjson");
        int threads = 8;
        int each = 300;
        try (NdjsonAppender appender = appender(FOUR_KIB, 1000)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        appender.append(f, Map.of("thread", thread, "i", i, "pad", "p".repeat(i % 200)));
                    }
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
            pool.shutdown();
        }
        List<String> lines = allLines(f);
        Map<String, Integer> seen = new HashMap<>();
        for (String line : lines) {
            JsonNode n = Json.MAPPER.readTree(line); // throws on a torn or glued line
            assertThat(n.get("pad").asText()).hasSize(n.get("i").asInt() % 200);
            seen.merge(n.get("thread").asInt() + "/" + n.get("i").asInt(), 1, Integer::sum);
        }
        assertThat(seen).hasSize(threads * each).allSatisfy((k, count) -> assertThat(count).as(k).isEqualTo(1));
        assertThat(LogRotation.older(f, 10)).as("rotated many times").exists();
        for (int n = 1; Files.exists(LogRotation.older(f, n)); n++) {
            assertThat(Files.size(LogRotation.older(f, n))).isLessThanOrEqualTo(FOUR_KIB);
        }
    }

    @Test
    void files_older_than_logs_keep_are_deleted_and_the_kept_ones_hold_the_newest_lines_in_order() throws Exception {
        Path f = dir.resolve("out.ndjson");
        try (NdjsonAppender appender = appender(FOUR_KIB, 2)) {
            for (int i = 0; i < 1000; i++) {
                appender.append(f, Map.of("i", i, "pad", "x".repeat(40)));
            }
        }
        assertThat(LogRotation.older(f, 1)).exists();
        assertThat(LogRotation.older(f, 2)).exists();
        assertThat(LogRotation.older(f, 3)).doesNotExist();
        List<Integer> kept = new ArrayList<>();
        for (String l : allLines(f)) {
            kept.add(Json.MAPPER.readTree(l).get("i").asInt());
        }
        int first = kept.get(0);
        assertThat(first).as("older lines were deleted").isGreaterThan(0);
        assertThat(kept).containsExactlyElementsOf(IntStream.range(first, 1000).boxed().toList());
    }

    @Test
    void an_input_a_follower_folds_is_never_rotated_by_an_append() throws Exception {
        Path f = dir.resolve("requests.ndjson");
        try (NdjsonAppender appender = appender(FOUR_KIB, 5)) {
            appender.followed(f);
            for (int i = 0; i < 500; i++) {
                appender.append(f, Map.of("i", i, "pad", "x".repeat(40)));
            }
        }
        assertThat(LogRotation.older(f, 1)).doesNotExist();
        assertThat(Files.readAllLines(f)).hasSize(500);
    }

    @Test
    void an_input_is_rotated_only_when_its_follower_folded_it_to_the_end() throws Exception {
        Path f = dir.resolve("requests.ndjson");
        try (NdjsonAppender appender = appender(FOUR_KIB, 5)) {
            appender.followed(f);
            for (int i = 0; i < 200; i++) {
                appender.append(f, Map.of("i", i, "pad", "x".repeat(40)));
            }
            long size = Files.size(f);

            assertThat(appender.foldRestThenRotate(f, () -> size - 1)).as("one byte not folded").isFalse();
            assertThat(LogRotation.older(f, 1)).doesNotExist();

            assertThat(appender.foldRestThenRotate(f, () -> size)).isTrue();
            assertThat(Files.size(LogRotation.older(f, 1))).isEqualTo(size);
            appender.append(f, Map.of("i", 200));
            assertThat(Files.readAllLines(f)).containsExactly("{\"i\":200}");
        }
    }

    @Test
    void an_input_under_the_limit_is_not_read_again_to_rotate_it() {
        Path f = dir.resolve("requests.ndjson");
        try (NdjsonAppender appender = appender(FOUR_KIB, 5)) {
            appender.followed(f);
            appender.append(f, Map.of("i", 1));
            assertThat(appender.foldRestThenRotate(f, () -> {
                throw new AssertionError("folded although the file is small");
            })).isFalse();
        }
    }

    @Test
    void with_logs_rotate_inputs_false_an_input_is_never_rotated() throws Exception {
        Path f = dir.resolve("requests.ndjson");
        try (NdjsonAppender appender = new NdjsonAppender(NamedFolders.NONE, new LogRotation(FOUR_KIB, 5, false))) {
            appender.followed(f);
            for (int i = 0; i < 200; i++) {
                appender.append(f, Map.of("i", i, "pad", "x".repeat(40)));
            }
            long size = Files.size(f);
            assertThat(appender.foldRestThenRotate(f, () -> size)).isFalse();
        }
        assertThat(LogRotation.older(f, 1)).doesNotExist();
    }

    @Test
    void the_history_tail_goes_on_in_the_rotated_files_and_reads_each_line_once() throws Exception {
        Path f = dir.resolve("slo_budget.ndjson");
        try (NdjsonAppender appender = appender(FOUR_KIB, 5)) {
            for (int i = 0; i < 300; i++) {
                appender.append(f, Map.of("i", i, "pad", "x".repeat(40)));
            }
        }
        assertThat(LogRotation.older(f, 2)).exists();
        long inCurrent = Files.readAllLines(f).size();
        int n = (int) inCurrent + 100;
        List<Integer> tail = NdjsonTail.last(f, n).stream().map(l -> l.get("i").asInt()).toList();
        assertThat(tail).containsExactlyElementsOf(IntStream.range(300 - n, 300).boxed().toList());
    }

    @Test
    void the_history_tail_right_after_a_rotation_reads_the_rotated_file() throws Exception {
        Path f = dir.resolve("slo_budget.ndjson");
        Files.writeString(LogRotation.older(f, 1), "{\"i\":1}\n{\"i\":2}\n");
        assertThat(NdjsonTail.last(f, 5)).extracting(l -> l.get("i").asInt()).containsExactly(1, 2);
    }

    @ParameterizedTest(name = "LOGS_MAX_MB={0} LOGS_KEEP={1} is refused: {3}")
    @CsvSource({"abc, 5, LOGS_MAX_MB, is not a number", "0, 5, LOGS_MAX_MB, must be greater than 0",
            "0.0001, 5, LOGS_MAX_MB, out of range", "100, 0, LOGS_KEEP, out of range", "100, many, LOGS_KEEP, not a whole number"})
    void a_bad_rotation_setting_stops_start_up_naming_the_variable(String maxMb, String keep, String variable, String problem) {
        Settings s = new Settings(Map.of("LOGS_MAX_MB", maxMb, "LOGS_KEEP", keep, "LOGS_ROTATE_INPUTS", "true")::get);
        assertThatThrownBy(() -> LogRotation.from(s)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ": ").hasMessageContaining(problem);
    }

    @Test
    void a_fraction_of_a_megabyte_is_allowed_so_small_disks_and_tests_rotate_early() {
        Settings s = new Settings(Map.of("LOGS_MAX_MB", "0.5", "LOGS_KEEP", "3", "LOGS_ROTATE_INPUTS", "false")::get);
        assertThat(LogRotation.from(s)).isEqualTo(new LogRotation(512 * 1024, 3, false));
    }
}
