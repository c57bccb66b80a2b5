package dashboard;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import support.RunningDaemon;

/** The daemon as operators run it: its own JVM (app.App), configured by environment variables. */
final class DaemonProcess implements AutoCloseable {
    final Path home;
    final Map<String, String> env = new LinkedHashMap<>();
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();

    DaemonProcess(Path home) {
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

    DaemonProcess set(String name, String value) {
        env.put(name, value);
        return this;
    }

    DaemonProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "app.App"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(home.resolve("stdout.log").toFile());
        pb.redirectError(home.resolve("stderr.log").toFile());
        process = pb.start();
        return this;
    }

    Process process() {
        return process;
    }

    String stderr() throws IOException {
        return Files.readString(home.resolve("stderr.log"), StandardCharsets.UTF_8);
    }

    Path logs() {
        return home.resolve("logs");
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("HTTP_PORT") + path))
                .header("X-Dash-Key", RunningDaemon.KEY).timeout(java.time.Duration.ofSeconds(20));
        if (body != null) {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> management(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("MANAGEMENT_PORT") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
