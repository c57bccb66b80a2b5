package costs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.ApiProblem;
import app.ApiReply;
import app.ApiRequest;
import app.EventLines;
import app.NdjsonAppender;

/**
 * POST /api/costs/usage: takes NDJSON or a JSON array of usage events, validates each (a
 * token-only event needs a price in MODEL_PRICES_JSON), appends the valid ones to
 * METRICS_USAGE_FILE as sent, and reports the rest with their line (or item) number.
 */
public final class UsageIntake {
    private static final int MAX_ERRORS = 10;
    private final UsageLog log;
    private final UsageEventParser parser;
    private final NdjsonAppender appender;

    UsageIntake(UsageLog log, UsageEventParser parser, NdjsonAppender appender) {
        this.log = log;
        this.parser = parser;
        this.appender = appender;
    }

    public ApiReply ingest(ApiRequest request) {
        List<String> lines = EventLines.of(request.body());
        List<String> good = new ArrayList<>(lines.size());
        List<Map<String, Object>> errors = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line == null) {
                continue;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            String problem = parser.parse(bytes, 0, bytes.length).problem();
            if (problem == null) {
                good.add(line);
            } else if (++rejected <= MAX_ERRORS) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("line", i + 1);
                e.put("error", problem);
                errors.add(e);
            }
        }
        if (good.isEmpty() && rejected == 0) {
            throw ApiProblem.badRequest("no usage events in the body; send NDJSON (one event per line) or a JSON array"
                    + " of events like {\"ts\":\"2025-10-20T17:59:58Z\",\"model\":\"gpt-4o\",\"cost_usd\":0.0123}");
        }
        appender.appendLines(log.file(), good);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", good.size());
        out.put("rejected", rejected);
        out.put("errors", errors);
        return ApiReply.ok(out);
    }
}
