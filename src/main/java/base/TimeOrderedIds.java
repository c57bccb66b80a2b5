package base;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Row ids that sort by the time they were made, in the layout of a version 7 UUID (48 bits of
 * epoch milliseconds, then random bits). A table keyed by a random UUID dirties a random page of
 * its primary-key index on every insert, and each dirty page is written whole on commit; keys that
 * grow with time are appended to the last page instead. The random part comes from a per-thread
 * generator: these ids name rows, they are not secrets.
 */
public final class TimeOrderedIds {
    private TimeOrderedIds() {
    }

    /** A new id for a row made at {@code epochMillis}. */
    public static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
