package cluster;

import java.time.Clock;
import java.util.Optional;

import base.ApiReply;

/**
 * The cluster as this replica sees it, for the API, health and metrics. The leader is this node
 * when it leads; else the one Camel's view names, else the live member whose heartbeat says it leads
 * (the file backend tells a follower nothing about the lock's holder).
 */
public final class ClusterView {
    private final LeaderState leadership;
    private final ClusterMembers members;
    private final String mode;
    private final Clock clock;

    public ClusterView(LeaderState leadership, ClusterMembers members, String mode, Clock clock) {
        this.leadership = leadership;
        this.members = members;
        this.mode = mode;
        this.clock = clock;
    }

    public ClusterStatus status() {
        Role role = leadership.role();
        Optional<String> leader = role == Role.LEADER ? Optional.of(leadership.nodeId())
                : leadership.leaderSeen().filter(id -> !id.equals(leadership.nodeId()))
                        .or(() -> members.otherLeader(clock.instant()));
        return new ClusterStatus(leadership.nodeId(), mode, role.label(), leader.orElse(null), leadership.since().toString());
    }

    /** GET /api/cluster/status. */
    public ApiReply reply() {
        return ApiReply.okWith(status());
    }

    /** The heartbeat route: this replica is alive, in its current role. */
    public void heartbeat() {
        members.heartbeat(leadership.role().label(), clock.instant());
    }
}
