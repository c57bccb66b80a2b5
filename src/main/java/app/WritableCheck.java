package app;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A health check that is DOWN when the daemon cannot write where it must: the state database,
 * the logs folder (a real write, free space, no NDJSON append failing) or the data folder.
 * /observe/health on MANAGEMENT_PORT then answers 503 with the reason, and UP again once the
 * write succeeds.
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

    static WritableCheck logsFolder(DiskGuard disk) {
        return new WritableCheck("logs-folder", () -> disk.health(DiskGuard.LOGS_DIR, "logs folder"));
    }

    static WritableCheck dataFolder(DiskGuard disk) {
        return new WritableCheck("data-folder", () -> disk.health(DiskGuard.DATA_DIR, "data folder"));
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
}
