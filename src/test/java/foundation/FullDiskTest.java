package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.RunningDaemon;

/**
 * The daemon on a real full disk: LOGS_DIR (or DATA_DIR) on a small tmpfs that the test fills.
 * A full tmpfs still takes the bytes that fit in the last page of a file, then refuses the rest:
 * exactly the torn write this guards against. Runs where ECHOPILOT_TEST_FULL_DISK names such a
 * mount (.ci/run mounts a 2 MiB tmpfs at /tmp/echopilot-fulldisk when it runs as root).
 */
@EnabledIfEnvironmentVariable(named = "ECHOPILOT_TEST_FULL_DISK", matches = ".+")
class FullDiskTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:00:00Z");
    /** Refuse to fill anything larger: the variable must name a small scratch mount, never a real disk. */
    static final long MAX_DISK_BYTES = 64L << 20;
    /** A line that holds one object and then more (a record glued to another) must not pass as whole. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path home;
    Path onSmallDisk;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void scratchFolderOnTheSmallDisk() throws IOException {
        Path mount = Path.of(System.getenv("ECHOPILOT_TEST_FULL_DISK"));
        long size = Files.getFileStore(mount).getTotalSpace();
        assertThat(size).as("ECHOPILOT_TEST_FULL_DISK=%s must be a small scratch mount (mount -t tmpfs -o size=2m tmpfs %s),"
                + " not a disk of %d bytes: this test fills it", mount, mount, size).isLessThanOrEqualTo(MAX_DISK_BYTES);
        onSmallDisk = Files.createTempDirectory(mount, "run-");
    }

    @AfterEach
    void freeTheSmallDisk() throws IOException {
        try (Stream<Path> files = Files.walk(onSmallDisk)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void on_a_full_logs_disk_ingest_is_refused_with_507_nothing_is_counted_or_torn_health_is_down_and_all_recovers() throws Exception {
        Path logs = onSmallDisk.resolve("logs");
        try (RunningDaemon d = new RunningDaemon(home).clock(new MutableClock(NOW)).set("LOGS_DIR", logs.toString()).start()) {
            // the first runs are done (the next are an hour away), so what follows is only what the test does
            await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of("slo_budget.json", "costs.json", "autoscale.json",
                    "incident_summary.json").allMatch(f -> Files.exists(logs.resolve(f))));
            assertThat(d.post("/api/metrics/requests", "application/x-ndjson", requests(2)).status()).isEqualTo(200);
            assertThat(d.post("/api/costs/usage", "application/x-ndjson", usage(1)).status()).isEqualTo(200);
            assertThat(health(d).statusCode()).isEqualTo(200);

            Path filler = fill(logs);

            // each batch is larger than what is left in the last page of its file: part of it lands, then the disk refuses
            RunningDaemon.Reply requests = d.post("/api/metrics/requests", "application/x-ndjson", requests(8));
            assertFullDiskRefusal(requests);
            RunningDaemon.Reply spend = d.post("/api/costs/usage", "application/x-ndjson", usage(20));
            assertFullDiskRefusal(spend);
            RunningDaemon.Reply raise = d.postJson("/api/incidents/raise",
                    "{\"severity\":\"INFO\",\"msg\":\"" + "disk full test ".repeat(200) + "\",\"source\":\"test\"}");
            assertThat(raise.status()).as(raise.text()).isIn(503, 507);
            assertThat(raise.json().get("ok").asBoolean()).isFalse();
            assertThat(raise.json().get("error").asText()).contains("LOGS_DIR");
            RunningDaemon.Reply warning = d.postJson("/api/incidents/raise",
                    "{\"severity\":\"WARNING\",\"msg\":\"" + "disk full test ".repeat(200) + "\",\"source\":\"full-disk\"}");
            assertThat(warning.status()).as(warning.text()).isIn(503, 507);
            assertThat(d.get("/api/incidents?status=all").json().get("incidents").findValuesAsText("source"))
                    .as("a raise taken back is not counted on an incident either").doesNotContain("full-disk");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> h = health(d);
                assertThat(h.statusCode()).isEqualTo(503);
                assertThat(h.body()).contains("\"status\":\"DOWN\"").contains("the disk under LOGS_DIR is full");
            });
            assertEveryLineParses(logs);
            assertThat(Files.readAllLines(logs.resolve("requests.ndjson"))).hasSize(2);
            assertThat(Files.readAllLines(logs.resolve("ai_usage.ndjson"))).hasSize(1);
            d.postJson("/api/slo/refresh", ""); // folds what the file holds; publishing the result may fail, the count may not change
            assertThat(d.get("/api/slo/budget").json().at("/data/total_requests").asInt()).isEqualTo(2);
            assertThat(spent(d)).isEqualByComparingTo("0.01");

            Files.delete(filler);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> h = health(d);
                assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
            });
            RunningDaemon.Reply again = d.post("/api/metrics/requests", "application/x-ndjson", requests(8));
            assertThat(again.status()).as(again.text()).isEqualTo(200);
            assertThat(again.json().get("accepted").asInt()).isEqualTo(8);
            assertThat(d.post("/api/costs/usage", "application/x-ndjson", usage(20)).status()).isEqualTo(200);
            assertThat(d.postJson("/api/slo/refresh", "").json().at("/data/total_requests").asInt()).isEqualTo(10);
            assertThat(spent(d)).isEqualByComparingTo("0.21");
            assertEveryLineParses(logs);
        }
    }

    @Test
    void health_is_down_while_the_data_disk_is_full_and_up_again_once_space_is_freed() throws Exception {
        Path data = onSmallDisk.resolve("data");
        try (RunningDaemon d = new RunningDaemon(home).clock(new MutableClock(NOW)).set("DATA_DIR", data.toString()).start()) {
            assertThat(health(d).statusCode()).isEqualTo(200);
            Path filler = fill(data);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> h = health(d);
                assertThat(h.statusCode()).isEqualTo(503);
                assertThat(h.body()).contains("data-folder").contains("the disk under DATA_DIR is full");
            });
            Files.delete(filler);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> h = health(d);
                assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
            });
        }
    }

    private static void assertFullDiskRefusal(RunningDaemon.Reply r) {
        assertThat(r.status()).as(r.text()).isEqualTo(507);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.json().get("error").asText()).startsWith("the disk under LOGS_DIR is full (")
                .endsWith("); free space, nothing was recorded");
    }

    /** Writes into the folder until the disk refuses even one more byte; returns the file to delete to free it. */
    private static Path fill(Path folder) throws IOException {
        Path filler = Files.createDirectories(folder).resolve("filler");
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int chunk = 64 << 10; chunk > 0; chunk /= 2) {
                try {
                    while (true) {
                        ByteBuffer b = ByteBuffer.allocate(chunk);
                        while (b.hasRemaining()) {
                            ch.write(b);
                        }
                    }
                } catch (IOException full) {
                    // no room for this chunk: try a smaller one, down to a byte
                }
            }
        }
        assertThat(Files.getFileStore(folder).getUsableSpace()).as("the small disk is full").isZero();
        return filler;
    }

    /** n request events of about 600 bytes each: a batch of 8 is larger than a page. */
    private static String requests(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"ts\":\"2025-10-20T17:").append(String.format("%02d", 10 + i)).append(":00Z\",\"route\":\"/api/chat/")
                    .append("x".repeat(520)).append("\",\"status\":200,\"latency_ms\":100}\n");
        }
        return sb.toString();
    }

    /** n usage events of 0.01 USD and about 300 bytes each: a batch of 20 is larger than a page. */
    private static String usage(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add("{\"ts\":\"2025-10-20T17:00:00Z\",\"model\":\"gpt-4o\",\"cost_usd\":0.01,\"note\":\"" + "y".repeat(240) + "\"}");
        }
        return String.join("\n", lines) + "\n";
    }

    private static BigDecimal spent(RunningDaemon d) throws Exception {
        return d.get("/api/costs/status").json().at("/data/total_spent_usd").decimalValue();
    }

    private HttpResponse<String> health(RunningDaemon d) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.managementPort()
                + "/observe/health?exposureLevel=full")).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertEveryLineParses(Path logs) throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    assertThat(JSON.readTree(line).isObject()).as("%s: %s", f.getFileName(), line).isTrue();
                }
            }
        }
    }
}
