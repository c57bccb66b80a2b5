package scale;

import java.time.Duration;

import base.Timestamps;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The queue gauge the app reports: {"ts":"...","queue_depth":12,"workers":2}. queue_depth is
 * required; ts defaults to when it was received (or the file's modification time); workers is
 * optional: while the gauge is fresh it is the current worker count (see {@link CurrentWorkers}).
 */
public record QueueGauge(long tsMillis, long queueDepth, Integer workers) {
    /** A gauge stamped further ahead than this is refused: it would stay "fresh" for ever. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * Validates a gauge; throws IllegalArgumentException saying what is wrong.
     *
     * @param defaultTs epoch millis used when the gauge has no ts
     * @param now       epoch millis now, to refuse gauges from the future
     */
    public static QueueGauge parse(JsonNode node, long defaultTs, long now) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the queue gauge must be a JSON object like {\"ts\":\"2025-10-20T18:00:00Z\",\"queue_depth\":12,\"workers\":2}");
        }
        JsonNode depth = node.get("queue_depth");
        if (depth == null || !depth.isIntegralNumber() || !depth.canConvertToLong() || depth.asLong() < 0) {
            throw new IllegalArgumentException("\"queue_depth\" is required and must be a whole number, 0 or more");
        }
        long ts = ts(node.get("ts"), defaultTs);
        if (ts > now + MAX_CLOCK_SKEW.toMillis()) {
            throw new IllegalArgumentException("\"ts\" is more than 5 minutes in the future; send the time the gauge was read");
        }
        JsonNode w = node.get("workers");
        Integer workers = null;
        if (w != null && !w.isNull()) {
            if (!w.isIntegralNumber() || !w.canConvertToInt() || w.asInt() < 0) {
                throw new IllegalArgumentException("\"workers\" must be a whole number, 0 or more (or left out)");
            }
            workers = w.asInt();
        }
        return new QueueGauge(ts, depth.asLong(), workers);
    }

    private static long ts(JsonNode ts, long defaultTs) {
        if (ts == null || ts.isNull()) {
            return defaultTs;
        }
        long ms = ts.isNumber() ? Timestamps.fromNumber(ts.asDouble()) : ts.isTextual() ? Timestamps.fromIso(ts.asText()) : -1;
        if (ms < 0) {
            throw new IllegalArgumentException("\"ts\" must be ISO-8601 with a zone, epoch seconds or epoch milliseconds");
        }
        return ms;
    }

    /** The gauge as JSON, in the input's shape. */
    public Wire toJson() {
        return new Wire(java.time.Instant.ofEpochMilli(tsMillis).toString(), queueDepth, workers);
    }

    /** The gauge as written to the gauge file and answered: workers only when the reporter sent them. */
    public record Wire(String ts, long queueDepth, @JsonInclude(JsonInclude.Include.NON_NULL) Integer workers) {
    }
}
