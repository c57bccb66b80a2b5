package requests;

import java.io.ByteArrayOutputStream;

/**
 * The total and failed requests of each minute of one hour, kept in the hour's row as one value
 * (60 pairs of unsigned varints): a 30-day backfill then writes 720 hour rows instead of one row
 * per minute. Minutes that keep a latency histogram also have their own row (request_minutes).
 */
final class MinuteCounts {
    static final int MINUTES = 60;

    private final long[] counts = new long[2 * MINUTES];

    /** Adds the requests of the minute starting {@code minuteStart}, which lies in the hour starting {@code hourStart}. */
    void add(long hourStart, long minuteStart, long total, long failures) {
        int i = 2 * (int) ((minuteStart - hourStart) / RequestAggregates.MINUTE);
        counts[i] += total;
        counts[i + 1] += failures;
    }

    void add(MinuteCounts other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    long total(int minute) {
        return counts[2 * minute];
    }

    long failures(int minute) {
        return counts[2 * minute + 1];
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 * MINUTES + 16);
        for (long v : counts) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
        return out.toByteArray();
    }

    static MinuteCounts decode(byte[] bytes) {
        MinuteCounts m = new MinuteCounts();
        int pos = 0;
        try {
            for (int i = 0; i < m.counts.length; i++) {
                long v = 0;
                int shift = 0;
                int b;
                do {
                    b = bytes[pos++];
                    v |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0 && shift < 64);
                m.counts[i] = v;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("the stored minute counts of an hour are cut short (" + bytes.length
                    + " bytes): delete the state DB and let the daemon read the request events again", e);
        }
        if (pos != bytes.length) {
            throw new IllegalStateException("the stored minute counts of an hour have " + (bytes.length - pos)
                    + " bytes too many: delete the state DB and let the daemon read the request events again");
        }
        return m;
    }
}
