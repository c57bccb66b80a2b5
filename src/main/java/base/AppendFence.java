package base;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Where a reader of a file this process appends to must stop: past the end of the last append
 * that finished. An append that fails is cut back to the size it started from, and a reader must
 * never have folded the lines it had already written (they were answered with an error).
 */
@FunctionalInterface
public interface AppendFence {
    /** For files no one in this process appends to: the whole file is settled. */
    AppendFence NONE = (file, reading) -> reading.size();

    /** The size of the file as a reader may read it, taken while no append to it is under way. */
    long settledSize(Path file, FileChannel reading) throws IOException;
}
