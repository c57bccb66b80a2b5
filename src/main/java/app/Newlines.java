package app;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds newlines eight bytes at a time. A byte-at-a-time loop cost more than Jackson's whole
 * parse of the same file (README, Benchmarks); this is the SWAR "has zero byte" test from
 * Sean Anderson's Bit Twiddling Hacks, applied to the word XOR '\n' in every byte.
 */
final class Newlines {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Newlines() {
    }

    /** The index of the first '\n' in b[from, to), or -1. */
    static int next(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long w = (long) LONGS.get(b, i) ^ NEWLINES;
            // only the lowest flagged byte is exact (a borrow can flag bytes above it), and that is the one taken
            long zeros = (w - ONES) & ~w & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
