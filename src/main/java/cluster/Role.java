package cluster;

/** What a daemon does in its cluster: the leader runs the jobs, a follower answers the API only. */
public enum Role {
    LEADER, FOLLOWER;

    /** As the API, health and cluster_members write it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
