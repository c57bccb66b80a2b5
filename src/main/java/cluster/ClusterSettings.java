package cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import base.ConfigException;
import base.Settings;
import org.apache.camel.util.URISupport;

/**
 * CLUSTER_SERVICE and its companions, checked at start. {@code none} is one daemon per database;
 * any other value names a Camel cluster service that elects the replica running the jobs, and
 * needs a PostgreSQL DB_URL that every replica shares.
 */
public record ClusterSettings(String service, String nodeId, Map<String, Object> options, Duration heartbeat) {
    public static final String NONE = "none";
    /** How many heartbeat periods of silence make a replica count as gone. */
    public static final int MISSED_HEARTBEATS = 3;

    public static ClusterSettings from(Settings s, String dbUrl) {
        String service = s.text("CLUSTER_SERVICE", NONE);
        if (!NONE.equals(service) && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("CLUSTER_SERVICE", "'" + service + "' needs a PostgreSQL DB_URL (jdbc:postgresql://...) that every"
                    + " replica shares; DB_URL is " + dbUrl.substring(0, Math.min(dbUrl.length(), dbUrl.indexOf(':', 5) + 1))
                    + " which one process alone may use. Set DB_URL, or CLUSTER_SERVICE=none for a single node");
        }
        if ("file".equals(service) && s.optional("CLUSTER_FILE_ROOT").isEmpty()) {
            throw new ConfigException("CLUSTER_FILE_ROOT", "is empty; CLUSTER_SERVICE=file needs a folder that every replica"
                    + " shares (an NFS mount on several hosts), where Camel's FileLockClusterService keeps the leader's lock");
        }
        String nodeId = base.NodeId.of(s);
        return new ClusterSettings(service, nodeId, options(s), s.duration("CLUSTER_HEARTBEAT"));
    }

    public boolean clustered() {
        return !NONE.equals(service);
    }

    /** Silence after which a replica is taken for dead. */
    public Duration liveFor() {
        return heartbeat.multipliedBy(MISSED_HEARTBEATS);
    }

    /** CLUSTER_OPTIONS, name=value pairs joined by &amp; as in a Camel URI, on top of the backend's defaults. */
    private static Map<String, Object> options(Settings s) {
        Optional<String> raw = s.optional("CLUSTER_OPTIONS");
        try {
            return raw.isEmpty() ? Map.of() : URISupport.parseQuery(raw.get());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new ConfigException("CLUSTER_OPTIONS", "cannot be read as name=value pairs joined by & (" + e.getMessage() + ")");
        }
    }
}
