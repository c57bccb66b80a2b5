package requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import base.ReadPositions;
import base.StateDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;

class MinuteLatencyTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:30:00Z");

    @TempDir
    Path dir;

    private static String event(Instant ts, double latencyMs) {
        return "{\"ts\":\"" + ts + "\",\"status\":200,\"latency_ms\":" + latencyMs + "}\n";
    }

    @Test
    void recent_minutes_answer_latency_exactly_and_old_ones_fall_back_to_their_hour() throws Exception {
        Path input = dir.resolve("requests.ndjson");
        Files.writeString(input, event(NOW.minus(Duration.ofHours(8)), 1000)   // 10:30, an old minute
                + event(NOW.minus(Duration.ofMinutes(460)), 1000)               // 10:50, another
                + event(NOW.minus(Duration.ofMinutes(5)), 10)                   // 18:25, a recent minute
                + event(NOW.minus(Duration.ofMinutes(40)), 500));               // 17:50
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"))) {
            RequestLog log = new RequestLog(input, db, new ReadPositions(db, "node-a"), 31, new MutableClock(NOW));
            log.catchUp();
            RequestAggregates agg = log.aggregates();

            long tenMinutesAgo = NOW.minus(Duration.ofMinutes(10)).toEpochMilli();
            assertThat(agg.latencySince(tenMinutesAgo).getTotalCount()).isEqualTo(1);
            assertThat(LatencyHistograms.percentileMs(agg.latencySince(tenMinutesAgo), 95)).isCloseTo(10, org.assertj.core.data.Offset.offset(0.1));

            // 10:45 lies in the old hour 10:00-11:00, whose minutes keep counts only: the whole hour counts
            long quarterTo = NOW.minus(Duration.ofMinutes(465)).toEpochMilli();
            assertThat(agg.latencySince(quarterTo).getTotalCount()).isEqualTo(4);
            assertThat(agg.counts(quarterTo, NOW.toEpochMilli()).total()).as("counts stay per minute").isEqualTo(3);
        }
    }
}
