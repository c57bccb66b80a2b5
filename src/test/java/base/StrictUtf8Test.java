package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Where bytes stop being UTF-8, as the JDK's strict decoder says, past the ASCII shortcut too. */
class StrictUtf8Test {

    @ParameterizedTest(name = "{0}: invalid at {1} ({2})")
    @CsvSource(delimiter = '|', value = {
            "61 62 C0 AF 63          | 2  | C0",
            "78 ED A0 80 79          | 1  | ED A0 80",
            "61 E2 82                | 1  | E2 82",
            "F4 90 80 80             | 0  | F4",
            "E2 82 AC 20 FF          | 4  | FF",
            "61 61 61 61 61 61 61 61 61 E0 80 AF | 9 | E0"})
    void an_invalid_sequence_is_reported_at_its_first_byte(String hex, int offset, String bad) {
        StrictUtf8.Invalid invalid = StrictUtf8.check(bytes(hex)).orElseThrow();
        assertThat(invalid.offset()).isEqualTo(offset);
        assertThat(invalid.hex()).isEqualTo(bad);
    }

    @ParameterizedTest(name = "{0} is valid")
    @CsvSource({"''", "61 62 63", "E2 82 AC", "F0 9F 98 80 61", "C3 A9 C3 A9 C3 A9 C3 A9 C3 A9", "EF BF BF"})
    void valid_utf8_passes(String hex) {
        assertThat(StrictUtf8.check(bytes(hex))).isEmpty();
    }

    @Test
    void random_bytes_are_judged_as_the_jdk_decoder_judges_them() {
        Random rnd = new Random(5);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "\u00e9".getBytes(StandardCharsets.UTF_8),
                "\u20ac".getBytes(StandardCharsets.UTF_8), "\ud83d\ude00".getBytes(StandardCharsets.UTF_8),
                {(byte) 0xC0}, {(byte) 0xAF}, {(byte) 0xED, (byte) 0xA0}, {(byte) 0xF8}, {(byte) 0xE2, (byte) 0x82}};
        for (int n = 0; n < 20_000; n++) {
            ByteBuffer b = ByteBuffer.allocate(400);
            int count = rnd.nextInt(60);
            boolean damaged = rnd.nextInt(3) == 0;
            for (int k = 0; k < count; k++) {
                b.put(pieces[rnd.nextInt(damaged ? pieces.length : 4)]);
            }
            byte[] bytes = java.util.Arrays.copyOf(b.array(), b.position());
            assertThat(StrictUtf8.check(bytes).isPresent()).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(!decodes(bytes));
        }
    }

    private static boolean decodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(String hex) {
        String h = hex.replace(" ", "");
        return java.util.HexFormat.of().parseHex(h);
    }
}
