package base;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A health check on MANAGEMENT_PORT that is DOWN, with the reason as its message, while its
 * supplier names a problem. A readiness-only check (liveness false) says "this daemon cannot do
 * part of its job" without inviting a supervisor to restart it, which would not help.
 */
public final class ProblemCheck extends AbstractHealthCheck {
    private final Supplier<Optional<String>> problem;
    private final boolean liveness;

    private ProblemCheck(String id, Supplier<Optional<String>> problem, boolean liveness) {
        super("echopilot", id);
        this.problem = problem;
        this.liveness = liveness;
    }

    /** DOWN in every view of /observe/health, liveness included. */
    static ProblemCheck liveness(String id, Supplier<Optional<String>> problem) {
        return new ProblemCheck(id, problem, true);
    }

    /** DOWN in /observe/health and /observe/health/ready, never in /observe/health/live. */
    public static ProblemCheck readiness(String id, Supplier<Optional<String>> problem) {
        return new ProblemCheck(id, problem, false);
    }

    @Override
    public boolean isLiveness() {
        return liveness;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<String> p = problem.get();
        if (p.isPresent()) {
            builder.message(p.get()).down();
        } else {
            builder.up();
        }
    }
}
