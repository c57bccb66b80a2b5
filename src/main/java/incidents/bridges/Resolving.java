package incidents.bridges;

import java.util.function.Supplier;

import base.ApiProblem;
import incidents.lifecycle.Lifecycle;

/** A move asked for by another system: an unknown incident (404) or one already there (409) is no error for it. */
final class Resolving {
    private Resolving() {
    }

    /** True when the move happened. */
    static boolean quietly(Supplier<Lifecycle.Transition> move) {
        try {
            return move.get().moved();
        } catch (ApiProblem p) {
            if (p.status() == 404) {
                return false;
            }
            throw p;
        }
    }
}
