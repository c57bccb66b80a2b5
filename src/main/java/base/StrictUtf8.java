package base;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Says where bytes stop being UTF-8. A lenient decode (new String(bytes, UTF_8)) turns an invalid
 * sequence into U+FFFD, and the JSON readers of the capabilities accept more than UTF-8 allows;
 * what a client sent must be stored as sent or refused, so bodies are checked once, strictly.
 * The common body is all ASCII: that part is passed over eight bytes at a time, and only what
 * follows the first non-ASCII byte goes through a strict decoder (overlong forms, surrogates,
 * code points over U+10FFFF and cut sequences are all reported).
 */
public final class StrictUtf8 {
    private static final int CHUNK_CHARS = 8192;

    /** Where the first invalid sequence starts (a byte offset from 0) and its bytes. */
    public record Invalid(int offset, byte[] bytes) {
        public String hex() {
            return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
        }
    }

    private StrictUtf8() {
    }

    public static Optional<Invalid> check(byte[] b) {
        int first = ByteScan.nextNonAscii(b, 0, b.length);
        if (first < 0) {
            return Optional.empty();
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, first, b.length - first);
        CharBuffer out = CharBuffer.allocate(Math.min(CHUNK_CHARS, b.length - first + 1));
        CoderResult r;
        while ((r = decoder.decode(in, out, true)).isOverflow()) {
            out.clear(); // the characters are not wanted, only the verdict
        }
        if (r.isUnderflow()) {
            out.clear();
            r = decoder.flush(out);
        }
        if (!r.isError()) {
            return Optional.empty();
        }
        int at = in.position();
        byte[] bad = new byte[Math.min(r.length(), b.length - at)];
        System.arraycopy(b, at, bad, 0, bad.length);
        return Optional.of(new Invalid(at, bad));
    }
}
