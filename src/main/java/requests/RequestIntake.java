package requests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.ApiProblem;
import app.ApiReply;
import app.ApiRequest;
import app.Json;
import app.NdjsonAppender;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * POST /api/metrics/requests: takes NDJSON or a JSON array of request events, validates each,
 * appends the valid ones to METRICS_REQUESTS_FILE (the next SLO run folds them) and reports the
 * rest with their line (NDJSON) or item (array) number.
 */
public final class RequestIntake {
    private static final int MAX_ERRORS = 10;
    private final RequestLog log;
    private final NdjsonAppender appender;
    private final RequestEventParser parser = new RequestEventParser();

    public RequestIntake(RequestLog log, NdjsonAppender appender) {
        this.log = log;
        this.appender = appender;
    }

    public ApiReply ingest(ApiRequest request) {
        byte[] body = request.body();
        List<String> lines = body.length > 0 && firstNonBlank(body) == '[' ? arrayItems(body) : ndjsonLines(body);
        List<String> good = new ArrayList<>(lines.size());
        List<Map<String, Object>> errors = new ArrayList<>();
        int rejected = 0;
        RequestEvent event = new RequestEvent();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line == null) {
                continue;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            String problem = parser.parse(bytes, 0, bytes.length, event);
            if (problem == null) {
                good.add(line);
            } else {
                rejected++;
                if (errors.size() < MAX_ERRORS) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("line", i + 1);
                    e.put("error", problem);
                    errors.add(e);
                }
            }
        }
        if (good.isEmpty() && rejected == 0) {
            throw ApiProblem.badRequest("no events in the body; send NDJSON (one event per line) or a JSON array of events");
        }
        appender.appendLines(log.file(), good);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", good.size());
        out.put("rejected", rejected);
        out.put("errors", errors);
        return ApiReply.ok(out);
    }

    /** NDJSON lines; blank lines are kept as null so that line numbers stay true. */
    private static List<String> ndjsonLines(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\r?\n", -1)) {
            String line = raw.strip();
            lines.add(line.isEmpty() ? null : line);
        }
        return lines;
    }

    private static List<String> arrayItems(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body starts like a JSON array but is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        List<String> items = new ArrayList<>(root.size());
        for (JsonNode item : root) {
            items.add(Json.line(item));
        }
        return items;
    }

    private static byte firstNonBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return 0;
    }
}
