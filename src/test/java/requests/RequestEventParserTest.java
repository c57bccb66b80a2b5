package requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The fast scanner must read every line exactly as the Jackson path does, or leave it to Jackson. */
class RequestEventParserTest {
    private final RequestEventParser parser = new RequestEventParser();

    private static final List<String> LINES = List.of(
            "{\"ts\":\"2025-10-20T17:59:58.120Z\",\"route\":\"/api/chat\",\"status\":200,\"latency_ms\":742.3}",
            "{\"ts\":1760983198120,\"status\":503,\"latency_ms\":12}",
            "{\"ts\":1760983198.12,\"latency_ms\":0.1,\"ok\":false}",
            "{\"ts\":\"2025-10-20T19:59:58+02:00\",\"latency_ms\":5,\"error\":\"timeout\"}",
            "{\"ts\":\"2025-10-20T17:59:58Z\",\"latency_ms\":5,\"error\":null,\"ok\":true,\"status\":null}",
            " { \"ts\" : 1760983198 , \"latency_ms\" : 1e3 }\r",
            "{\"ts\":1760983198,\"latency_ms\":123456789012345678.5}",
            "{\"ts\":1760983198,\"latency_ms\":0.30000000000000004}",
            "{\"ts\":1760983198,\"latency_ms\":-0}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"meta\":{\"a\":[1,2]}}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"error\":{\"code\":1}}",
            "{\"ts\":\"2025-10-20 17:59:58\",\"latency_ms\":1}",
            "{\"ts\":\"2025-10-20T17:59:58\\u005a\",\"latency_ms\":1}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"route\":\"caf\u00e9\"}",
            "{\"ts\":1760983198,\"latency_ms\":01}",
            "{\"ts\":1760983198,\"latency_ms\":1.}",
            "{\"ts\":1760983198,\"latency_ms\":-1}",
            "{\"ts\":1760983198,\"latency_ms\":-1.5}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"" + "a".repeat(50_001) + "\":1}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"" + "a".repeat(65) + "\":1}",
            "{\"ts\":1760983198,\"latency_ms\":-0.0}",
            "{\"ts\":-1760983198.5,\"latency_ms\":1}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"status\":-500}",
            "{\"ts\":1760983198,\"latency_ms\":0.5,\"x\":-12.25}",
            "{\"ts\":1760983198,\"latency_ms\":\"1\"}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"status\":200.0}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"status\":99}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"status\":600}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"status\":\"200\"}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"ok\":\"yes\"}",
            "{\"ts\":1760983198,\"latency_ms\":1,}",
            "{\"ts\":1760983198,\"latency_ms\":1} {}",
            "{\"ts\":1760983198,\"latency_ms\":1",
            "{\"latency_ms\":1}",
            "{\"ts\":1760983198}",
            "{}",
            "[]",
            "   ",
            "{'ts':1760983198,'latency_ms':1}",
            "{\"ts\":true,\"latency_ms\":1}",
            "{\"ts\":-5,\"latency_ms\":1}",
            "{\"ts\":1760983198,\"latency_ms\":1,\"x\":nul}",
            "{\"ts\":1760983198,\"ts\":\"2025-10-20T17:59:58Z\",\"latency_ms\":1,\"latency_ms\":2}");

    @Test
    void everyLineReadsAsTheJacksonPathReadsIt() {
        for (String line : LINES) {
            assertSameAsJackson(line);
        }
    }

    @Test
    void randomlyDamagedLinesReadAsTheJacksonPathReadsThem() {
        Random rnd = new Random(1);
        String alphabet = "{}[]\":,.-+eE0123456789 tfnulrsax\\\t";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder(LINES.get(rnd.nextInt(8)));
            for (int k = rnd.nextInt(3); k >= 0; k--) {
                int at = rnd.nextInt(line.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> line.deleteCharAt(at);
                    case 1 -> line.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> line.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            assertSameAsJackson(line.toString());
        }
    }

    @Test
    void theCommonShapeTakesTheFastPath() {
        byte[] b = LINES.get(0).getBytes(StandardCharsets.UTF_8);
        RequestEvent e = new RequestEvent();
        assertThat(new FlatEventScanner().scan(b, 0, b.length, e)).isTrue();
        assertThat(e.epochMillis()).isEqualTo(1760983198120L);
        assertThat(e.latencyMs()).isEqualTo(742.3);
        assertThat(e.failed()).isFalse();
    }

    @Test
    void histogramsStoredCompressedBeforeStillDecode() {
        Histogram h = LatencyHistograms.empty();
        for (int v = 1; v < 5000; v += 7) {
            LatencyHistograms.record(h, v);
        }
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        byte[] compressed = new byte[n];
        buf.flip();
        buf.get(compressed);
        assertThat(LatencyHistograms.decode(compressed)).isEqualTo(h);
        assertThat(LatencyHistograms.decode(LatencyHistograms.encode(h, LatencyHistograms.encodeBuffer()))).isEqualTo(h);
    }

    private void assertSameAsJackson(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        RequestEvent fast = new RequestEvent();
        RequestEvent reference = new RequestEvent();
        String problem = parser.parse(b, 0, b.length, fast);
        String expected = parser.parseWithJackson(b, 0, b.length, reference);
        assertThat(problem).as(line).isEqualTo(expected);
        if (expected == null) {
            List<Object> got = new ArrayList<>(List.of(fast.epochMillis(), fast.latencyMs(), fast.failed()));
            assertThat(got).as(line).containsExactly(reference.epochMillis(), reference.latencyMs(), reference.failed());
        }
    }
}
