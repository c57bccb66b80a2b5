package requests;

import base.ApiReply;
import base.ApiRequest;
import base.EventIntake;

/**
 * POST /api/metrics/requests: request events, validated one by one, the valid ones appended to
 * METRICS_REQUESTS_FILE and folded into the shared aggregates before the answer.
 */
public final class RequestIntake {
    private static final String EXAMPLE = "{\"ts\":\"2025-10-20T17:59:58.120Z\",\"route\":\"/api/chat\",\"status\":200,\"latency_ms\":742.3}";
    private final RequestLog log;
    private final EventIntake intake;

    public RequestIntake(RequestLog log, EventIntake intake) {
        this.log = log;
        this.intake = intake;
    }

    public ApiReply ingest(ApiRequest request) {
        RequestEvent event = new RequestEvent();
        RequestEventParser parser = new RequestEventParser(); // requests run concurrently; a parser is one thread's
        return intake.ingest(request.body(), line -> parser.parse(line, 0, line.length, event), log.file(), EXAMPLE, log::foldPosted);
    }
}
