package costs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Usage event lines as the app writes them. */
final class Usage {
    private Usage() {
    }

    static String event(Instant ts, String model, String costUsd) {
        return "{\"ts\":\"" + ts + "\",\"model\":\"" + model + "\",\"cost_usd\":" + costUsd + "}";
    }

    static void append(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
