package cluster;

import java.time.Clock;

import base.OwnMetrics;
import base.Settings;
import base.StateDb;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires cluster mode (docs/high-availability.md) into a Camel context before its routes start:
 * "leaderOnly", the route policy of the job routes (Camel's ClusteredRoutePolicy over the
 * CLUSTER_SERVICE backend; with none they always run), the cluster_members row that refuses a
 * second daemon outside the cluster, and the role for "clusterView" (API, heartbeat route),
 * "clusterHealth" and the echopilot_cluster_leader gauge. A one-shot run joins nothing.
 */
public final class ClusterMode {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMode.class);

    private ClusterMode() {
    }

    public static void bind(CamelContext context, Settings s, ClusterSettings settings, StateDb db, boolean postgres, Clock clock,
                            OwnMetrics metrics) throws Exception {
        boolean daemon = s.bool("camel.server.enabled");
        boolean elected = settings.clustered() && daemon;
        LeaderState leadership = elected ? LeaderState.follower(settings.nodeId(), clock) : LeaderState.single(settings.nodeId(), clock);
        ClusterMembers members = new ClusterMembers(db, postgres, settings);
        ClusterView view = new ClusterView(leadership, members, settings.service(), clock);
        if (daemon) {
            members.join(leadership.role().label(), clock.instant());
            context.addService(new Leaving(members)); // stopped before the database closes (added after it)
        }
        if (elected) {
            CamelClusterService service = ClusterServices.create(context, s, settings);
            context.addService(service);
            service.getView(LeaderState.NAMESPACE).addEventListener(leadership);
            leadership.onChange(role -> announce(settings, view, role));
            ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, LeaderState.NAMESPACE);
            policy.setCamelContext(context);
            context.getRegistry().bind("leaderOnly", policy);
        } else {
            context.getRegistry().bind("leaderOnly", new SingleNodePolicy());
        }
        context.getRegistry().bind("clusterView", view);
        context.getRegistry().bind("clusterHealth", new RoleCheck(view));
        metrics.gauge("cluster_leader", "1 on the replica that runs the jobs (the leader), 0 on a follower",
                () -> leadership.role() == Role.LEADER ? 1 : 0, "node", settings.nodeId());
        LOG.info("cluster: CLUSTER_SERVICE={}, node {}", settings.service(), settings.nodeId());
    }

    /** On Camel's election thread: a failure here must not stop the election or the route policy. */
    private static void announce(ClusterSettings settings, ClusterView view, Role role) {
        LOG.info("cluster: node {} is now the {} ({})", settings.nodeId(), role.label(),
                role == Role.LEADER ? "it runs the jobs" : "another replica runs the jobs");
        try {
            view.heartbeat(); // followers name the new leader at once, not at the next beat
        } catch (RuntimeException e) {
            LOG.warn("cluster: cannot record the new role in cluster_members ({}); the heartbeat route retries", e.getMessage());
        }
    }

    /** A clean stop removes this daemon's row: the next one need not wait for it to be forgotten. */
    private static final class Leaving extends ServiceSupport {
        private final ClusterMembers members;

        Leaving(ClusterMembers members) {
            this.members = members;
        }

        @Override
        protected void doStop() {
            members.leave();
        }
    }
}
