package requests;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latency histograms in microseconds, from 1 us to 1 h, with 2 significant digits: a bucket is
 * at most 1/128 of its value wide, and percentiles report the bucket's middle, so they are within
 * 0.4 % of the exact value. Stored in the state DB in HdrHistogram's compressed encoding.
 */
public final class LatencyHistograms {
    static final long HIGHEST_MICROS = 3_600_000_000L;
    private static final int SIGNIFICANT_DIGITS = 2;

    private LatencyHistograms() {
    }

    public static Histogram empty() {
        return new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    static void record(Histogram h, double latencyMs) {
        long micros = Math.max(1, Math.min(HIGHEST_MICROS, Math.round(latencyMs * 1000)));
        h.recordValue(micros);
    }

    /** The percentile in milliseconds (0 for an empty histogram). */
    public static double percentileMs(AbstractHistogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return 0;
        }
        long v = h.getValueAtPercentile(percentile);
        return h.medianEquivalentValue(v) / 1000.0;
    }

    /**
     * HdrHistogram's plain encoding: it already writes runs of empty buckets as one number, so a
     * minute's histogram takes a few hundred bytes. Deflate (the compressed encoding) saved little
     * more and cost more than parsing the minute's events; decode still reads it.
     */
    static byte[] encode(Histogram h, ByteBuffer scratch) {
        scratch.clear();
        int n = h.encodeIntoByteBuffer(scratch);
        return Arrays.copyOf(scratch.array(), n);
    }

    /** A buffer large enough for {@link #encode} of any latency histogram. */
    static ByteBuffer encodeBuffer() {
        return ByteBuffer.allocate(empty().getNeededByteBufferCapacity());
    }

    static Histogram decode(byte[] bytes) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            Histogram h = isCompressed(bytes)
                    ? Histogram.decodeFromCompressedByteBuffer(buf, HIGHEST_MICROS)
                    : Histogram.decodeFromByteBuffer(buf, HIGHEST_MICROS);
            if (h.getLowestDiscernibleValue() == 1 && h.getHighestTrackableValue() == HIGHEST_MICROS
                    && h.getNumberOfSignificantValueDigits() == SIGNIFICANT_DIGITS) {
                return h;
            }
            Histogram sized = empty();
            sized.add(h);
            return sized;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalStateException("a stored latency histogram is corrupt: " + e.getMessage(), e);
        }
    }

    // HdrHistogram's V2 cookies, without the word-size bits: 0x1c849304 is the compressed form.
    private static boolean isCompressed(byte[] bytes) {
        return bytes.length >= 4 && (ByteBuffer.wrap(bytes).getInt() & ~0xf0) == 0x1c849304;
    }
}
