package base;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A health check on MANAGEMENT_PORT that is DOWN, with the reason as its message, while its
 * supplier names a problem. A report-only check (neither liveness nor readiness) turns
 * /observe/health DOWN for the operator without making a supervisor restart the daemon or a load
 * balancer take it out of service, which would not help and would stop the API taking raises.
 */
public final class ProblemCheck extends AbstractHealthCheck {
    private final Supplier<Optional<String>> problem;
    private final boolean probed;

    private ProblemCheck(String id, Supplier<Optional<String>> problem, boolean probed) {
        super("echopilot", id);
        this.problem = problem;
        this.probed = probed;
    }

    /** DOWN in every view of /observe/health, liveness included. */
    static ProblemCheck liveness(String id, Supplier<Optional<String>> problem) {
        return new ProblemCheck(id, problem, true);
    }

    /** DOWN in /observe/health only, never in /observe/health/live or /observe/health/ready. */
    public static ProblemCheck reportOnly(String id, Supplier<Optional<String>> problem) {
        return new ProblemCheck(id, problem, false);
    }

    @Override
    public boolean isLiveness() {
        return probed;
    }

    @Override
    public boolean isReadiness() {
        return probed;
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
