package slo;

import java.util.List;

import base.ApiProblem;
import base.ApiReply;
import base.ApiRequest;
import base.Excerpt;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * GET /api/slo/history?limit=N: the last N entries of the SLO history (every run and rebaseline,
 * in the shared state database, see {@link SloHistoryRepository}), oldest first, with the figures a
 * burn-rate chart needs. Rebaselines appear as {"ts","event":"rebaseline"}.
 */
public final class SloHistory {
    static final int DEFAULT_LIMIT = 96;
    static final int MAX_LIMIT = 5000;

    private final SloHistoryRepository entries;

    public SloHistory(SloHistoryRepository entries) {
        this.entries = entries;
    }

    public ApiReply history(ApiRequest request) {
        int limit = limit(request.param("limit"));
        List<JsonNode> last = entries.last(limit);
        return ApiReply.okWith(new Entries(limit, last.size(), last));
    }

    /** Each entry keeps only the chart's fields its run had (rebaselines carry fewer). */
    private record Entries(int limit, int count, List<JsonNode> data) {
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
