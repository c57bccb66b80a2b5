package costs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The incidents the cost guardrails raised through the real pager, as logs/incidents.ndjson
 * records them: severity, msg and source of each raise with source cost_guardrails.
 */
final class RaisedIncidents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private int seen;

    RaisedIncidents(Path logs) {
        this.file = logs.resolve("incidents.ndjson");
    }

    /** Forgets what was raised so far. */
    void clear() throws IOException {
        seen = all().size();
    }

    /** Raised since the last {@link #clear()}, oldest first. */
    List<Map<String, Object>> raised() throws IOException {
        List<Map<String, Object>> all = all();
        return all.subList(seen, all.size());
    }

    private List<Map<String, Object>> all() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(line);
            if ("raise".equals(n.path("event").asText()) && "cost_guardrails".equals(n.path("source").asText())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("severity", n.get("severity").asText());
                m.put("msg", n.get("msg").asText());
                m.put("source", n.get("source").asText());
                out.add(m);
            }
        }
        return out;
    }
}
