package app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A health check that is DOWN when the daemon cannot write where it must: the state database
 * or the logs folder. /observe/health on MANAGEMENT_PORT then answers 503 with the reason.
 */
final class WritableCheck extends AbstractHealthCheck {
    private final Supplier<Optional<String>> problem;

    private WritableCheck(String id, Supplier<Optional<String>> problem) {
        super("echopilot", id);
        this.problem = problem;
    }

    static WritableCheck stateDb(StateDb db) {
        return new WritableCheck("state-db", () -> db.writable() ? Optional.empty()
                : Optional.of("the state database (DB_URL) does not accept writes; check the disk and DATA_DIR permissions"));
    }

    static WritableCheck logsFolder(Path logs) {
        return new WritableCheck("logs-folder", () -> folderProblem(logs));
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<String> p = problem.get();
        if (p.isPresent()) {
            builder.message(p.get()).down();
        } else {
            builder.up();
        }
    }

    /** Writes and deletes a probe file: the only test that also holds for root and read-only mounts. */
    static Optional<String> folderProblem(Path folder) {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".health-", ".probe");
            Files.delete(probe);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot write into the logs folder " + folder + " (LOGS_DIR): " + e);
        }
    }
}
