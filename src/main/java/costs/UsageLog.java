package costs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.IncrementalLineReader;
import app.ReadPositions;
import app.StateDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of METRICS_USAGE_FILE: folds the lines appended since the last read into
 * per-model per-minute spend and saves it with the read position in one transaction, so a line
 * is never counted twice and the history is never read again. Buckets older than the window
 * (plus an hour of slack) are dropped.
 */
final class UsageLog {
    private static final Logger LOG = LoggerFactory.getLogger(UsageLog.class);
    private static final String INPUT = "usage";
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final long WINDOW = 24 * HOUR;
    private static final long RETENTION = WINDOW + HOUR;
    /** Distinct buckets folded before a batch is saved, bounding memory on a large backlog. */
    private static final int MAX_BUCKETS_PER_BATCH = 4096;

    private final Path file;
    private final StateDb db;
    private final ReadPositions positions;
    private final UsageRepository repo;
    private final UsageEventParser parser;
    private final IncrementalLineReader reader = new IncrementalLineReader();
    private final Clock clock;

    UsageLog(Path file, StateDb db, ReadPositions positions, UsageRepository repo, UsageEventParser parser, Clock clock) {
        this.file = file;
        this.db = db;
        this.positions = positions;
        this.repo = repo;
        this.parser = parser;
        this.clock = clock;
    }

    Path file() {
        return file;
    }

    /** What one catch-up read: valid events, lines skipped as invalid, events too old to count. */
    record CatchUp(long events, long skipped, long stale) {
    }

    synchronized CatchUp catchUp() {
        long events = 0;
        long skipped = 0;
        long stale = 0;
        boolean restarted = false;
        while (true) {
            Batch batch = new Batch(clock.millis() - RETENTION);
            IncrementalLineReader.Result r = read(batch);
            events += batch.events;
            skipped += batch.skipped;
            stale += batch.stale;
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
            LOG.warn("{}: skipped {} line(s) that are not valid usage events", file, skipped);
        }
        return new CatchUp(events, skipped, stale);
    }

    /** Spend buckets of the last 24 h and a minute (the minute holding now - 24 h included). */
    List<UsageRepository.Row> window(long now) {
        return repo.since(floor(now - WINDOW, MINUTE));
    }

    private IncrementalLineReader.Result read(Batch batch) {
        try {
            return reader.read(file, positions.load(INPUT), batch::fold);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void save(Batch batch, IncrementalLineReader.Position position) {
        db.inTransaction(c -> {
            repo.add(c, batch.buckets);
            repo.deleteBefore(c, floor(batch.horizon, MINUTE));
            positions.save(c, INPUT, position);
            return null;
        });
    }

    static long floor(long t, long unit) {
        return Math.floorDiv(t, unit) * unit;
    }

    private final class Batch {
        final Map<UsageRepository.Key, long[]> buckets = new HashMap<>();
        final long horizon;
        long events;
        long skipped;
        long stale;

        Batch(long horizon) {
            this.horizon = horizon;
        }

        boolean fold(byte[] b, int off, int len) {
            UsageEventParser.Parsed p = parser.parse(b, off, len);
            if (p.event() == null) {
                skipped++;
                return true;
            }
            UsageEvent e = p.event();
            if (e.epochMillis() < horizon) {
                stale++;
                return true;
            }
            long[] bucket = buckets.computeIfAbsent(new UsageRepository.Key(e.model(), floor(e.epochMillis(), MINUTE)),
                    k -> new long[2]);
            bucket[0] = Math.addExact(bucket[0], e.nanos());
            bucket[1]++;
            events++;
            return !full();
        }

        boolean full() {
            return buckets.size() >= MAX_BUCKETS_PER_BATCH;
        }
    }
}
