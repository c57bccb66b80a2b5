package support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real daemon (Camel Main, application.properties, YAML routes, platform-http) on free
 * loopback ports, with its logs and data in a temporary folder. Tests override only what this
 * machine lacks or what they steer: ports, folders, the clock, a timer period, a server address.
 */
public final class RunningDaemon implements AutoCloseable {
    public static final String KEY = "test-dash-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Main main = new Main();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path home;
    private int port;

    public RunningDaemon(Path home) {
        this.home = home;
        set("HTTP_HOST", "127.0.0.1");
        set("HTTP_PORT", String.valueOf(freePort()));
        set("MANAGEMENT_PORT", String.valueOf(freePort()));
        set("LOGS_DIR", home.resolve("logs").toString());
        set("DATA_DIR", home.resolve("data").toString());
        set("DASHBOARD_KEY", KEY);
        // timers fire once at start; tests trigger further runs themselves
        for (String timer : new String[] {"SLO_INTERVAL", "INCIDENT_INTERVAL", "COST_INTERVAL", "SCALE_INTERVAL"}) {
            set(timer, "1h");
        }
    }

    public RunningDaemon set(String name, String value) {
        settings.put(name, value);
        return this;
    }

    /**
     * Both channels on, against the local fakes: Telegram at {@code telegram}, mail to GreenMail's
     * port in clear text (GreenMail speaks no STARTTLS; MailSecurityTest covers TLS), and short retries.
     */
    public RunningDaemon paging(FakeTelegram telegram, int smtpPort) {
        return set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN).set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT)
                .set("TELEGRAM_API_BASE_URL", telegram.baseUrl())
                .set("SMTP_HOST", "127.0.0.1").set("SMTP_PORT", String.valueOf(smtpPort)).set("SMTP_TLS", "none")
                .set("SMTP_FROM", "pager@example.com").set("ALERT_EMAIL_TO", "oncall@example.com")
                .set("NOTIFY_MAX_ATTEMPTS", "3").set("NOTIFY_BACKOFF_MS", "50");
    }

    public RunningDaemon clock(Clock clock) {
        main.bind("clock", clock);
        return this;
    }

    public RunningDaemon start() throws Exception {
        settings.forEach(main::addOverrideProperty);
        app.Daemon.routesFrom(settings.get("ROUTES_DIR"), main); // as the daemon reads its environment
        port = Integer.parseInt(settings.get("HTTP_PORT"));
        main.start();
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path data() {
        return home.resolve("data");
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return Integer.parseInt(settings.get("MANAGEMENT_PORT"));
    }

    /** Sends a message through a direct: route and returns what it answered. */
    public Object call(String directRoute, Object body) {
        return context().createProducerTemplate().requestBody("direct:" + directRoute, body);
    }

    /**
     * Waits until the pager has nothing in flight or pending (the summary's pages_pending is 0), so
     * that "nothing was sent" is checked after any page would have gone out, not while it is on its way.
     */
    public void awaitPagerQuiet() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> postJson("/api/incidents/summary", "").json().path("summary").path("pages_pending").asLong() == 0);
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("X-Dash-Key", KEY).GET().build());
    }

    public Reply post(String path, String contentType, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("X-Dash-Key", KEY)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Reply postJson(String path, String body) throws IOException, InterruptedException {
        return post(path, "application/json", body);
    }

    public Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.body(), r.headers().map());
    }

    /** An HTTP answer; {@link #json()} parses the body. */
    public record Reply(int status, byte[] body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public String readLog(String name) throws IOException {
        return Files.readString(logs().resolve(name));
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
