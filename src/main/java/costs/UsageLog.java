package costs;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import base.AppendFence;
import base.InputFollower;
import base.PostedFolds;
import base.ReadPositions;
import base.SkippedLines;
import base.StateDb;
import base.StateVersions;

/**
 * The one reader of METRICS_USAGE_FILE: folds the lines appended since the last read into
 * per-model per-minute spend and saves it with the read position in one transaction, so a line
 * is never counted twice and the history is never read again. Buckets older than the window
 * (plus an hour of slack) are dropped.
 */
final class UsageLog {
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final long WINDOW = 24 * HOUR;
    private static final long RETENTION = WINDOW + HOUR;
    /** Distinct buckets folded before a batch is saved, bounding memory on a large backlog. */
    private static final int MAX_BUCKETS_PER_BATCH = 4096;

    /** The state version (base.StateVersions) that spend and caps raise: replicas re-evaluate when it moves. */
    static final String VERSION = "costs";
    private final InputFollower input;
    private final StateDb db;
    private final StateVersions versions;
    private final UsageRepository repo;
    private final UsageEventParser parser;
    private final Clock clock;
    private final PostedFolds posted = new PostedFolds(this::catchUp);

    /** @param fence the daemon's appender, which writes posted usage into the same file (never read mid-append) */
    UsageLog(Path file, StateDb db, ReadPositions positions, AppendFence fence, UsageRepository repo, UsageEventParser parser,
             Clock clock) {
        this.input = new InputFollower(file, "usage", "usage events", positions, fence);
        this.db = db;
        this.versions = new StateVersions(db);
        this.repo = repo;
        this.parser = parser;
        this.clock = clock;
    }

    Path file() {
        return input.file();
    }

    /** Reads every complete line appended since the last call; returns the events too old to count. */
    synchronized long catchUp() {
        long[] stale = {0};
        input.catchUp(() -> new Batch(clock.millis() - RETENTION), (batch, progress) -> {
            save(batch, progress);
            stale[0] += batch.stale;
        });
        return stale[0];
    }

    /** Folds posted usage once its append is complete (shared with concurrent posts); committed when it returns. */
    void foldPosted() {
        posted.foldAfterAppend();
    }

    /** Lines of the usage file that were not valid events, since its start (or its rotation). */
    long skippedLines() {
        return input.skippedLines();
    }

    /** Spend buckets of the last 24 h and a minute (the minute holding now - 24 h included). */
    List<UsageRepository.Row> window(long now) {
        return repo.since(floor(now - WINDOW, MINUTE));
    }

    private void save(Batch batch, ReadPositions.Progress progress) {
        db.inTransaction(c -> {
            versions.raise(c, VERSION);
            repo.add(c, batch.buckets);
            repo.deleteBefore(c, floor(batch.horizon, MINUTE));
            input.saveProgress(c, progress);
            return null;
        });
    }

    static long floor(long t, long unit) {
        return Math.floorDiv(t, unit) * unit;
    }

    private final class Batch implements InputFollower.Batch {
        final Map<UsageRepository.Key, long[]> buckets = new HashMap<>();
        final long horizon;
        final SkippedLines skipped = new SkippedLines();
        long stale;

        Batch(long horizon) {
            this.horizon = horizon;
        }

        @Override
        public boolean line(byte[] b, int off, int len) {
            UsageEventParser.Parsed p = parser.parse(b, off, len);
            if (p.event() == null) {
                skipped.add(b, off, len, p.problem());
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
            return !full();
        }

        @Override
        public boolean full() {
            return buckets.size() >= MAX_BUCKETS_PER_BATCH;
        }

        @Override
        public SkippedLines skipped() {
            return skipped;
        }
    }
}
