package requests;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;

import org.HdrHistogram.Histogram;

/**
 * Running totals of the request events folded since start: how many, how many failed, and how
 * their latencies fall into fixed buckets, for a Prometheus counter and histogram. Added a saved
 * batch at a time from the batch's hour histograms (not event by event, which would cost more than
 * parsing the event); a bucket edge is placed within HdrHistogram's resolution (under 1 %).
 * A backlog folded at start counts at once, as the events are folded, not as they happened.
 */
public final class RequestTally {
    private final double[] boundsMs;
    private final long[] boundsMicros;
    private long total;
    private long failures;
    private long skipped;
    private double sumMs;
    /** Cumulative: requests at or under each bound; the last is every request (+Inf). */
    private final long[] atOrUnder;

    /** Buckets at these latencies (ms) plus +Inf; duplicates are dropped and the rest sorted. */
    public RequestTally(double... boundsMs) {
        TreeSet<Double> sorted = new TreeSet<>();
        for (double b : boundsMs) {
            if (b > 0 && Double.isFinite(b)) {
                sorted.add(b);
            }
        }
        this.boundsMs = sorted.stream().mapToDouble(Double::doubleValue).toArray();
        this.boundsMicros = Arrays.stream(this.boundsMs).mapToLong(ms -> Math.round(ms * 1000)).toArray();
        this.atOrUnder = new long[this.boundsMs.length + 1];
    }

    synchronized void add(Collection<Bucket> hours, long skippedLines) {
        skipped += skippedLines;
        for (Bucket h : hours) {
            total += h.total();
            failures += h.failures();
            Histogram latency = h.latency();
            if (latency == null || latency.getTotalCount() == 0) {
                continue;
            }
            sumMs += latency.getMean() * latency.getTotalCount() / 1000.0;
            for (int i = 0; i < boundsMicros.length; i++) {
                atOrUnder[i] += latency.getCountBetweenValues(0, boundsMicros[i]);
            }
            atOrUnder[boundsMicros.length] += latency.getTotalCount();
        }
    }

    /** The totals now, in one consistent piece. */
    public synchronized Snapshot snapshot() {
        long[] perBucket = new long[atOrUnder.length];
        for (int i = 0; i < atOrUnder.length; i++) {
            perBucket[i] = atOrUnder[i] - (i == 0 ? 0 : atOrUnder[i - 1]);
        }
        double[] bounds = Arrays.copyOf(boundsMs, boundsMs.length + 1);
        bounds[boundsMs.length] = Double.POSITIVE_INFINITY;
        return new Snapshot(total, failures, skipped, bounds, perBucket, sumMs);
    }

    /** Upper bounds in ms ending with +Inf, the count of each bucket (not cumulative), the latency sum in ms. */
    public record Snapshot(long total, long failures, long skippedLines, double[] upperBoundsMs, long[] bucketCounts, double sumMs) {
    }
}
