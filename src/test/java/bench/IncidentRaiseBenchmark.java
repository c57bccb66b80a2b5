package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Recorder;
import support.RunningDaemon;

/**
 * Raises per second over loopback HTTP, and p99 latency. Every raise is acknowledged only after
 * it is in logs/incidents.ndjson and, when it was queued, its fingerprint is in the state DB;
 * the run checks both counts at the end. Mix: 90 % new WARNING/ERROR fingerprints (digest queue +
 * dedup write), 10 % repeats (suppressed). A Telegram channel is configured (never reached: the
 * digest run is not due), so every new raise really is queued and deduplicated.
 * Run: mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=bench.IncidentRaiseBenchmark
 * Arguments (optional): clients seconds. -Dbench.baseline=true measures GET /api/slo/budget instead (the
 * HTTP + API door floor); -Dbench.severity=INFO raises one severity only.
 */
public final class IncidentRaiseBenchmark {
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path home = Files.createTempDirectory("incident-bench");
        try (RunningDaemon d = new RunningDaemon(home).set("TELEGRAM_BOT_TOKEN", "bench:token").set("TELEGRAM_CHAT_ID", "1")
                .set("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9").start()) {
            Thread.sleep(2500);   // let the start-up runs finish
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            run(d, http, clients, 3, "warm", new Recorder(3));
            Recorder latency = new Recorder(3);
            long[] counts = run(d, http, clients, seconds, "run", latency);
            var h = latency.getIntervalHistogram();
            System.out.printf("clients=%d seconds=%d raises=%d (%.0f/s) failed=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
                    clients, seconds, counts[0], counts[0] / (double) seconds, counts[1],
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
            if (Boolean.getBoolean("bench.baseline")) {
                return;
            }
            long lines;
            try (var s = Files.lines(d.logs().resolve("incidents.ndjson"))) {
                lines = s.filter(l -> l.contains("\"event\":\"raise\"")).count();
            }
            long dedup;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + d.data().resolve("echopilot.db"));
                 ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM incident_dedup")) {
                rs.next();
                dedup = rs.getLong(1);
            }
            System.out.printf("check: raise lines in incidents.ndjson=%d (acknowledged %d); fingerprints in incident_dedup=%d%n",
                    lines, ACKED.get(), dedup);
        }
    }

    static final AtomicLong ACKED = new AtomicLong();
    static final AtomicLong SEQ = new AtomicLong();

    private static long[] run(RunningDaemon d, HttpClient http, int clients, int seconds, String tag, Recorder latency) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        URI uri = URI.create(d.url("/api/incidents/raise"));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            Thread th = new Thread(() -> {
                while (!stop.get()) {
                    long n = SEQ.incrementAndGet();
                    long id = n % 10 == 0 ? n - 1 : n;   // every tenth repeats the previous fingerprint
                    String body = "{\"severity\":\"" + (System.getProperty("bench.severity") != null ? System.getProperty("bench.severity") : id % 2 == 0 ? "WARNING" : "ERROR") + "\",\"msg\":\"" + tag
                            + " incident number " + id + "\",\"source\":\"bench\"}";
                    HttpRequest req = Boolean.getBoolean("bench.baseline")
                            ? HttpRequest.newBuilder(URI.create(d.url("/api/slo/budget"))).header("X-Dash-Key", RunningDaemon.KEY).GET().build()
                            : HttpRequest.newBuilder(uri).header("X-Dash-Key", RunningDaemon.KEY)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        latency.recordValue((System.nanoTime() - start) / 1000);
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                            ACKED.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread th : threads) {
            th.join();
        }
        return new long[] {ok.get(), failed.get()};
    }
}
