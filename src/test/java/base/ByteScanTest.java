package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The word-at-a-time searches must find exactly the byte a byte-at-a-time loop finds. */
class ByteScanTest {
    /** '\n' and the bytes a wrong bit trick would take for it (its neighbours, with and without the high bit). */
    private static final byte[] EDGES = {'\n', 0x0b, 0x09, (byte) 0x8a, (byte) 0xff, 0x00, 0x01, (byte) 0x80, '*'};

    @Test
    void findsTheFirstNewlineOfAnyRangeAsAPlainLoopDoes() {
        Random rnd = new Random(7);
        for (int n = 0; n < 50_000; n++) {
            byte[] b = randomBytes(rnd);
            int from = rnd.nextInt(b.length + 1);
            int to = from + rnd.nextInt(b.length - from + 1);
            assertThat(ByteScan.nextNewline(b, from, to)).as("from %d to %d", from, to).isEqualTo(plainLoop(b, from, to));
        }
    }

    @Test
    void aRangeWithoutANewlineAnswersMinusOne() {
        byte[] b = "no newline in these bytes at all".getBytes(StandardCharsets.US_ASCII);
        assertThat(ByteScan.nextNewline(b, 0, b.length)).isEqualTo(-1);
        assertThat(ByteScan.nextNewline(b, 5, 5)).isEqualTo(-1);
    }

    /** Mostly letters, so that words without a newline are common, with edge bytes mixed in. */
    private static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[rnd.nextInt(40)];
        int density = 2 + rnd.nextInt(30);
        for (int k = 0; k < b.length; k++) {
            b[k] = rnd.nextInt(density) == 0 ? EDGES[rnd.nextInt(EDGES.length)] : (byte) ('a' + rnd.nextInt(26));
        }
        return b;
    }

    private static int plainLoop(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsTheFirstNonAsciiByteOfAnyRangeAsAPlainLoopDoes() {
        Random rnd = new Random(11);
        for (int n = 0; n < 50_000; n++) {
            byte[] b = randomBytes(rnd);
            int from = rnd.nextInt(b.length + 1);
            int to = from + rnd.nextInt(b.length - from + 1);
            int expected = -1;
            for (int i = from; i < to && expected < 0; i++) {
                expected = b[i] < 0 ? i : -1;
            }
            assertThat(ByteScan.nextNonAscii(b, from, to)).as("from %d to %d", from, to).isEqualTo(expected);
        }
    }
}
