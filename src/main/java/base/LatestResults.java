package base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The latest result of a job (the SLO budget, the autoscale decision), as JSON in the state
 * database (table latest_results), so that every replica answers its status request with the one
 * the job computed, whichever replica ran it. A replica reads a result at most once a second
 * (status requests are hot paths); a save here is seen at once. An older result never replaces a
 * newer one (two replicas running the same job at once).
 */
public final class LatestResults {
    /** How long a read result is answered before the database is asked again. */
    static final long FRESH_NANOS = 1_000_000_000L;
    /** Numbers come back as written (99.50 stays 99.50). */
    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonNodeFactory.withExactBigDecimals(true));
    private final StateDb db;
    private final Map<String, Read> cache = new ConcurrentHashMap<>();

    private record Read(long at, Optional<JsonNode> result) {
    }

    public LatestResults(StateDb db) {
        this.db = db;
    }

    /** Stores the result computed at {@code computedAtMillis}, unless a newer one is stored. */
    public void save(String name, Object result, long computedAtMillis) {
        String body = Json.line(result);
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO latest_results (name, computed_at, body) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET computed_at = excluded.computed_at, body = excluded.body"
                    + " WHERE latest_results.computed_at <= excluded.computed_at")) {
                ps.setString(1, name);
                ps.setLong(2, computedAtMillis);
                ps.setString(3, body);
                ps.executeUpdate();
            }
            return null;
        });
        cache.remove(name);
    }

    /** The latest stored result, empty before the job's first run anywhere. */
    public Optional<JsonNode> read(String name) {
        long now = System.nanoTime();
        Read r = cache.get(name);
        if (r != null && now - r.at() < FRESH_NANOS) {
            return r.result();
        }
        Optional<JsonNode> result = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT body FROM latest_results WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.<JsonNode>empty();
                }
            }
        });
        cache.put(name, new Read(now, result));
        return result;
    }

    private static JsonNode parse(String body) {
        try {
            return READER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("latest_results holds a body that is not JSON: " + e.getMessage(), e);
        }
    }
}
