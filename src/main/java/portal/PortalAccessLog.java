package portal;

import java.nio.file.Path;
import java.time.Clock;

import base.ApiRequest;
import base.NdjsonAppender;

/**
 * logs/portal_access.ndjson: one line per lookup and per download attempt, whatever its result.
 * Tokens are never written; what the client sent is cut to a bounded length.
 */
public final class PortalAccessLog {
    private static final int MAX_FIELD = 256;
    private final Path file;
    private final NdjsonAppender appender;
    private final Clock clock;
    private final boolean trustProxy;

    public PortalAccessLog(Path file, NdjsonAppender appender, Clock clock, boolean trustProxy) {
        this.file = file;
        this.appender = appender;
        this.clock = clock;
        this.trustProxy = trustProxy;
    }

    public Path file() {
        return file;
    }

    /** Appends one attempt: event is lookup or download; result ok or why it was refused. */
    public void record(String event, ApiRequest request, String email, String receiptId, String result, int status) {
        appender.append(file, new Line(clock.instant().toString(), event, bounded(email), bounded(receiptId),
                request.clientIp(trustProxy), bounded(request.userAgent()), result, status));
    }

    /** One attempt in logs/portal_access.ndjson. */
    private record Line(String ts, String event, String email, String receiptId, String ip, String userAgent, String result,
                        int status) {
    }

    private static String bounded(String s) {
        return s == null || s.length() <= MAX_FIELD ? s : s.substring(0, MAX_FIELD) + "...";
    }
}
