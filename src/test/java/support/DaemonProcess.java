package support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The daemon as operators run it: its own JVM (app.App or app.Once), configured by environment
 * variables only, with logs and data in the test's folder. {@link #start()} leaves it running;
 * {@link #run} waits for the exit and returns what it printed.
 */
public final class DaemonProcess implements AutoCloseable {
    public final Path home;
    public final Map<String, String> env = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    public DaemonProcess(Path home) {
        this.home = home;
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", String.valueOf(RunningDaemon.freePort()));
        env.put("MANAGEMENT_PORT", String.valueOf(RunningDaemon.freePort()));
        env.put("LOGS_DIR", home.resolve("logs").toString());
        env.put("DATA_DIR", home.resolve("data").toString());
        env.put("DASHBOARD_KEY", RunningDaemon.KEY);
        for (String timer : new String[] {"SLO_INTERVAL", "INCIDENT_INTERVAL", "COST_INTERVAL", "SCALE_INTERVAL"}) {
            env.put(timer, "1h");
        }
    }

    /** What a finished process printed and how it ended. */
    public record Finished(int exitCode, String out, String err) {
    }

    /** Runs a main class to its exit (at most 90 s) with these variables on top of the defaults. */
    public static Finished run(Path home, Map<String, String> env, String mainClass, String... args) throws Exception {
        DaemonProcess p = new DaemonProcess(home);
        p.env.putAll(env);
        p.launch(mainClass, args);
        if (!p.process.waitFor(90, TimeUnit.SECONDS)) {
            p.process.destroyForcibly();
            throw new AssertionError(mainClass + " did not exit within 90 s");
        }
        return new Finished(p.process.exitValue(), p.stdout(), p.stderr());
    }

    public DaemonProcess set(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Starts the daemon (app.App) and leaves it running until {@link #close()}. */
    public DaemonProcess start() throws IOException {
        launch("app.App");
        return this;
    }

    private void launch(String mainClass, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        // the operator's own secrets and channels never leak into a test's daemon
        pb.environment().keySet().removeIf(k -> k.startsWith("PORTAL_") || k.startsWith("TELEGRAM_") || k.startsWith("SMTP_")
                || k.startsWith("ROUTES_") || k.equals("DB_URL"));
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(home.resolve("stdout.log").toFile());
        pb.redirectError(home.resolve("stderr.log").toFile());
        process = pb.start();
    }

    public Process process() {
        return process;
    }

    public String stdout() throws IOException {
        return Files.readString(home.resolve("stdout.log"), StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(home.resolve("stderr.log"), StandardCharsets.UTF_8);
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("HTTP_PORT") + path))
                .header("X-Dash-Key", RunningDaemon.KEY).timeout(Duration.ofSeconds(20));
        if (body != null) {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> management(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("MANAGEMENT_PORT") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
