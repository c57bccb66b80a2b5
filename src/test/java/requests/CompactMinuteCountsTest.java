package requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import base.ReadPositions;
import base.StateDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;

/** A sparse 30-day backfill stores one row per hour, with the same counts per minute as one row per minute did. */
class CompactMinuteCountsTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:30:00Z");
    static final long MINUTE = RequestAggregates.MINUTE;

    @TempDir
    Path dir;

    private record Event(long t, boolean failed) {
    }

    /** Events every 0-5 minutes (several in some minutes, none in others) from {@code from} to NOW. */
    private static List<Event> sparse(Random rnd, Instant from) {
        List<Event> events = new ArrayList<>();
        long t = from.toEpochMilli();
        while (t < NOW.toEpochMilli()) {
            events.add(new Event(t, rnd.nextInt(100) < 5));
            t += rnd.nextInt(5 * 60_000);
        }
        return events;
    }

    private static void append(Path file, List<Event> events) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Event e : events) {
            text.append("{\"ts\":").append(e.t()).append(",\"status\":").append(e.failed() ? 503 : 200)
                    .append(",\"latency_ms\":").append(e.t() % 997).append("}\n");
        }
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Counted like RequestAggregates#counts: every event whose minute starts in [floor(from), to]. */
    private static long[] count(List<Event> events, long from, long to) {
        long first = Math.floorDiv(from, MINUTE) * MINUTE;
        long total = 0;
        long failures = 0;
        for (Event e : events) {
            long minute = Math.floorDiv(e.t(), MINUTE) * MINUTE;
            if (minute >= first && minute <= to) {
                total++;
                failures += e.failed() ? 1 : 0;
            }
        }
        return new long[] {total, failures};
    }

    private static void assertSameCounts(RequestAggregates agg, List<Event> events) {
        long now = NOW.toEpochMilli();
        long[][] windows = {
            {now - Duration.ofDays(30).toMillis(), now},
            {now - Duration.ofDays(7).toMillis() + 12_345, now - Duration.ofDays(2).toMillis() - 999},
            {now - Duration.ofHours(26).toMillis() + 31_000, now - Duration.ofHours(20).toMillis()},
            {now - Duration.ofHours(7).toMillis() - 7_000, now - Duration.ofHours(5).toMillis() + 7_000},
            {now - Duration.ofMinutes(10).toMillis(), now},
        };
        for (long[] w : windows) {
            long[] expected = count(events, w[0], w[1]);
            assertThat(agg.counts(w[0], w[1])).as("counts in [%s, %s]", Instant.ofEpochMilli(w[0]), Instant.ofEpochMilli(w[1]))
                    .isEqualTo(new RequestAggregates.Counts(expected[0], expected[1]));
        }
        for (long to : new long[] {now, now - Duration.ofHours(6).toMillis() + 90_000, now - Duration.ofDays(12).toMillis() + 5_000}) {
            long[] series = agg.perMinute(to, 600);
            long last = Math.floorDiv(to, MINUTE) * MINUTE;
            for (int i = 0; i < series.length; i++) {
                long minute = last - (long) (series.length - 1 - i) * MINUTE;
                assertThat(series[i]).as("requests in the minute %s", Instant.ofEpochMilli(minute))
                        .isEqualTo(count(events, minute, minute)[0]);
            }
        }
    }

    private static List<Long> starts(StateDb db, String table) {
        return db.inTransaction(c -> {
            List<Long> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT bucket_start FROM " + table + " ORDER BY bucket_start");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getLong(1));
                }
            }
            return rows;
        });
    }

    @Test
    void a_sparse_30_day_backfill_stores_one_row_per_hour_and_the_same_counts_per_minute() throws Exception {
        Random rnd = new Random(11);
        List<Event> events = sparse(rnd, NOW.minus(Duration.ofDays(30)));
        Path input = dir.resolve("requests.ndjson");
        append(input, events);
        Path state = dir.resolve("state.db");

        try (StateDb db = new StateDb("jdbc:sqlite:" + state)) {
            RequestLog log = new RequestLog(input, db, new ReadPositions(db, "node-a"), 31, new MutableClock(NOW), 64 << 10);
            log.catchUp();

            TreeSet<Long> hours = new TreeSet<>();
            TreeSet<Long> recentMinutes = new TreeSet<>();
            long minuteLatencyFrom = NOW.toEpochMilli() - RequestLog.MINUTE_LATENCY_KEPT;
            for (Event e : events) {
                hours.add(Math.floorDiv(e.t(), RequestAggregates.HOUR) * RequestAggregates.HOUR);
                long minute = Math.floorDiv(e.t(), MINUTE) * MINUTE;
                if (minute >= minuteLatencyFrom) {
                    recentMinutes.add(minute);
                }
            }
            assertThat(starts(db, "request_hours")).as("one row per hour with events").containsExactlyElementsOf(hours);
            assertThat(starts(db, "request_minutes")).as("minute rows only where minutes keep latencies")
                    .containsExactlyElementsOf(recentMinutes).hasSizeLessThanOrEqualTo(360);
            assertSameCounts(log.aggregates(), events);
        }

        // a restart loads the minute counts from the hour rows; a later catch-up adds to stored hours
        List<Event> late = new ArrayList<>();
        for (Event e : sparse(new Random(12), NOW.minus(Duration.ofDays(30)))) {
            if (rnd.nextInt(4) == 0) {
                late.add(e);
            }
        }
        try (StateDb db = new StateDb("jdbc:sqlite:" + state)) {
            RequestLog log = new RequestLog(input, db, new ReadPositions(db, "node-a"), 31, new MutableClock(NOW));
            assertSameCounts(log.aggregates(), events);
            append(input, late);
            log.catchUp();
            List<Event> all = new ArrayList<>(events);
            all.addAll(late);
            assertSameCounts(log.aggregates(), all);
            assertSameCounts(new RequestLog(input, db, new ReadPositions(db, "node-a"), 31, new MutableClock(NOW)).aggregates(), all);
        }
    }

    @Test
    void a_state_db_from_before_the_minute_counts_is_rebuilt_from_the_input_at_start() throws Exception {
        List<Event> events = sparse(new Random(13), NOW.minus(Duration.ofDays(3)));
        Path input = dir.resolve("requests.ndjson");
        append(input, events);
        String url = support.OlderDatabase.write(dir.resolve("old.db"),
                "CREATE TABLE request_hours (bucket_start BIGINT PRIMARY KEY,"
                        + " total BIGINT NOT NULL, failures BIGINT NOT NULL, latency BYTEA NOT NULL)",
                "INSERT INTO request_hours VALUES (0, 999, 999, x'00')",
                "CREATE TABLE request_minutes (bucket_start BIGINT PRIMARY KEY,"
                        + " total BIGINT NOT NULL, failures BIGINT NOT NULL, latency BYTEA NOT NULL)",
                "INSERT INTO request_minutes VALUES (0, 999, 999, x'00')",
                "CREATE TABLE read_positions (input VARCHAR(64) PRIMARY KEY, file_key VARCHAR(256) NOT NULL,"
                        + " head_hash BIGINT NOT NULL, head_length INTEGER NOT NULL, byte_offset BIGINT NOT NULL)",
                "INSERT INTO read_positions VALUES ('requests', 'old', 1, 1, " + Files.size(input) + ")");
        try (StateDb db = new StateDb(url)) {
            RequestLog log = new RequestLog(input, db, new ReadPositions(db, "node-a"), 31, new MutableClock(NOW));
            log.catchUp();
            assertThat(starts(db, "request_hours")).doesNotContain(0L);
            assertSameCounts(log.aggregates(), events);
        }
    }
}
