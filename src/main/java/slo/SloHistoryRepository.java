package slo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import base.Json;
import base.NdjsonTail;
import base.StateDb;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The SLO history the burn-rate chart shows (table slo_history): one entry per SLO run and per
 * rebaseline, with the chart's fields only, in the shared state database so that every replica
 * answers GET /api/slo/history the same, whichever ran the job. The newest {@link SloHistory#MAX_LIMIT}
 * are kept. A database from before this table takes in the last entries of logs/slo_budget.ndjson once.
 */
public final class SloHistoryRepository {
    static final List<String> FIELDS = List.of("ts", "burn_rate_pct", "remaining_budget_pct", "burn_alert",
            "p95_ms", "p99_ms", "error_rate", "deploy_gate_active", "event");
    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonNodeFactory.withExactBigDecimals(true));
    private final StateDb db;

    public SloHistoryRepository(StateDb db) {
        this.db = db;
    }

    /** Adds a run's report or a rebaseline event (anything with the chart's fields), then drops the oldest past the limit. */
    void add(Object report) {
        ObjectNode entry = chartFields(parse(Json.line(report))); // numbers as written (99.50), not normalised
        long ts = millis(entry);
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO slo_history (ts, entry) VALUES (?, ?)")) {
                ps.setLong(1, ts);
                ps.setString(2, Json.line(entry));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM slo_history WHERE ts < (SELECT MIN(ts) FROM"
                    + " (SELECT ts FROM slo_history ORDER BY ts DESC LIMIT " + SloHistory.MAX_LIMIT + ") newest)")) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The newest {@code n} entries, oldest first. */
    List<JsonNode> last(int n) {
        List<JsonNode> out = db.read(c -> {
            List<JsonNode> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT entry FROM slo_history ORDER BY ts DESC LIMIT ?")) {
                ps.setInt(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(parse(rs.getString(1)));
                    }
                }
            }
            return rows;
        });
        Collections.reverse(out);
        return out;
    }

    /** Once, on a database without history: the last entries of the history file this daemon wrote before. */
    public void importIfEmpty(Path historyFile) {
        boolean empty = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM slo_history LIMIT 1"); ResultSet rs = ps.executeQuery()) {
                return !rs.next();
            }
        });
        if (empty) {
            NdjsonTail.last(historyFile, SloHistory.MAX_LIMIT).forEach(this::add);
        }
    }

    private static ObjectNode chartFields(JsonNode line) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        for (String f : FIELDS) {
            if (line.hasNonNull(f)) {
                e.set(f, line.get(f));
            }
        }
        return e;
    }

    private static long millis(JsonNode entry) {
        try {
            return Instant.parse(entry.path("ts").asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static JsonNode parse(String entry) {
        try {
            return READER.readTree(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("slo_history holds an entry that is not JSON: " + e.getMessage(), e);
        }
    }
}
