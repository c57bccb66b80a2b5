package app;

import java.nio.file.Path;
import java.time.Clock;

import base.AtomicJsonWriter;
import base.DiskGuard;
import base.EventIntake;
import base.LogRotation;
import base.NamedFolders;
import base.NodeId;
import base.NdjsonAppender;
import base.OwnMetrics;
import base.ReadPositions;
import base.ReportFiles;
import base.Settings;
import base.StateDb;
import org.apache.camel.CamelContext;

/**
 * What every capability is built on: the settings, the clock, the folders, the state database,
 * the one NDJSON appender, the one latest-JSON writer, the one event intake, the daemon's own
 * metrics, and the disk guard (can a record be written now?).
 */
public record Foundation(CamelContext context, Settings settings, Clock clock, Path logs, Path data, StateDb db,
                         NdjsonAppender appender, AtomicJsonWriter jsonWriter, ReportFiles reports,
                         ReadPositions positions, EventIntake intake, OwnMetrics metrics, DiskGuard disk) {

    static Foundation open(CamelContext context, Settings s, Clock clock, Path logs, Path data) {
        StateDb db = new StateDb(dbUrl(s, data));
        NamedFolders folders = new NamedFolders(java.util.Map.of(DiskGuard.LOGS_DIR, logs, DiskGuard.DATA_DIR, data));
        NdjsonAppender appender = new NdjsonAppender(folders, LogRotation.from(s));
        AtomicJsonWriter jsonWriter = new AtomicJsonWriter(folders);
        return new Foundation(context, s, clock, logs, data, db, appender, jsonWriter,
                new ReportFiles(logs, AtomicJsonWriter.reports(folders), appender), new ReadPositions(db, NodeId.inputsOwner(s)), new EventIntake(appender),
                OwnMetrics.in(context.getRegistry()), new DiskGuard(folders, appender));
    }

    /** DB_URL, or SQLite in DATA_DIR when it is unset. */
    static String dbUrl(Settings s, Path data) {
        return s.text("DB_URL", "jdbc:sqlite:" + data.resolve("echopilot.db"));
    }

    /** Binds a bean under the name the YAML routes use. */
    public void bind(String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }
}
