package requests;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

import base.StateVersions;
import requests.AggregateRepository.Grain;

/**
 * Request aggregates per minute and per hour, persisted in the state DB. Counts per minute and
 * latency histograms per hour stay in memory, so a window query merges at most one histogram per
 * hour (720 for 30 days) plus the minutes of the window's first, partial hour, read from the DB.
 * The counts per minute are stored in their hour's row; only minutes that keep a latency histogram
 * have a row of their own. Replicas share the tables: a write takes turns with other replicas'
 * (the state version "requests" is raised first, which locks it) and stamps the hours it wrote with
 * that version; {@link #refresh} reloads the hours other replicas wrote since this copy was last current.
 */
public final class RequestAggregates {
    public static final long MINUTE = 60_000L;
    public static final long HOUR = 3_600_000L;

    static final String VERSION = "requests";
    private final AggregateRepository repo;
    private final StateVersions versions;
    private final long retentionMillis;
    /** Every hour written by a state version up to this one is in memory. */
    private long current;
    private final NavigableMap<Long, long[]> minuteCounts = new TreeMap<>();
    private final NavigableMap<Long, Histogram> hourLatency = new TreeMap<>();
    private Pending pending;

    RequestAggregates(AggregateRepository repo, long retentionMillis, long now) {
        this.repo = repo;
        this.versions = new StateVersions(repo.db());
        this.retentionMillis = retentionMillis;
        this.current = versions.current(VERSION);
        long from = now - retentionMillis;
        for (Bucket b : repo.load(Grain.HOUR, floor(from, HOUR), Long.MAX_VALUE)) {
            hourLatency.put(b.start(), b.latency());
            putMinuteCounts(b);
        }
        minuteCounts.headMap(floor(from, MINUTE), false).clear();
    }

    /**
     * Takes in the hours other replicas wrote since this copy was last current: one small query when
     * nothing changed. Called before the aggregates are read for a run.
     */
    synchronized void refresh(long now) {
        long latest = versions.current(VERSION);
        if (latest == current) {
            return;
        }
        for (Bucket b : repo.hoursChangedAfter(current, floor(now - retentionMillis, HOUR))) {
            hourLatency.put(b.start(), b.latency());
            minuteCounts.subMap(b.start(), true, b.start() + HOUR, false).clear();
            putMinuteCounts(b);
        }
        current = Math.max(current, latest);
    }

    /** The minutes of an hour that saw requests (a minute without any has no entry, as before). */
    private void putMinuteCounts(Bucket hour) {
        MinuteCounts counts = hour.minuteCounts();
        for (int i = 0; i < MinuteCounts.MINUTES; i++) {
            if (counts.total(i) > 0) {
                minuteCounts.put(hour.start() + i * MINUTE, new long[] {counts.total(i), counts.failures(i)});
            }
        }
    }

    /** Total and failed requests with a timestamp in [from, to], at minute resolution. */
    public synchronized Counts counts(long from, long to) {
        long total = 0;
        long failures = 0;
        for (long[] c : minuteCounts.subMap(floor(from, MINUTE), true, to, true).values()) {
            total += c[0];
            failures += c[1];
        }
        return new Counts(total, failures);
    }

    /** Requests per minute for the n minutes that end with the minute holding {@code to}. */
    public synchronized long[] perMinute(long to, int n) {
        long last = floor(to, MINUTE);
        long[] series = new long[n];
        for (int i = 0; i < n; i++) {
            long[] c = minuteCounts.get(last - (long) (n - 1 - i) * MINUTE);
            series[i] = c == null ? 0 : c[0];
        }
        return series;
    }

    /**
     * Latencies of the requests since {@code from}: at minute resolution while the first, partial
     * hour's minutes still keep their latencies (the last {@link RequestLog#MINUTE_LATENCY_KEPT}),
     * else from the start of the hour that holds {@code from}.
     */
    public synchronized Histogram latencySince(long from) {
        long firstMinute = floor(from, MINUTE);
        long firstWholeHour = ceil(firstMinute, HOUR);
        Histogram merged = LatencyHistograms.empty();
        List<Bucket> edge = repo.load(Grain.MINUTE, firstMinute, firstWholeHour);
        if (everyMinuteHasLatency(edge, firstMinute, firstWholeHour)) {
            edge.forEach(b -> merged.add(b.latency()));
        } else {
            Histogram partialHour = hourLatency.get(floor(from, HOUR));
            if (partialHour != null) {
                merged.add(partialHour);
            }
        }
        for (Histogram h : hourLatency.tailMap(firstWholeHour, true).values()) {
            merged.add(h);
        }
        return merged;
    }

    /** True when every minute with requests in [from, to) has a stored row with its latencies. */
    private boolean everyMinuteHasLatency(List<Bucket> rows, long from, long to) {
        Set<Long> withLatency = new HashSet<>();
        for (Bucket b : rows) {
            if (!b.hasLatency()) {
                return false;
            }
            withLatency.add(b.start());
        }
        for (Map.Entry<Long, long[]> m : minuteCounts.subMap(from, true, to, false).entrySet()) {
            if (m.getValue()[0] > 0 && !withLatency.contains(m.getKey())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds freshly read minutes and the hours that hold them (the reader records each event in
     * both, which is cheaper than merging minute histograms into hours), in the caller's
     * transaction; memory follows once it commits.
     */
    void persist(Connection c, Collection<Bucket> newMinutes, Collection<Bucket> newHours, long now) throws SQLException {
        long version = versions.raise(c, VERSION); // first: other replicas' writes of the aggregates wait from here
        setMinuteCounts(newMinutes, newHours);
        List<Bucket> minutes = mergeStored(c, Grain.MINUTE, newMinutes);
        List<Bucket> hours = mergeStored(c, Grain.HOUR, newHours);
        repo.upsert(c, Grain.MINUTE, minutes, version);
        repo.upsert(c, Grain.HOUR, hours, version);
        long horizon = now - retentionMillis;
        repo.deleteBefore(c, Grain.MINUTE, floor(horizon, MINUTE));
        repo.deleteBefore(c, Grain.HOUR, floor(horizon, HOUR));
        pending = new Pending(minutes, hours, horizon, version);
    }

    private record Pending(List<Bucket> minutes, List<Bucket> hours, long horizon, long version) {
    }

    /** Called after the transaction of {@link #persist} committed. */
    synchronized void committed() {
        if (pending == null) {
            return;
        }
        for (Bucket h : pending.hours()) {
            hourLatency.put(h.start(), h.latency());
            putMinuteCounts(h);
        }
        minuteCounts.headMap(floor(pending.horizon(), MINUTE), false).clear();
        hourLatency.headMap(floor(pending.horizon(), HOUR), false).clear();
        if (pending.version() == current + 1) {
            current = pending.version(); // no other replica wrote in between
        }
        pending = null;
    }

    /** Forgets what {@link #persist} prepared when its transaction rolled back. */
    void rolledBack() {
        pending = null;
    }

    /** Each fresh hour gets the counts of its fresh minutes (every fresh minute's hour is among the fresh hours). */
    private static void setMinuteCounts(Collection<Bucket> newMinutes, Collection<Bucket> newHours) {
        Map<Long, MinuteCounts> byHour = new HashMap<>();
        for (Bucket m : newMinutes) {
            long hour = floor(m.start(), HOUR);
            byHour.computeIfAbsent(hour, h -> new MinuteCounts()).add(hour, m.start(), m.total(), m.failures());
        }
        for (Bucket h : newHours) {
            h.setMinuteCounts(byHour.getOrDefault(h.start(), new MinuteCounts()));
        }
    }

    /**
     * The fresh buckets added to what is stored for the same start; a new start keeps its fresh
     * bucket. A fresh minute without latencies (older than {@link RequestLog#MINUTE_LATENCY_KEPT}) is
     * written only over a stored row (which then keeps counts only, so latencySince falls back to the
     * hour): its counts live in its hour's row.
     */
    private List<Bucket> mergeStored(Connection c, Grain g, Collection<Bucket> fresh) throws SQLException {
        Set<Long> starts = new HashSet<>();
        for (Bucket b : fresh) {
            starts.add(b.start());
        }
        Map<Long, Bucket> stored = repo.find(c, g, starts);
        List<Bucket> merged = new ArrayList<>(fresh.size());
        for (Bucket b : fresh) {
            Bucket total = stored.get(b.start());
            if (total == null) {
                if (g == Grain.HOUR || b.hasLatency()) {
                    merged.add(b);
                }
            } else {
                total.add(b);
                merged.add(total);
            }
        }
        return merged;
    }

    static long floor(long t, long unit) {
        return Math.floorDiv(t, unit) * unit;
    }

    static long ceil(long t, long unit) {
        return -Math.floorDiv(-t, unit) * unit;
    }

    /** Total and failed requests. */
    public record Counts(long total, long failures) {
        public double errorRatePct() {
            return total == 0 ? 0 : 100.0 * failures / total;
        }
    }
}
