package requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import base.InputFollower;
import base.ReadPositions;
import base.StateDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;

/** A backlog read on two threads folds into exactly the aggregates of the one-thread read. */
class SplitCatchUpTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:30:00Z");

    @TempDir
    Path dir;

    /**
     * 60 days of events, a few per hour and many in the last hours (which keep minute latencies):
     * more than one batch of histograms, so both halves fill up and the catch-up saves several times.
     */
    private Path backlog() throws Exception {
        Random rnd = new Random(7);
        StringBuilder text = new StringBuilder();
        Instant t = NOW.minus(Duration.ofDays(60));
        int i = 0;
        while (t.isBefore(NOW)) {
            int status = rnd.nextInt(100) < 3 ? 503 : 200;
            double latency = Math.round(rnd.nextDouble() * 50_000) / 10.0;
            String ts = i % 3 == 0 ? "\"" + t + "\"" : i % 3 == 1 ? String.valueOf(t.toEpochMilli()) : t.getEpochSecond() + ".5";
            text.append("{\"ts\":").append(ts).append(",\"status\":").append(status)
                    .append(",\"latency_ms\":").append(latency).append("}\n");
            if (i % 97 == 0) {
                text.append("{\"ts\":\"yesterday\",\"latency_ms\":1}\n[1,2]\n{\"ts\":").append(t.toEpochMilli())
                        .append(",\"latency_ms\":3,\"error\":{\"code\":\"x\"}}\n");
            }
            boolean recent = t.isAfter(NOW.minus(Duration.ofHours(8)));
            t = t.plusSeconds(recent ? 1 + rnd.nextInt(20) : 600 + rnd.nextInt(600));
            i++;
        }
        text.append("{\"ts\":\"").append(NOW).append("\",\"status\":200,"); // torn last line
        Path input = dir.resolve("requests.ndjson");
        Files.writeString(input, text);
        return input;
    }

    private record Read(InputFollower.CatchUp catchUp, List<String> rows) {
    }

    private Read catchUp(Path input, String name, long splitBytes) throws Exception {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve(name + ".db"))) {
            RequestLog log = new RequestLog(input, db, new ReadPositions(db, "node-a"), 90, new MutableClock(NOW), splitBytes);
            InputFollower.CatchUp read = log.catchUp();
            List<String> rows = new ArrayList<>();
            db.inTransaction(c -> {
                for (String table : List.of("request_minutes", "request_hours")) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT bucket_start, total, failures, latency FROM "
                            + table + " ORDER BY bucket_start"); ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(table + " " + rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getLong(3) + " "
                                    + Arrays.hashCode(rs.getBytes(4)) + "/" + rs.getBytes(4).length);
                        }
                    }
                }
                return null;
            });
            rows.add("position " + new ReadPositions(db, "node-a").load(new ReadPositions.Input("requests", input)));
            return new Read(read, rows);
        }
    }

    @Test
    void a_backlog_read_on_two_threads_gives_exactly_the_aggregates_and_position_of_one_thread() throws Exception {
        Path input = backlog();
        Read one = catchUp(input, "one", Long.MAX_VALUE);
        Read two = catchUp(input, "two", 64 << 10);

        assertThat(one.catchUp().skipped()).isGreaterThan(0);
        assertThat(one.rows()).anyMatch(r -> r.startsWith("request_minutes") && !r.endsWith("/0"));
        assertThat(one.rows().stream().filter(r -> r.startsWith("request_hours")).count())
                .as("more hours than one batch holds").isGreaterThan(1024);
        assertThat(two.catchUp()).isEqualTo(one.catchUp());
        assertThat(two.rows()).isEqualTo(one.rows());
    }
}
