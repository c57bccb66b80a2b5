package app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The word-at-a-time search must find exactly the newline a byte-at-a-time loop finds. */
class NewlinesTest {
    @Test
    void findsTheFirstNewlineOfAnyRangeAsAPlainLoopDoes() {
        Random rnd = new Random(7);
        // bytes next to '\n' (0x0a) in value, and 0x8a / 0x0b / 0x09, are where a wrong bit trick would misfire
        byte[] alphabet = {'\n', 0x0b, 0x09, (byte) 0x8a, (byte) 0xff, 0x00, 'a', '"', (byte) 0x80, 0x01};
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[rnd.nextInt(40)];
            for (int k = 0; k < b.length; k++) {
                b[k] = alphabet[rnd.nextInt(rnd.nextBoolean() ? alphabet.length : 2)];
            }
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
            int to = from + rnd.nextInt(b.length - from + 1);
            assertThat(Newlines.next(b, from, to)).as("from %d to %d", from, to).isEqualTo(plainLoop(b, from, to));
        }
    }

    @Test
    void aRangeWithoutNewlinesAnswersMinusOne() {
        byte[] b = "no newline in these bytes at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Newlines.next(b, 0, b.length)).isEqualTo(-1);
        assertThat(Newlines.next(b, 5, 5)).isEqualTo(-1);
    }

    private static int plainLoop(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
