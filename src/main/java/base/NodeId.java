package base;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * This replica's name, from CLUSTER_NODE_ID (default: host name + pid, so two daemons on one host
 * differ). Leases in the state database (outbox pages, digest entries) are held under it. The
 * input files a replica tails are its host's, so their read positions are kept under
 * {@link #inputsOwner}: CLUSTER_NODE_ID when set, else the host name alone, which a restart keeps.
 */
public final class NodeId {
    public static final String SETTING = "CLUSTER_NODE_ID";
    /** The lease columns hold 200 characters. */
    static final int MAX_LENGTH = 200;

    private NodeId() {
    }

    /** CLUSTER_NODE_ID, or host name + pid. */
    public static String of(Settings s) {
        return configured(s).orElseGet(() -> host() + "-" + ProcessHandle.current().pid());
    }

    /** Who owns this replica's read positions: CLUSTER_NODE_ID, or the host name (stable across restarts). */
    public static String inputsOwner(Settings s) {
        return configured(s).orElseGet(NodeId::host);
    }

    /**
     * Who holds this daemon's leases on outbox pages and digest entries. A replica in cluster mode
     * holds them as {@link #of} (two replicas on one host differ by pid). A single node, alone on its
     * database by rule, holds them as {@link #inputsOwner}, which its restart keeps: the pages it had
     * queued before a crash are its own again at once, instead of after their leases run out.
     */
    public static String leaseHolder(Settings s) {
        boolean singleNode = s.optional("CLUSTER_SERVICE").map(v -> v.trim().equalsIgnoreCase("none")).orElse(true);
        return singleNode ? inputsOwner(s) : of(s);
    }

    private static java.util.Optional<String> configured(Settings s) {
        java.util.Optional<String> id = s.optional(SETTING);
        id.ifPresent(v -> {
            if (v.length() > MAX_LENGTH || !v.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
                throw new ConfigException(SETTING, "must be 1 to " + MAX_LENGTH
                        + " printable ASCII characters without spaces, like web-1");
            }
        });
        return id;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
