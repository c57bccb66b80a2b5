package costs;

import base.ApiReply;
import base.ApiRequest;
import base.EventIntake;

/**
 * POST /api/costs/usage: usage events, validated one by one (a token-only event needs a price in
 * MODEL_PRICES_JSON), the valid ones appended to METRICS_USAGE_FILE as sent and folded into the
 * shared spend before the answer.
 */
public final class UsageIntake {
    private static final String EXAMPLE = "{\"ts\":\"2025-10-20T17:59:58Z\",\"model\":\"gpt-4o\",\"cost_usd\":0.0123}";
    private final UsageLog log;
    private final UsageEventParser parser;
    private final EventIntake intake;

    UsageIntake(UsageLog log, UsageEventParser parser, EventIntake intake) {
        this.log = log;
        this.parser = parser;
        this.intake = intake;
    }

    public ApiReply ingest(ApiRequest request) {
        return intake.ingest(request.body(), line -> parser.parse(line, 0, line.length).problem(), log.file(), EXAMPLE, log::foldPosted);
    }
}
