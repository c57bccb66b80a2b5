package base;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Where a reader of a file this process appends to must stop: past the end of the last append
 * that finished. An append that fails is cut back to the size it started from, and a reader must
 * never have folded the lines it had already written (they were answered with an error).
 * The same appender rotates the file; as an input must be folded whole before it is rotated, its
 * follower says so ({@link #followed}) and rotates it itself after reading ({@link #foldRestThenRotate}).
 */
@FunctionalInterface
public interface AppendFence {
    /** For files no one in this process appends to: the whole file is settled. */
    AppendFence NONE = (file, reading) -> reading.size();

    /** The size of the file as a reader may read it, taken while no append to it is under way. */
    long settledSize(Path file, FileChannel reading) throws IOException;

    /** Reads what is left of a followed file and saves it; returns the offset now saved as read. */
    @FunctionalInterface
    interface FoldRest {
        long foldRest();
    }

    /** Marks a file as an input that a follower folds: appends never rotate it, its follower does. */
    default void followed(Path file) {
    }

    /**
     * When the file is due for rotation, holds appends to it off, lets the follower fold what is left,
     * and rotates it only if that reached its end; otherwise it stays for a later catch-up.
     * Returns whether it rotated the file.
     */
    default boolean foldRestThenRotate(Path file, FoldRest rest) {
        return false;
    }
}
