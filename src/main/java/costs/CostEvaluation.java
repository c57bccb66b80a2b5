package costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cost math (seed phase 79): spend of the rolling 24 h against the global and per-model caps,
 * the level (worst of the global and each model's), the forecast, and the reason in words.
 */
final class CostEvaluation {
    static final int PERIOD_HOURS = 24;

    private CostEvaluation() {
    }

    /** @param skippedLines the usage file's invalid lines so far (ReadPositions), reported beside the spend */
    static CostStatus evaluate(SpendWindow w, Caps caps, Map<String, String> fallbacks, Instant now, long skippedLines) {
        List<String> findings = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        CostLevel level = scope("global spend", "the daily cap", w.total(), w.forecastTotal(), caps.daily(), findings);
        figures.add("total " + Money.display(w.total()) + " of " + caps.daily().toPlainString() + " USD ("
                + Money.utilizationPct(w.total(), caps.daily()) + " %), forecast " + Money.display(w.forecastTotal()) + " USD");
        Map<String, CostReport.Model> byModel = new LinkedHashMap<>();
        TreeSet<String> models = new TreeSet<>(w.models());
        models.addAll(caps.models().keySet());
        for (String model : models) {
            BigDecimal cap = caps.of(model);
            long spent = w.spent(model);
            byModel.put(model, new CostReport.Model(Money.display(spent), cap,
                    cap == null ? null : Money.utilizationPct(spent, cap)));
            if (cap != null) {
                level = level.worst(scope(model, "its cap", spent, w.forecast(model), cap, findings));
                figures.add(model + " " + Money.display(spent) + " of " + cap.toPlainString() + " USD ("
                        + Money.utilizationPct(spent, cap) + " %)");
            } else {
                figures.add(model + " " + Money.display(spent) + " USD (no cap)");
            }
        }
        String reason = reason(level, findings, caps);
        CostReport data = new CostReport(now.toString(), PERIOD_HOURS, Money.display(w.total()), caps.daily(),
                Money.utilizationPct(w.total(), caps.daily()), byModel, level.name(), level.action,
                Money.display(w.forecastTotal()), reason, skippedLines);
        return new CostStatus(data, level, reason, String.join("; ", figures), AllowTable.build(w, caps, fallbacks));
    }

    /** The level of one scope (global or a model), with a finding in words when it is not OK. */
    private static CostLevel scope(String who, String capName, long spent, long forecast, BigDecimal cap, List<String> findings) {
        CostLevel level = CostLevel.of(spent, cap);
        if (level != CostLevel.OK) {
            findings.add(who + " " + Money.display(spent) + " USD is " + Money.utilizationPct(spent, cap) + " % of "
                    + capName + " (" + cap.toPlainString() + " USD)");
        }
        if (level != CostLevel.CRITICAL && CostLevel.of(forecast, cap) == CostLevel.CRITICAL) {
            findings.add("forecast: at the last hour's rate " + who + " reaches " + Money.display(forecast)
                    + " USD within 24 h, over " + capName + " (" + cap.toPlainString() + " USD)");
            return CostLevel.WARNING;
        }
        return level;
    }

    private static String reason(CostLevel level, List<String> findings, Caps caps) {
        return switch (level) {
            case OK -> "OK: spend and forecast are under 90 % of the daily cap (" + caps.daily().toPlainString()
                    + " USD) and of every model cap";
            case WARNING -> "WARNING: " + String.join("; ", findings) + "; administrators are alerted";
            case CRITICAL -> "CRITICAL: " + String.join("; ", findings)
                    + "; AI calls are throttled (over-cap models switch to their fallback or are refused)";
        };
    }
}
