package slo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import base.ApiProblem;
import base.ApiReply;
import base.ApiRequest;
import base.Excerpt;
import base.NdjsonTail;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * GET /api/slo/history?limit=N: the last N entries of logs/slo_budget.ndjson, oldest first, with
 * the figures a burn-rate chart needs. Rebaselines appear as {"ts","event":"rebaseline"}.
 */
public final class SloHistory {
    static final int DEFAULT_LIMIT = 96;
    static final int MAX_LIMIT = 5000;
    private static final List<String> FIELDS = List.of("ts", "burn_rate_pct", "remaining_budget_pct", "burn_alert",
            "p95_ms", "p99_ms", "error_rate", "deploy_gate_active", "event");

    private final Path historyFile;

    public SloHistory(Path historyFile) {
        this.historyFile = historyFile;
    }

    public ApiReply history(ApiRequest request) {
        int limit = limit(request.param("limit"));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (JsonNode line : NdjsonTail.last(historyFile, limit)) {
            Map<String, Object> e = new LinkedHashMap<>();
            for (String f : FIELDS) {
                if (line.hasNonNull(f)) {
                    e.put(f, line.get(f));
                }
            }
            entries.add(e);
        }
        return ApiReply.okWith(new Entries(limit, entries.size(), entries));
    }

    /** Each entry keeps only the chart's fields its line has: a map, as rebaselines carry fewer. */
    private record Entries(int limit, int count, List<Map<String, Object>> data) {
    }

    static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + " (got '" + Excerpt.of(raw) + "')");
    }
}
