package cluster;

import org.apache.camel.support.RoutePolicySupport;

/** CLUSTER_SERVICE=none: the one daemon is the leader, so a leader-only route runs as any route does. */
public final class SingleNodePolicy extends RoutePolicySupport {
}
