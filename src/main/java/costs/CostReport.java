package costs;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One cost evaluation as logs/costs.json and GET /api/costs/status show it (the seed's data
 * object); the component order is the field order of the JSON, names are written in snake_case.
 *
 * @param byModel every model seen or capped, by name in alphabetical order (a map: the names are data)
 */
public record CostReport(
        String ts,
        int periodHours,
        BigDecimal totalSpentUsd,
        BigDecimal dailyCapUsd,
        BigDecimal globalUtilizationPct,
        Map<String, Model> byModel,
        String alertLevel,
        String action,
        BigDecimal forecastUsd,
        String reason,
        long skippedLines) {

    /** One model's spend; cap and utilization are null when the model has no cap. */
    public record Model(BigDecimal spentUsd, BigDecimal capUsd, BigDecimal utilizationPct) {
    }

    /** The history line a cap change appends to logs/costs.ndjson. */
    record CapSet(String ts, String event, String model, BigDecimal oldCapUsd, BigDecimal newCapUsd) {
        static CapSet of(String ts, CapChange change) {
            return new CapSet(ts, "set_cap", change.model(), change.oldCap(), change.newCap());
        }
    }
}
