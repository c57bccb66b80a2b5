package base;

import java.nio.file.Path;

/**
 * Where every capability's decisions go: the latest as logs/NAME.json (atomic) and the history
 * as one line appended to logs/NAME.ndjson.
 */
public final class ReportFiles {
    private final Path logsDir;
    private final AtomicJsonWriter latest;
    private final NdjsonAppender history;

    public ReportFiles(Path logsDir, AtomicJsonWriter latest, NdjsonAppender history) {
        this.logsDir = logsDir;
        this.latest = latest;
        this.history = history;
    }

    public void publish(String name, Object report) {
        latest.write(logsDir.resolve(name + ".json"), report);
        history.append(logsDir.resolve(name + ".ndjson"), report);
    }

    public void appendHistory(String name, Object event) {
        history.append(logsDir.resolve(name + ".ndjson"), event);
    }

    public Path file(String fileName) {
        return logsDir.resolve(fileName);
    }
}
