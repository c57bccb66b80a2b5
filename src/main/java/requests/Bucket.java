package requests;

import org.HdrHistogram.Histogram;

/** The requests of one minute or one hour: how many, how many failed, and their latencies. */
public final class Bucket {
    private final long start;
    private long total;
    private long failures;
    private final Histogram latency;

    Bucket(long start, long total, long failures, Histogram latency) {
        this.start = start;
        this.total = total;
        this.failures = failures;
        this.latency = latency;
    }

    static Bucket empty(long start) {
        return new Bucket(start, 0, 0, LatencyHistograms.empty());
    }

    void record(RequestEvent e) {
        total++;
        if (e.failed) {
            failures++;
        }
        LatencyHistograms.record(latency, e.latencyMs);
    }

    void add(Bucket other) {
        total += other.total;
        failures += other.failures;
        latency.add(other.latency);
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

    public Histogram latency() {
        return latency;
    }
}
