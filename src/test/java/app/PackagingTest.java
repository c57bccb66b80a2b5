package app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.DaemonProcess;

/** The daemon as a process: ports, start-up banner, SIGTERM during load, routes edited on disk. */
class PackagingTest {
    @TempDir
    Path home;

    @Test
    void a_taken_http_port_stops_start_up_with_one_line_naming_http_port() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (DaemonProcess d = new DaemonProcess(home).set("HTTP_PORT", String.valueOf(taken.getLocalPort())).start()) {
                assertThat(d.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(d.process().exitValue()).isEqualTo(2);
                assertThat(d.stderr()).contains("echopilot: cannot start: HTTP_PORT: port " + taken.getLocalPort()
                        + " on 127.0.0.1 is already in use");
            }
        }
    }

    @Test
    void a_taken_management_port_names_management_port() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (DaemonProcess d = new DaemonProcess(home).set("MANAGEMENT_PORT", String.valueOf(taken.getLocalPort())).start()) {
                assertThat(d.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(d.process().exitValue()).isEqualTo(2);
                assertThat(d.stderr()).contains("echopilot: cannot start: MANAGEMENT_PORT: port " + taken.getLocalPort());
            }
        }
    }

    @Test
    void sigterm_during_ingest_leaves_only_whole_ndjson_lines_and_keeps_every_acknowledged_event() throws Exception {
        AtomicLong acknowledged = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(2);
        try (DaemonProcess d = new DaemonProcess(home).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(d.logs().resolve("slo_budget.json")));
            String batch = IntStream.range(0, 500).mapToObj(i -> "{\"ts\":" + (System.currentTimeMillis() - i)
                    + ",\"route\":\"/api/chat\",\"status\":200,\"latency_ms\":" + (100 + i) + "}").collect(Collectors.joining("\n"));
            for (int t = 0; t < 2; t++) {
                load.submit(() -> {
                    while (!stop.get()) {
                        try {
                            HttpResponse<String> r = d.send("POST", "/api/metrics/requests", "application/x-ndjson", batch);
                            if (r.statusCode() == 200) {
                                acknowledged.addAndGet(500);
                            }
                        } catch (Exception e) {
                            return null; // the daemon has gone: the load ends
                        }
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= 5000);
            d.process().destroy(); // SIGTERM, as systemd sends it
            assertThat(d.process().waitFor(45, TimeUnit.SECONDS)).as("stops within the shutdown timeout").isTrue();
            stop.set(true);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            byte[] bytes = Files.readAllBytes(d.logs().resolve("requests.ndjson"));
            assertThat(bytes[bytes.length - 1]).as("the file ends with a whole line").isEqualTo((byte) '\n');
            List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                assertThat(json.readTree(line).has("latency_ms")).as(line).isTrue();
            }
            assertThat((long) lines.size()).isGreaterThanOrEqualTo(acknowledged.get());
        } finally {
            stop.set(true);
            load.shutdownNow();
        }
    }

    @Test
    void the_start_up_banner_names_the_urls_and_where_the_generated_key_is() throws Exception {
        DaemonProcess d = new DaemonProcess(home);
        d.env.remove("DASHBOARD_KEY");
        try (d) {
            d.start();
            String port = d.env.get("HTTP_PORT");
            await().atMost(Duration.ofSeconds(60)).until(() -> d.stderr().contains("EchoPilot Reliability is running"));
            assertThat(d.stderr()).contains("dashboard  http://127.0.0.1:" + port + "/dashboard")
                    .contains("health     http://127.0.0.1:" + d.env.get("MANAGEMENT_PORT") + "/observe/health")
                    .contains("generated for this run, printed once above")
                    .contains("DASHBOARD_KEY is not set; generated a key for this run only: ");
        }
    }

    @Test
    void an_edited_route_file_in_routes_dir_is_reloaded_and_takes_effect() throws Exception {
        Path routes = Files.createDirectories(home.resolve("routes"));
        try (Stream<Path> yaml = Files.list(Path.of("src/main/resources/routes"))) {
            for (Path p : yaml.collect(Collectors.toList())) {
                Files.copy(p, routes.resolve(p.getFileName()));
            }
        }
        Path slo = routes.resolve("slo.camel.yaml");
        // a flow only this folder has: it runs only if the routes come from ROUTES_DIR
        Files.writeString(routes.resolve("operator.camel.yaml"), "- route:\n    id: operator-extra\n    from:\n"
                + "      uri: direct:operator-extra\n      steps:\n        - log: \"operator flow\"\n");
        try (DaemonProcess d = new DaemonProcess(home).set("ROUTES_DIR", routes.toString()).set("ROUTES_RELOAD", "true").start()) {
            Path history = d.logs().resolve("slo_budget.ndjson");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(history) && lines(history) >= 1);
            // the timer runs hourly (SLO_INTERVAL=1h); the operator makes it run every 300 ms
            String edited = Files.readString(slo).replace("period: \"{{SLO_INTERVAL}}\"", "period: \"300\"");
            assertThat(edited).contains("period: \"300\"");
            Files.writeString(slo, edited);
            await().atMost(Duration.ofSeconds(40)).until(() -> lines(history) >= 10);
            assertThat(d.management("/observe/health?exposureLevel=full").body()).contains("route:operator-extra");
        }
    }

    private static long lines(Path file) throws java.io.IOException {
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }
}
