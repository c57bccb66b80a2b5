package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import support.DaemonProcess;
import support.RawHttp;
import support.RunningDaemon;

/**
 * Requests Vert.x refuses before a route sees them, sent as raw bytes to the daemon in its own
 * JVM, whose log is read whole: each gets a 4xx with the JSON envelope and at most one WARN line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientErrorsTest {
    private static final String KEY = "X-Dash-Key: " + RunningDaemon.KEY + "\r\n";
    @TempDir
    static Path home;
    DaemonProcess daemon;
    int port;

    @BeforeAll
    void start() throws Exception {
        daemon = new DaemonProcess(home).start();
        port = Integer.parseInt(daemon.env.get("HTTP_PORT"));
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> RawHttp.send(port, "GET /api/slo/budget HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n").status() > 0);
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
    }

    /** Each request, the status it must get, and whether the daemon should log it (one WARN line). */
    static Stream<Arguments> clientErrors() {
        return Stream.of(
                Arguments.of("a request line over 4096 bytes", "GET /api/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, true),
                Arguments.of("headers over 8 KiB", "GET /api/slo/budget HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(9000) + "\r\n\r\n", 431, true),
                Arguments.of("a request line that is not HTTP", "HELLO\r\n\r\n", 400, true),
                Arguments.of("a bad chunk size", "POST /api/metrics/requests HTTP/1.1\r\nHost: x\r\n" + KEY
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n[]\r\n0\r\n\r\n", 400, true),
                Arguments.of("a bad %-escape in the query", "GET /api/slo/budget?%%% HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400, true),
                Arguments.of("a bad %-escape in the path", "GET /api/slo/%%% HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400, true),
                Arguments.of("a body over the server's 16 MiB", "POST /api/metrics/requests HTTP/1.1\r\nHost: x\r\n" + KEY
                        + "Content-Type: application/json\r\nContent-Length: 17000000\r\n\r\n", 413, true),
                Arguments.of("an API path in capitals", "GET /API/SLO/BUDGET HTTP/1.1\r\nHost: x\r\n\r\n", 404, false));
    }

    @ParameterizedTest(name = "{0} gets {2} in the JSON envelope")
    @MethodSource("clientErrors")
    void a_client_error_gets_a_4xx_with_a_json_error(String what, String request, int status, boolean warned) throws Exception {
        RawHttp.Answer a = RawHttp.send(port, request);
        assertThat(a.status()).as(a.statusLine()).isEqualTo(status);
        assertThat(a.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = Json.MAPPER.readTree(a.body());
        assertThat(body.get("ok").asBoolean()).isFalse();
        assertThat(body.get("error").asText()).isNotBlank().hasSizeLessThan(400);
    }

    @Test
    void an_http_version_it_does_not_speak_gets_a_501_status_line_from_vertx() throws Exception {
        // Vert.x answers these itself, before any handler, with an empty body
        for (String version : List.of("HTTP/2.0", "HTTP/0.9", "HTTP/3.0")) {
            RawHttp.Answer a = RawHttp.send(port, "GET /api/slo/budget " + version + "\r\nHost: x\r\n" + KEY + "\r\n");
            assertThat(a.statusLine()).as(version).endsWith("501 Not Implemented");
        }
    }

    @Test
    void client_errors_are_logged_as_one_warn_line_each_and_never_as_an_error_with_a_stack_trace() throws Exception {
        int logged = daemon.stderr().length();
        List<Arguments> cases = clientErrors().toList();
        for (Arguments c : cases) {
            RawHttp.send(port, (String) c.get()[1]);
        }
        RawHttp.send(port, "GET /api/slo/budget HTTP/2.0\r\nHost: x\r\n\r\n");
        long warned = cases.stream().filter(c -> (boolean) c.get()[3]).count();
        await().atMost(Duration.ofSeconds(10)).until(() -> warnLines(daemon.stderr().substring(logged)) >= warned);
        String log = daemon.stderr().substring(logged);
        assertThat(warnLines(log)).as(log).isEqualTo(warned);
        assertThat(log).doesNotContain(" ERROR ").doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(daemon.stderr()).as("the whole run").doesNotContain(" ERROR ").doesNotContain("\tat ");
    }

    private static long warnLines(String log) {
        return log.lines().filter(l -> l.contains(" WARN ") && l.contains("HttpErrorReplies - ")).count();
    }
}
