package incidents.lifecycle;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import base.ApiProblem;
import base.DaemonThreads;
import base.Excerpt;
import base.StateDb;
import incidents.Incident;
import incidents.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The silences, in the state database (table incident_silences): created with an end at most
 * SILENCE_MAX_DAYS away, expired early by DELETE (their end becomes now), kept afterwards as history.
 */
public final class Silences {
    private static final Logger LOG = LoggerFactory.getLogger(Silences.class);
    private static final String COLUMNS = "id, source, severity, fingerprint, msg_regex, starts_at, ends_at, comment, created_by";
    static final int MAX_TEXT = 1000;
    private final StateDb db;
    private final SilenceMatcher matcher;
    private final Duration maxLength;
    private final Clock clock;
    /** The silences in force as last read, for the raise path; reread after RELOAD_NANOS or any change made here. */
    private volatile Loaded loaded;
    static final long RELOAD_NANOS = 1_000_000_000L;

    private final AtomicBoolean reloading = new AtomicBoolean();
    /** One thread at most, only while a reread is due. */
    private final ThreadPoolExecutor reloader = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            DaemonThreads.named("silences-reload"));

    private record Loaded(List<Silence> silences, long atNanos) {
    }

    public Silences(StateDb db, SilenceMatcher matcher, Duration maxLength, Clock clock) {
        this.db = db;
        this.matcher = matcher;
        this.maxLength = maxLength;
        this.clock = clock;
    }

    /**
     * Creates a silence from {"matchers":{...},"duration_min" or "ends_at","comment","created_by"};
     * every problem is a 400 that says what to send.
     */
    public Silence create(Map<String, Object> fields) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Silence.Matchers m = matchers(fields.get("matchers"));
        Instant ends = ends(fields, now);
        String createdBy = text(fields, "created_by", 200);
        if (createdBy == null || createdBy.isBlank()) {
            throw ApiProblem.badRequest("missing \"created_by\"; say who silences (a name or an address)");
        }
        String comment = text(fields, "comment", MAX_TEXT);
        Silence s = new Silence(UUID.randomUUID().toString(), m, now.toString(), ends.toString(), comment == null ? "" : comment,
                createdBy);
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_silences (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, m.source());
                ps.setString(3, m.severity());
                ps.setString(4, m.fingerprint());
                ps.setString(5, m.msgRegex());
                ps.setLong(6, now.toEpochMilli());
                ps.setLong(7, ends.toEpochMilli());
                ps.setString(8, s.comment());
                ps.setString(9, createdBy);
                ps.executeUpdate();
            }
            return null;
        });
        reload();
        return s;
    }

    /** The silences in force now, ending soonest first. */
    public List<Silence> active() {
        long now = clock.millis();
        return db.read(c -> {
            List<Silence> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM incident_silences"
                    + " WHERE starts_at <= ? AND ends_at > ? ORDER BY ends_at, id")) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The first silence in force that matches the raise. The raise path may run on the HTTP event
     * loop, so it reads the state DB only the first time: after that the list is reread at most once
     * a second by a thread of its own while raises use the one they have (a silence another replica
     * creates counts within about a second; one made or ended here at once).
     */
    public Optional<Silence> matching(Incident i) {
        Loaded l = loaded;
        if (l == null) {
            l = reload();
        } else if (System.nanoTime() - l.atNanos() > RELOAD_NANOS && reloading.compareAndSet(false, true)) {
            reloader.execute(this::reloadInBackground);
        }
        Instant now = clock.instant();
        return l.silences().stream().filter(s -> Instant.parse(s.endsAt()).isAfter(now))
                .filter(s -> matcher.matches(s.matchers(), i)).findFirst();
    }

    private Loaded reload() {
        Loaded l = new Loaded(active(), System.nanoTime());
        loaded = l;
        return l;
    }

    private void reloadInBackground() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warn("could not reread the silences ({}); raises use the ones read before", e.getMessage());
        } finally {
            reloading.set(false);
        }
    }

    /** Ends a silence now; a 404 when no silence with that id is in force. */
    public Silence expire(String id) {
        Silence s = active().stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new ApiProblem(404, "no active silence " + Excerpt.of(id)
                        + "; GET /api/incidents/silences lists the active ones"));
        long now = clock.millis();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE incident_silences SET ends_at = ? WHERE id = ? AND ends_at > ?")) {
                ps.setLong(1, now);
                ps.setString(2, id);
                ps.setLong(3, now);
                ps.executeUpdate();
            }
            return null;
        });
        reload();
        return new Silence(s.id(), s.matchers(), s.startsAt(), Instant.ofEpochMilli(now).toString(), s.comment(), s.createdBy());
    }

    private Silence.Matchers matchers(Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw ApiProblem.badRequest("\"matchers\" must be an object with at least one of source, severity, fingerprint,"
                    + " msg_regex, e.g. {\"matchers\":{\"source\":\"db-backup\"},\"duration_min\":60,\"created_by\":\"ana\"}");
        }
        for (Object key : map.keySet()) {
            if (!List.of("source", "severity", "fingerprint", "msg_regex").contains(key)) {
                throw ApiProblem.badRequest("unknown matcher \"" + Excerpt.of(String.valueOf(key))
                        + "\"; use source, severity, fingerprint or msg_regex");
            }
        }
        String severity = text(map, "severity", 16);
        String regex = text(map, "msg_regex", SilenceMatcher.MAX_REGEX + 1);
        if (regex != null) {
            matcher.check(regex);
        }
        Silence.Matchers m = new Silence.Matchers(text(map, "source", MAX_TEXT),
                severity == null ? null : Severity.parse(severity).name(), text(map, "fingerprint", 16), regex);
        if (m.source() == null && m.severity() == null && m.fingerprint() == null && m.msgRegex() == null) {
            throw ApiProblem.badRequest("a silence needs at least one matcher (source, severity, fingerprint or msg_regex);"
                    + " one that matched everything would silence the pager");
        }
        return m;
    }

    private Instant ends(Map<String, Object> fields, Instant now) {
        Object minutes = fields.get("duration_min");
        Object endsAt = fields.get("ends_at");
        if ((minutes == null) == (endsAt == null)) {
            throw ApiProblem.badRequest("send exactly one of \"duration_min\" (minutes) or \"ends_at\" (ISO-8601, e.g. "
                    + now.plus(Duration.ofHours(2)) + ")");
        }
        Instant ends;
        if (minutes != null) {
            if (!(minutes instanceof Integer || minutes instanceof Long) || ((Number) minutes).longValue() < 1) {
                throw ApiProblem.badRequest("\"duration_min\" must be a whole number of minutes, at least 1");
            }
            ends = now.plus(Duration.ofMinutes(Math.min(((Number) minutes).longValue(), maxLength.toMinutes() + 1)));
        } else {
            try {
                ends = Instant.parse(String.valueOf(endsAt));
            } catch (DateTimeParseException e) {
                throw ApiProblem.badRequest("\"ends_at\" must be an ISO-8601 time like " + now.plus(Duration.ofHours(2)));
            }
            if (!ends.isAfter(now)) {
                throw ApiProblem.badRequest("\"ends_at\" " + ends + " is not in the future (now is " + now + ")");
            }
        }
        if (Duration.between(now, ends).compareTo(maxLength) > 0) {
            throw ApiProblem.badRequest("a silence lasts at most " + maxLength.toDays() + " days (SILENCE_MAX_DAYS); end it by "
                    + now.plus(maxLength));
        }
        return ends;
    }

    private static String text(Map<?, ?> fields, String name, int max) {
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiProblem.badRequest("\"" + name + "\" must be a string");
        }
        if (s.length() > max) {
            throw ApiProblem.badRequest("\"" + name + "\" is longer than " + max + " characters");
        }
        return s.isEmpty() ? null : s;
    }

    private static Silence row(ResultSet rs) throws SQLException {
        return new Silence(rs.getString(1), new Silence.Matchers(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                Instant.ofEpochMilli(rs.getLong(6)).toString(), Instant.ofEpochMilli(rs.getLong(7)).toString(), rs.getString(8),
                rs.getString(9));
    }
}
