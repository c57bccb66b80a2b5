package scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Request event lines as the app appends them to logs/requests.ndjson. */
final class RequestEvents {
    private RequestEvents() {
    }

    static void append(Path home, Instant at, int count, double latencyMs) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("{\"ts\":\"" + at + "\",\"route\":\"/api/chat\",\"status\":200,\"latency_ms\":" + latencyMs + "}");
        }
        Path file = home.resolve("logs/requests.ndjson");
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
