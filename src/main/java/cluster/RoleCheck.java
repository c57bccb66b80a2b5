package cluster;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * /observe/health names this replica and its role. Always UP: a follower is healthy, and a load
 * balancer must keep sending it API calls. Neither liveness nor readiness, like the report-only checks.
 */
public final class RoleCheck extends AbstractHealthCheck {
    private final ClusterView view;

    public RoleCheck(ClusterView view) {
        super("echopilot", "cluster");
        this.view = view;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ClusterStatus s = view.status();
        builder.detail("node_id", s.nodeId()).detail("role", s.role()).detail("mode", s.mode())
                .detail("leader", s.leader() == null ? "unknown" : s.leader()).detail("since", s.since())
                .message("node " + s.nodeId() + " is " + (s.role().equals(Role.LEADER.label()) ? "the leader" : "a follower")
                        + (s.leader() == null || s.role().equals(Role.LEADER.label()) ? "" : " (leader: " + s.leader() + ")"))
                .up();
    }
}
