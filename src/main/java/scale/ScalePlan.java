package scale;

import java.util.Locale;

/**
 * One apply on its way through route scale-apply (scale.camel.yaml): the decision, whether the
 * route is to send it to SCALE_ACTUATOR_URI, and, once sent, what the actuator said. The route
 * does the sending; {@link Autoscaler} decides and records. Immutable: each step makes a new plan.
 */
public final class ScalePlan {
    /** Where the apply stands; the last four are apply_result's values. */
    enum Stage {
        TO_SEND, DRY_RUN, NO_CHANGE, APPLIED, FAILED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final ScaleEvaluation evaluation;
    private final Stage stage;
    private final String error;

    ScalePlan(ScaleEvaluation evaluation, Stage stage, String error) {
        this.evaluation = evaluation;
        this.stage = stage;
        this.error = error;
    }

    /** True when the route is to send the change: the count changes and SCALE_DRY_RUN is false. */
    public boolean toSend() {
        return stage == Stage.TO_SEND;
    }

    /** The count to send, {"workers":N} in the route. */
    public int workers() {
        return evaluation.decision().desired();
    }

    ScaleEvaluation evaluation() {
        return evaluation;
    }

    Stage stage() {
        return stage;
    }

    /** Why the actuator did not take the change; null otherwise. */
    String error() {
        return error;
    }

    ScalePlan with(Stage next, String why) {
        return new ScalePlan(evaluation, next, why);
    }
}
