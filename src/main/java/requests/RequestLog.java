package requests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import app.IncrementalLineReader;
import app.ReadPositions;
import app.StateDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of METRICS_REQUESTS_FILE: folds the lines appended since the last read into
 * the aggregates, and saves them with the read position in one transaction. SLO and autoscale
 * both call {@link #catchUp()} and then query {@link #aggregates()}.
 */
public final class RequestLog {
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    private static final String INPUT = "requests";
    /** Latency histograms folded before a batch is saved, bounding memory on a large backlog. */
    private static final int MAX_HISTOGRAMS_PER_BATCH = 1024;
    /** Minutes younger than this keep a latency histogram (autoscale's 10 minutes, a fresh baseline). */
    static final long MINUTE_LATENCY_KEPT = 6 * RequestAggregates.HOUR;

    private final Path file;
    private final StateDb db;
    private final ReadPositions positions;
    private final RequestAggregates aggregates;
    private final IncrementalLineReader reader = new IncrementalLineReader();
    private final RequestEventParser parser = new RequestEventParser();
    private final Clock clock;

    public RequestLog(Path file, StateDb db, ReadPositions positions, int retentionDays, Clock clock) {
        this.file = file;
        this.db = db;
        this.positions = positions;
        this.clock = clock;
        this.aggregates = new RequestAggregates(new AggregateRepository(db),
                retentionDays * 24 * RequestAggregates.HOUR, clock.millis());
    }

    public Path file() {
        return file;
    }

    public RequestAggregates aggregates() {
        return aggregates;
    }

    /** Reads every complete line appended since the last call. */
    public synchronized CatchUp catchUp() {
        long lines = 0;
        long skipped = 0;
        boolean restarted = false;
        while (true) {
            Batch batch = new Batch(clock.millis() - MINUTE_LATENCY_KEPT);
            IncrementalLineReader.Result r = readBatch(batch);
            lines += r.lines();
            skipped += batch.skipped;
            restarted |= r.restarted();
            save(batch, r.position());
            if (!batch.full()) {
                break;
            }
        }
        if (restarted) {
            LOG.warn("{} was rotated or truncated; read it again from its start", file);
        }
        if (skipped > 0) {
            LOG.warn("{}: skipped {} line(s) that are not valid request events", file, skipped);
        }
        return new CatchUp(lines, skipped, restarted);
    }

    private IncrementalLineReader.Result readBatch(Batch batch) {
        try {
            return reader.read(file, positions.load(INPUT), batch::fold);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void save(Batch batch, IncrementalLineReader.Position position) {
        try {
            db.inTransaction(c -> {
                aggregates.persist(c, batch.minutes.values(), batch.hours.values(), clock.millis());
                positions.save(c, INPUT, position);
                return null;
            });
            aggregates.committed();
        } catch (RuntimeException e) {
            aggregates.rolledBack();
            throw e;
        }
    }

    /** What one catch-up read: lines seen, lines skipped as invalid, and whether it started over. */
    public record CatchUp(long lines, long skipped, boolean restarted) {
    }

    private final class Batch {
        final Map<Long, Bucket> minutes = new HashMap<>();
        final Map<Long, Bucket> hours = new HashMap<>();
        final RequestEvent event = new RequestEvent();
        final long minuteLatencyFrom;
        Bucket minute;
        Bucket hour;
        long skipped;
        int histograms;

        Batch(long minuteLatencyFrom) {
            this.minuteLatencyFrom = minuteLatencyFrom;
        }

        boolean fold(byte[] b, int off, int len) {
            if (parser.parse(b, off, len, event) != null) {
                skipped++;
                return true;
            }
            long t = event.epochMillis();
            // events come roughly in time order: the map is consulted only when the minute changes
            if (minute == null || t < minute.start() || t >= minute.start() + RequestAggregates.MINUTE) {
                minute = minutes.computeIfAbsent(RequestAggregates.floor(t, RequestAggregates.MINUTE), this::newMinute);
                hour = hours.computeIfAbsent(RequestAggregates.floor(t, RequestAggregates.HOUR), this::newHour);
            }
            minute.record(event);
            hour.record(event);
            return !full();
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

        boolean full() {
            return histograms >= MAX_HISTOGRAMS_PER_BATCH;
        }
    }
}
