package base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows an input file the app appends to (request events, usage events): reads the complete
 * lines appended since the saved position in bounded batches, and hands each batch with its end
 * position to the caller, who saves both in one transaction. Rotation, truncation and invalid lines
 * are logged once per catch-up. The count of invalid lines is kept with the position, so it is the
 * input's total whichever job read the lines; a rotated or truncated file is counted from its start again.
 * The daemon's appender rotates the file only through its follower: after a catch-up, if the file is
 * past LOGS_MAX_MB, the rest is folded with appends held off and the file is renamed once it is all read.
 * Positions are this replica's, per file ({@link ReadPositions}); a batch whose position another
 * process moved meanwhile is rolled back and the lines are read on from there, so none counts twice.
 */
public final class InputFollower {
    private static final Logger LOG = LoggerFactory.getLogger(InputFollower.class);

    /** What a capability makes of lines: it folds each one and says when it holds enough to save. */
    public interface Batch extends IncrementalLineReader.LineHandler {
        /** True when the batch should be saved before reading on (bounds memory on a backlog). */
        boolean full();

        /** Lines that were not valid events. */
        SkippedLines skipped();
    }

    /** Saves a batch and the progress after its last line (position and skipped total), in one transaction. */
    @FunctionalInterface
    public interface Saver<B> {
        void save(B batch, ReadPositions.Progress progress);
    }

    /**
     * What one catch-up read: lines seen, lines skipped as invalid, and whether the file started over;
     * {@code skippedSinceStart} is the input's total, counting lines other catch-ups read.
     */
    public record CatchUp(long lines, long skipped, boolean restarted, long skippedSinceStart) {
    }

    private final Path file;
    private final ReadPositions.Input input;
    /** The position the batch being folded was read from: its save must find it unchanged. */
    private ReadPositions.Progress readFrom = ReadPositions.Progress.START;
    private final String events;
    private final ReadPositions positions;
    private final IncrementalLineReader reader;
    private final AppendFence fence;
    /** This follower rotated the file: the next read starting over is expected, not news for the log. */
    private volatile boolean rotatedHere;

    /** @param input the kind of input (its position's name before positions were per file); @param events what its lines are, for the log */
    public InputFollower(Path file, String input, String events, ReadPositions positions) {
        this(file, input, events, positions, AppendFence.NONE);
    }

    /**
     * @param fence the appender of this process that writes into the file too (posted events): lines of
     *              an append under way are not read, as a failed append is cut back and answered as an error
     */
    public InputFollower(Path file, String input, String events, ReadPositions positions, AppendFence fence) {
        this.file = file;
        this.input = new ReadPositions.Input(input, file);
        this.events = events;
        this.positions = positions;
        positions.adopt(this.input);
        this.reader = new IncrementalLineReader(fence);
        this.fence = fence;
        fence.followed(file);
    }

    public Path file() {
        return file;
    }

    public <B extends Batch> CatchUp catchUp(Supplier<B> newBatch, Saver<B> saver) {
        return catchUp(newBatch, Long.MAX_VALUE, null, saver);
    }

    /**
     * Like {@link #catchUp(Supplier, Saver)}, but a backlog of more than {@code splitBytes} is read
     * in two halves on two threads, each into its own batch; {@code merge} then adds the second
     * batch into the first, which is saved once with the end position. Each half keeps the batch's
     * bound, so a split read holds at most twice a batch in memory.
     */
    public <B extends Batch> CatchUp catchUp(Supplier<B> newBatch, long splitBytes, BiConsumer<B, B> merge, Saver<B> saver) {
        boolean expectedRestart = rotatedHere;
        Tally tally = new Tally();
        boolean full;
        do {
            full = pass(newBatch, splitBytes, merge, saver, tally);
        } while (full);
        // appends wait while the rest is folded, so a busy input still reaches its end and can be rotated
        boolean rotatedNow = fence.foldRestThenRotate(file, () -> {
            pass(newBatch, splitBytes, merge, saver, tally);
            return tally.end;
        });
        if (tally.restarted) {
            if (expectedRestart) {
                LOG.info("{}: started the new file after rotating the one read to its end", file);
            } else {
                LOG.warn("{} was rotated or truncated; read it again from its start", file);
            }
        }
        // until the new file is first read (it may not exist yet), its start is still expected
        rotatedHere = rotatedNow || expectedRestart && !tally.restarted;
        if (tally.skipped.count() > 0) {
            LOG.warn("{}: skipped {} line(s) that are not valid {}; the first: {}", file, tally.skipped.count(), events,
                    tally.skipped.first());
        }
        return new CatchUp(tally.lines, tally.skipped.count(), tally.restarted, tally.total);
    }

    /** What the passes of one catch-up added up to, and where the last one stopped. */
    private static final class Tally {
        long lines;
        final SkippedLines skipped = new SkippedLines();
        boolean restarted;
        long total;
        long end;
    }

    /** Reads one batch from the saved position and saves it; returns true when the batch was full (read on). */
    private <B extends Batch> boolean pass(Supplier<B> newBatch, long splitBytes, BiConsumer<B, B> merge, Saver<B> saver,
                                           Tally tally) {
        B batch = newBatch.get();
        B second = merge == null ? null : newBatch.get();
        ReadPositions.Progress from = positions.load(input);
        readFrom = from;
        IncrementalLineReader.SplitResult split = read(from.position(), batch, splitBytes, second);
        if (split.secondUsed()) {
            merge.accept(batch, second);
        }
        IncrementalLineReader.Result r = split.result();
        if (r.lines() == 0 && r.position().equals(from.position())) {
            tally.total = from.skippedLines();
            tally.end = r.position().offset();
            return false; // nothing new: no transaction
        }
        // a file read again from its start is counted again from 0: its old lines are gone
        long total = (r.restarted() ? 0 : from.skippedLines()) + batch.skipped().count();
        try {
            saver.save(batch, new ReadPositions.Progress(r.position(), total));
        } catch (ReadPositions.Moved moved) {
            LOG.info("{}: another process folded these lines first; reading on from its position", file);
            return true;
        }
        tally.lines += r.lines();
        tally.skipped.add(batch.skipped());
        tally.restarted |= r.restarted();
        tally.total = total;
        tally.end = r.position().offset();
        return batch.full();
    }

    /** Lines of the input skipped as invalid since its start (or its rotation), as last saved; no file is read. */
    public long skippedLines() {
        return positions.load(input).skippedLines();
    }

    private IncrementalLineReader.SplitResult read(IncrementalLineReader.Position from, Batch batch, long splitBytes,
                                                   Batch second) {
        try {
            return reader.readSplit(file, from, second == null ? Long.MAX_VALUE : splitBytes, batch, second);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Saves the progress within the caller's transaction, beside what it made of the lines; throws
     * {@link ReadPositions.Moved} (the caller rolls back) when another process moved the position meanwhile.
     */
    public void saveProgress(java.sql.Connection c, ReadPositions.Progress progress) throws java.sql.SQLException {
        positions.save(c, input, readFrom, progress);
    }
}
