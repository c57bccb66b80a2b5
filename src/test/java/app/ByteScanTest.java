package app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The word-at-a-time searches must find exactly the byte a byte-at-a-time loop finds. */
class ByteScanTest {
    /** Bytes at and next to each class edge ('\n', ' ', '"', '\\', DEL, 0x80), where a wrong bit trick misfires. */
    private static final byte[] EDGES = {'\n', 0x0b, 0x09, (byte) 0x8a, (byte) 0xff, 0x00, 0x1f, ' ', '!', '"', '#',
        '[', '\\', ']', 0x7e, 0x7f, (byte) 0x80, (byte) 0xa2, (byte) 0xdc, 'a', '0'};

    @Test
    void nextNewlineFindsWhatAPlainLoopFinds() {
        Random rnd = new Random(7);
        for (int n = 0; n < 50_000; n++) {
            byte[] b = randomBytes(rnd);
            int from = rnd.nextInt(b.length + 1);
            int to = from + rnd.nextInt(b.length - from + 1);
            assertThat(ByteScan.nextNewline(b, from, to)).as("from %d to %d", from, to)
                    .isEqualTo(first(b, from, to, c -> c == '\n', -1));
        }
    }

    @Test
    void plainStringEndFindsWhatAPlainLoopFinds() {
        Random rnd = new Random(11);
        for (int n = 0; n < 50_000; n++) {
            byte[] b = randomBytes(rnd);
            int from = rnd.nextInt(b.length + 1);
            int to = from + rnd.nextInt(b.length - from + 1);
            assertThat(ByteScan.plainStringEnd(b, from, to)).as("from %d to %d", from, to)
                    .isEqualTo(first(b, from, to, c -> c < 0x20 || c > 0x7e || c == '"' || c == '\\', to));
        }
    }

    @Test
    void rangesWithoutTheByteAnswerTheirDefault() {
        byte[] b = "no newline, no quote in these bytes".getBytes(StandardCharsets.US_ASCII);
        assertThat(ByteScan.nextNewline(b, 0, b.length)).isEqualTo(-1);
        assertThat(ByteScan.nextNewline(b, 5, 5)).isEqualTo(-1);
        assertThat(ByteScan.plainStringEnd(b, 0, b.length)).isEqualTo(b.length);
        assertThat(ByteScan.plainStringEnd(b, 3, 20)).isEqualTo(20);
    }

    /** Mostly plain letters, so that words without a hit are common, with edge bytes mixed in. */
    private static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[rnd.nextInt(40)];
        int density = 2 + rnd.nextInt(30);
        for (int k = 0; k < b.length; k++) {
            b[k] = rnd.nextInt(density) == 0 ? EDGES[rnd.nextInt(EDGES.length)] : (byte) ('a' + rnd.nextInt(26));
        }
        return b;
    }

    private interface ByteTest {
        boolean matches(int unsignedByte);
    }

    private static int first(byte[] b, int from, int to, ByteTest test, int none) {
        for (int i = from; i < to; i++) {
            if (test.matches(b[i] & 0xff)) {
                return i;
            }
        }
        return none;
    }
}
