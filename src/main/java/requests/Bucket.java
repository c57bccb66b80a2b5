package requests;

import org.HdrHistogram.Histogram;

/**
 * The requests of one minute or one hour: how many, how many failed, and their latencies. A
 * minute older than {@link RequestLog#MINUTE_LATENCY_KEPT} keeps counts only (latency null): its
 * hour holds the latencies, and a 26 KB histogram per old minute made backfills crawl.
 */
public final class Bucket {
    private final long start;
    private long total;
    private long failures;
    private Histogram latency;
    /** An hour's counts per minute (null for a minute, and for an hour until it is saved). */
    private MinuteCounts minuteCounts;

    Bucket(long start, long total, long failures, Histogram latency) {
        this(start, total, failures, latency, null);
    }

    Bucket(long start, long total, long failures, Histogram latency, MinuteCounts minuteCounts) {
        this.start = start;
        this.total = total;
        this.failures = failures;
        this.latency = latency;
        this.minuteCounts = minuteCounts;
    }

    static Bucket empty(long start) {
        return new Bucket(start, 0, 0, LatencyHistograms.empty());
    }

    static Bucket countsOnly(long start) {
        return new Bucket(start, 0, 0, null);
    }

    void record(RequestEvent e) {
        total++;
        if (e.failed) {
            failures++;
        }
        if (latency != null) {
            LatencyHistograms.record(latency, e.latencyMs);
        }
    }

    /** Adds another bucket of the same start; latencies stay only if both sides have them. */
    void add(Bucket other) {
        total += other.total;
        failures += other.failures;
        if (other.minuteCounts != null) {
            if (minuteCounts == null) {
                minuteCounts = new MinuteCounts();
            }
            minuteCounts.add(other.minuteCounts);
        }
        if (latency != null && other.latency != null) {
            latency.add(other.latency);
        } else {
            latency = null;
        }
    }

    /** Sets (not adds) an hour's counts per minute, so that a save repeated after a rollback counts once. */
    void setMinuteCounts(MinuteCounts counts) {
        this.minuteCounts = counts;
    }

    /** An hour's counts per minute; empty when none were set. */
    MinuteCounts minuteCounts() {
        return minuteCounts == null ? new MinuteCounts() : minuteCounts;
    }

    boolean hasLatency() {
        return latency != null;
    }

    public long start() {
        return start;
    }

    public long total() {
        return total;
    }

    public long failures() {
        return failures;
    }

    /** The latencies, or null for an old minute that keeps counts only. */
    public Histogram latency() {
        return latency;
    }
}
