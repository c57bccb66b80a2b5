package incidents;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import base.NdjsonAppender;
import base.NdjsonTail;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run once at start: makes logs/incidents.ndjson hold a line for every raise the state database
 * holds. A raise is committed first and its line appended next, so a crash in between leaves a
 * stored raise without its line (and a raise whose line could not be written is taken back, so
 * no line is ever without its raise). Only the raises near the newest one can be in that state:
 * the last {@value #RECENT_SECONDS} s before the crash are compared, whatever the history's size.
 */
public final class HistoryReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryReconciler.class);
    static final long RECENT_SECONDS = 60;
    private static final int FIRST_READ = 4096;
    private final RaiseLog raises;
    private final Path history;
    private final NdjsonAppender appender;

    public HistoryReconciler(RaiseLog raises, Path history, NdjsonAppender appender) {
        this.raises = raises;
        this.history = history;
        this.appender = appender;
    }

    /** Appends the missing lines, marked "reconciled"; returns how many. A failure is logged, never fatal. */
    public int reconcile() {
        try {
            return appendMissing();
        } catch (RuntimeException e) {
            LOG.warn("could not compare {} with the state database ({}); raises stored before a crash may lack their line",
                    history, e.getMessage());
            return 0;
        }
    }

    private int appendMissing() {
        long newest = raises.newestTs();
        if (newest < 0) {
            return 0;
        }
        long from = newest - RECENT_SECONDS * 1000;
        Map<String, Integer> logged = loggedSince(from);
        int added = 0;
        for (RaiseLog.Stored r : raises.since(from)) {
            Integer n = logged.get(r.key());
            if (n != null && n > 0) {
                logged.put(r.key(), n - 1);
                continue;
            }
            appender.append(history, line(r));
            added++;
        }
        if (added > 0) {
            LOG.warn("{} raise(s) stored in the state database had no line in {} (a crash between the two writes);"
                    + " wrote them, marked \"reconciled\"", added, history);
        }
        return added;
    }

    /** Raise lines since a time, counted by ts and fingerprint; reads back from the end only as far as needed. */
    private Map<String, Integer> loggedSince(long from) {
        for (int n = FIRST_READ; ; n *= 4) {
            List<JsonNode> lines = NdjsonTail.last(history, n);
            boolean reachedOlder = lines.size() < n || lines.stream().anyMatch(l -> millis(l) >= 0 && millis(l) < from);
            if (reachedOlder) {
                Map<String, Integer> counts = new HashMap<>();
                for (JsonNode l : lines) {
                    long ts = millis(l);
                    if ("raise".equals(l.path("event").asText()) && ts >= from) {
                        counts.merge(ts + "|" + l.path("fingerprint").asText(), 1, Integer::sum);
                    }
                }
                return counts;
            }
        }
    }

    private static long millis(JsonNode line) {
        try {
            return Instant.parse(line.path("ts").asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static RaiseOutcome.Line line(RaiseLog.Stored r) {
        // the route that decided it is not stored; its pages, if any, are in the outbox
        RaiseOutcome outcome = new RaiseOutcome(r.fingerprint(), r.suppressed(), r.severity(), r.source(),
                r.suppressed() ? "suppressed" : "unknown", List.of());
        return new RaiseOutcome.Line(Instant.ofEpochMilli(r.ts()).toString(), "raise", outcome, r.msg(), true);
    }
}
