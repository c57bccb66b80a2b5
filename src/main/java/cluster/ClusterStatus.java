package cluster;

/** GET /api/cluster/status: who this replica is, what it does, who leads and since when this role. */
public record ClusterStatus(String nodeId, String mode, String role, String leader, String since) {
}
