package cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;

/**
 * This daemon's role and since when, as Camel's cluster view reports it (a single node leads from
 * its start). The leader's id is the view's when it knows it; otherwise the caller asks the
 * cluster_members table.
 */
public final class LeaderState implements CamelClusterEventListener.Leadership {
    /** The cluster namespace (lock, Lease) of the job routes. */
    public static final String NAMESPACE = "echopilot-jobs";

    private final String nodeId;
    private final Clock clock;
    private final CopyOnWriteArrayList<Consumer<Role>> listeners = new CopyOnWriteArrayList<>();
    private volatile Role role;
    private volatile Instant since;
    private volatile String leaderSeen;

    private LeaderState(String nodeId, Role role, Clock clock) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.role = role;
        this.since = clock.instant();
        this.leaderSeen = role == Role.LEADER ? nodeId : null;
    }

    /** A single node: the leader from the start, for good. */
    public static LeaderState single(String nodeId, Clock clock) {
        return new LeaderState(nodeId, Role.LEADER, clock);
    }

    /** A replica: a follower until the view elects it. */
    public static LeaderState follower(String nodeId, Clock clock) {
        return new LeaderState(nodeId, Role.FOLLOWER, clock);
    }

    public String nodeId() {
        return nodeId;
    }

    public Role role() {
        return role;
    }

    public Instant since() {
        return since;
    }

    /** The leader's id if the cluster view named it (itself, or another member on backends that say). */
    public Optional<String> leaderSeen() {
        return Optional.ofNullable(leaderSeen);
    }

    /** Called on every change of role, on the thread that saw it. */
    public void onChange(Consumer<Role> listener) {
        listeners.add(listener);
    }

    @Override
    public void leadershipChanged(CamelClusterView view, CamelClusterMember leader) {
        leaderSeen = leader == null ? null : leader.getId();
        Role now = view.getLocalMember().isLeader() ? Role.LEADER : Role.FOLLOWER;
        if (now != role) {
            role = now;
            since = clock.instant();
            listeners.forEach(l -> l.accept(now));
        }
    }
}
