package requests;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import base.AppendFence;
import base.InputFollower;
import base.PostedFolds;
import base.ReadPositions;
import base.SkippedLines;
import base.StateDb;

/**
 * The one reader of METRICS_REQUESTS_FILE: folds the lines appended since the last read into
 * the aggregates, and saves them with the read position (and the count of invalid lines) in one
 * transaction. SLO and autoscale both call {@link #catchUp()} and then query {@link #aggregates()}.
 */
public final class RequestLog {
    /** Latency histograms folded before a batch is saved, bounding memory on a large backlog. */
    private static final int MAX_HISTOGRAMS_PER_BATCH = 1024;
    /** A backlog larger than this parses on two threads (docs/benchmarks.md); smaller ones are not worth a thread. */
    public static final long SPLIT_BYTES = 8 << 20;
    /** Minutes younger than this keep a latency histogram (autoscale's 10 minutes, a fresh baseline). */
    static final long MINUTE_LATENCY_KEPT = 6 * RequestAggregates.HOUR;

    private final InputFollower input;
    private final StateDb db;
    private final RequestAggregates aggregates;
    private final Clock clock;
    private final long splitBytes;
    private final PostedFolds posted = new PostedFolds(this::catchUp);
    /** Totals for the daemon's metrics; null when nobody counts (one-shot runs, the benchmark). */
    private volatile RequestTally tally;

    public RequestLog(Path file, StateDb db, ReadPositions positions, int retentionDays, Clock clock) {
        this(file, db, positions, retentionDays, clock, SPLIT_BYTES);
    }

    /** @param splitBytes the backlog above which a catch-up parses on two threads (tests lower it, the benchmark turns it off) */
    public RequestLog(Path file, StateDb db, ReadPositions positions, int retentionDays, Clock clock, long splitBytes) {
        this(file, db, positions, retentionDays, clock, splitBytes, AppendFence.NONE);
    }

    /** @param fence the daemon's appender, which writes posted events into the same file (never read mid-append) */
    public RequestLog(Path file, StateDb db, ReadPositions positions, int retentionDays, Clock clock, long splitBytes,
                      AppendFence fence) {
        this.splitBytes = splitBytes;
        this.input = new InputFollower(file, "requests", "request events", positions, fence);
        this.db = db;
        this.clock = clock;
        this.aggregates = new RequestAggregates(new AggregateRepository(db),
                retentionDays * 24 * RequestAggregates.HOUR, clock.millis());
    }

    /** Adds every batch folded from now on to {@code t}, once it is committed. */
    public RequestLog counting(RequestTally t) {
        this.tally = t;
        return this;
    }

    public Path file() {
        return input.file();
    }

    public RequestAggregates aggregates() {
        return aggregates;
    }

    /** Folds posted events once their append is complete (shared with concurrent posts); committed when it returns. */
    public void foldPosted() {
        posted.foldAfterAppend();
    }

    /**
     * Reads every complete line appended since the last call, then takes in what other replicas
     * folded into the shared aggregates meanwhile.
     */
    public synchronized InputFollower.CatchUp catchUp() {
        long minuteLatencyFrom = clock.millis() - MINUTE_LATENCY_KEPT;
        InputFollower.CatchUp read = input.catchUp(() -> new Batch(minuteLatencyFrom), splitBytes, Batch::merge, this::save);
        aggregates.refresh(clock.millis());
        return read;
    }

    private void save(Batch batch, ReadPositions.Progress progress) {
        try {
            db.inTransaction(c -> {
                aggregates.persist(c, batch.minutes.values(), batch.hours.values(), clock.millis());
                input.saveProgress(c, progress);
                return null;
            });
            aggregates.committed();
            RequestTally t = tally;
            if (t != null) {
                t.add(batch.hours.values(), batch.skipped.count());
            }
        } catch (RuntimeException e) {
            aggregates.rolledBack();
            throw e;
        }
    }

    private final class Batch implements InputFollower.Batch {
        final Map<Long, Bucket> minutes = new HashMap<>();
        final Map<Long, Bucket> hours = new HashMap<>();
        final RequestEvent event = new RequestEvent();
        /** Per batch, as the two halves of a split read parse on two threads. */
        final RequestEventParser parser = new RequestEventParser();
        final long minuteLatencyFrom;
        Bucket minute;
        Bucket hour;
        final SkippedLines skipped = new SkippedLines();
        int histograms;

        Batch(long minuteLatencyFrom) {
            this.minuteLatencyFrom = minuteLatencyFrom;
        }

        @Override
        public boolean line(byte[] b, int off, int len) {
            String problem = parser.parse(b, off, len, event);
            if (problem != null) {
                skipped.add(b, off, len, problem);
                return true;
            }
            long t = event.epochMillis();
            // events come roughly in time order: the maps are consulted only when the minute or the hour changes
            if (!holds(minute, t, RequestAggregates.MINUTE)) {
                minute = minutes.computeIfAbsent(RequestAggregates.floor(t, RequestAggregates.MINUTE), this::newMinute);
                if (!holds(hour, t, RequestAggregates.HOUR)) {
                    hour = hours.computeIfAbsent(RequestAggregates.floor(t, RequestAggregates.HOUR), this::newHour);
                }
            }
            minute.record(event);
            hour.record(event);
            return !full();
        }

        private static boolean holds(Bucket b, long t, long length) {
            return b != null && t >= b.start() && t < b.start() + length;
        }

        /** Adds the batch of the next lines (the second half of a split read): counts and histograms add. */
        void merge(Batch next) {
            next.minutes.forEach((start, b) -> minutes.merge(start, b, Batch::sum));
            next.hours.forEach((start, b) -> hours.merge(start, b, Batch::sum));
            skipped.add(next.skipped);
            histograms = (int) (minutes.values().stream().filter(Bucket::hasLatency).count() + hours.size());
        }

        private static Bucket sum(Bucket a, Bucket b) {
            a.add(b);
            return a;
        }

        private Bucket newMinute(long start) {
            if (start < minuteLatencyFrom) {
                return Bucket.countsOnly(start);
            }
            histograms++;
            return Bucket.empty(start);
        }

        private Bucket newHour(long start) {
            histograms++;
            return Bucket.empty(start);
        }

        @Override
        public boolean full() {
            return histograms >= MAX_HISTOGRAMS_PER_BATCH;
        }

        @Override
        public SkippedLines skipped() {
            return skipped;
        }
    }
}
