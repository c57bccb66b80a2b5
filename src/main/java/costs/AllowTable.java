package costs;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answer to "may the app call model m now?", precomputed after every cost run so that a
 * question costs one map lookup: no database, no file, no arithmetic. A model at or over its cap
 * (or any model once the global cap is reached) switches to its MODEL_FALLBACKS_JSON fallback
 * when that one is under its own cap (a model without a cap counts as under it), else it is
 * refused. Admin priority is always allowed.
 */
public final class AllowTable {
    /** allowed, the model to call instead (or the one asked for), and why. */
    public record Decision(boolean allowed, String useModel, String reason) {
    }

    static final String ADMIN = "admin priority is always allowed";
    private static final String UNDER = "under its cap and the global cap";

    private final Map<String, Decision> byModel;
    private final boolean globalReached;
    private final String globalFigures;

    private AllowTable(Map<String, Decision> byModel, boolean globalReached, String globalFigures) {
        this.byModel = byModel;
        this.globalReached = globalReached;
        this.globalFigures = globalFigures;
    }

    static AllowTable build(SpendWindow window, Caps caps, Map<String, String> fallbacks) {
        boolean globalReached = CostLevel.of(window.total(), caps.daily()) == CostLevel.CRITICAL;
        String globalFigures = "the global daily cap is reached (" + Money.display(window.total()) + " of "
                + caps.daily().toPlainString() + " USD in the last 24 h)";
        Set<String> known = new TreeSet<>(caps.models().keySet());
        known.addAll(window.models());
        known.addAll(fallbacks.keySet());
        known.addAll(fallbacks.values());
        Map<String, Decision> decisions = new HashMap<>();
        for (String model : known) {
            decisions.put(model, decide(model, window, caps, fallbacks, globalReached, globalFigures));
        }
        return new AllowTable(Map.copyOf(decisions), globalReached, globalFigures);
    }

    /** Before the first run: nothing is known to be over a cap. */
    static AllowTable empty() {
        return new AllowTable(Map.of(), false, "");
    }

    public Decision decide(String model, boolean admin) {
        if (admin) {
            return new Decision(true, model, ADMIN);
        }
        Decision d = byModel.get(model);
        if (d != null) {
            return d;
        }
        return globalReached
                ? new Decision(false, model, globalFigures + " and " + model + " has no fallback in MODEL_FALLBACKS_JSON")
                : new Decision(true, model, UNDER);
    }

    private static Decision decide(String model, SpendWindow w, Caps caps, Map<String, String> fallbacks,
                                   boolean globalReached, String globalFigures) {
        boolean over = overCap(model, w, caps);
        if (!over && !globalReached) {
            return new Decision(true, model, UNDER);
        }
        String why = over ? model + " is over its cap (" + figures(model, w, caps) + ")" : globalFigures;
        String fallback = fallbacks.get(model);
        if (fallback == null) {
            return new Decision(false, model, why + " and it has no fallback in MODEL_FALLBACKS_JSON");
        }
        if (overCap(fallback, w, caps)) {
            return new Decision(false, model, why + " and its fallback " + fallback + " is over its cap too ("
                    + figures(fallback, w, caps) + ")");
        }
        return new Decision(true, fallback, why + "; use its cheaper fallback " + fallback + ", which is under its cap");
    }

    private static boolean overCap(String model, SpendWindow w, Caps caps) {
        return caps.of(model) != null && CostLevel.of(w.spent(model), caps.of(model)) == CostLevel.CRITICAL;
    }

    private static String figures(String model, SpendWindow w, Caps caps) {
        return Money.display(w.spent(model)) + " of " + caps.of(model).toPlainString() + " USD in the last 24 h";
    }
}
