package requests;

import java.nio.ByteBuffer;
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

    static byte[] encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        byte[] out = new byte[n];
        buf.flip();
        buf.get(out);
        return out;
    }

    static Histogram decode(byte[] bytes) {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            Histogram sized = empty();
            sized.add(h);
            return sized;
        } catch (DataFormatException e) {
            throw new IllegalStateException("a stored latency histogram is corrupt: " + e.getMessage(), e);
        }
    }
}
