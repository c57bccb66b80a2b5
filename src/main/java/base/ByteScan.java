package base;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds newlines eight bytes at a time: ingest cuts every input byte into lines, and a
 * byte-at-a-time loop cost more than Jackson's whole parse of the same file (docs/benchmarks.md).
 * The word test is the "has zero byte" trick of Sean Anderson's Bit Twiddling Hacks, on the word
 * XOR '\n' in every byte. A flag can be wrong only above a true one (a borrow runs upwards), so
 * the lowest flag of a word, the one taken, is always exact.
 */
public final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = '\n' * ONES;

    private ByteScan() {
    }

    /** The index of the first '\n' in b[from, to), or -1. */
    public static int nextNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long flags = zeroBytes((long) LONGS.get(b, i) ^ NEWLINES);
            if (flags != 0) {
                return i + lowestFlagged(flags);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first byte of b[from, to) that is not ASCII (high bit set), or -1. */
    public static int nextNonAscii(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long flags = (long) LONGS.get(b, i) & HIGHS;
            if (flags != 0) {
                return i + lowestFlagged(flags);
            }
        }
        for (; i < to; i++) {
            if (b[i] < 0) {
                return i;
            }
        }
        return -1;
    }

    private static long zeroBytes(long w) {
        return (w - ONES) & ~w & HIGHS;
    }

    private static int lowestFlagged(long flags) {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }
}
