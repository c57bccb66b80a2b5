package base;

import java.util.Optional;

/**
 * The health checks that are DOWN when the daemon cannot write where it must: the state database,
 * the logs folder (a real write, free space, no NDJSON append failing) or the data folder.
 * /observe/health on MANAGEMENT_PORT then answers 503 with the reason, and UP again once the
 * write succeeds.
 */
public final class WritableCheck {
    private WritableCheck() {
    }

    public static ProblemCheck stateDb(StateDb db) {
        return ProblemCheck.liveness("state-db", () -> db.writable() ? Optional.empty()
                : Optional.of("the state database (DB_URL) does not accept writes; check the disk and DATA_DIR permissions"));
    }

    public static ProblemCheck logsFolder(DiskGuard disk) {
        return ProblemCheck.liveness("logs-folder", () -> disk.health(DiskGuard.LOGS_DIR, "logs folder"));
    }

    public static ProblemCheck dataFolder(DiskGuard disk) {
        return ProblemCheck.liveness("data-folder", () -> disk.health(DiskGuard.DATA_DIR, "data folder"));
    }
}
