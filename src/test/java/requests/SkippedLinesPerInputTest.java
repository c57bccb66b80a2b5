package requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import base.InputFollower;
import base.ReadPositions;
import base.StateDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;

/** The count of invalid lines belongs to the requests file: kept with its read position, whoever reads. */
class SkippedLinesPerInputTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:00:00Z");
    static final String GOOD = "{\"ts\":\"2025-10-20T17:59:00Z\",\"status\":200,\"latency_ms\":100}\n";

    @TempDir
    Path dir;

    private Path input() {
        return dir.resolve("requests.ndjson");
    }

    private void append(String text) throws IOException {
        Files.writeString(input(), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String bad(int n) {
        return "not an event\n".repeat(n);
    }

    private RequestLog log(StateDb db) {
        return new RequestLog(input(), db, new ReadPositions(db, "node-a"), 31, new MutableClock(NOW));
    }

    @Test
    void a_catch_up_that_reads_nothing_new_still_reports_the_lines_skipped_before() throws Exception {
        append(GOOD + bad(5) + GOOD);
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"))) {
            RequestLog log = log(db);
            InputFollower.CatchUp first = log.catchUp();
            assertThat(first.skipped()).isEqualTo(5);
            assertThat(first.skippedSinceStart()).isEqualTo(5);

            InputFollower.CatchUp second = log.catchUp();
            assertThat(second.lines()).isZero();
            assertThat(second.skipped()).isZero();
            assertThat(second.skippedSinceStart()).isEqualTo(5);

            append(bad(2));
            assertThat(log.catchUp().skippedSinceStart()).isEqualTo(7);
        }
    }

    @Test
    void the_count_survives_a_restart_and_starts_again_when_the_file_is_truncated() throws Exception {
        append(bad(3) + GOOD);
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"))) {
            log(db).catchUp();
        }
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"))) {
            RequestLog restarted = log(db);
            assertThat(restarted.catchUp().skippedSinceStart()).isEqualTo(3);

            // rotated or truncated: the old lines are gone, so are their skips
            Files.writeString(input(), bad(1));
            InputFollower.CatchUp reread = restarted.catchUp();
            assertThat(reread.restarted()).isTrue();
            assertThat(reread.skippedSinceStart()).isEqualTo(1);
        }
    }

    @Test
    void a_large_backlog_read_in_several_batches_counts_every_skipped_line_once() throws Exception {
        // more hours than one batch holds (1024 histograms), with invalid lines in every batch
        StringBuilder text = new StringBuilder();
        Instant t = NOW.minusSeconds(90L * 24 * 3600);
        for (int h = 0; h < 2000; h++) {
            text.append("{\"ts\":\"").append(t.plusSeconds(3600L * h)).append("\",\"status\":200,\"latency_ms\":5}\n");
            if (h % 100 == 0) {
                text.append("[\"not\",\"an\",\"event\"]\n");
            }
        }
        append(text.toString());
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"))) {
            InputFollower.CatchUp read = new RequestLog(input(), db, new ReadPositions(db, "node-a"), 91, new MutableClock(NOW)).catchUp();
            assertThat(read.skipped()).isEqualTo(20);
            assertThat(read.skippedSinceStart()).isEqualTo(20);
        }
    }
}
