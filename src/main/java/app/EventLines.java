package app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The events of an ingest body, NDJSON (one per line) or a JSON array, as one compact JSON line
 * each, numbered from 1 in the order sent; a blank NDJSON line is kept as null so that line
 * numbers stay true. A body that starts like an array but is not valid JSON is a 400.
 */
public final class EventLines {
    private EventLines() {
    }

    public static List<String> of(byte[] body) {
        return body.length > 0 && firstNonBlank(body) == '[' ? arrayItems(body) : ndjsonLines(body);
    }

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
