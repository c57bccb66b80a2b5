package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import base.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import support.RunningDaemon;

/**
 * HTTP_IDLE_TIMEOUT at 2 s: connections that send nothing, or trickle a request head one byte
 * at a time, each byte well within the timeout, are closed by the server; a normal request is
 * answered at once meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final byte[] HEAD = ("GET /api/slo/budget HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(500) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    @TempDir
    static Path home;
    RunningDaemon daemon;
    final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    void start() throws Exception {
        daemon = new RunningDaemon(home).set("HTTP_IDLE_TIMEOUT", "2s").start();
    }

    @AfterAll
    void stop() throws Exception {
        trickle.shutdownNow();
        daemon.close();
    }

    /** A client socket and when the server was first seen to have closed it. */
    private final class Client {
        final SocketChannel channel;
        final long opened = System.nanoTime();
        volatile long closedAt = -1;
        volatile int sent;

        Client() throws IOException {
            channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", daemon.port()));
            channel.configureBlocking(false);
        }

        /** Reads what is there without waiting; end of stream or a reset means the server closed it. */
        boolean closedByServer() {
            if (closedAt < 0) {
                try {
                    if (channel.read(ByteBuffer.allocate(4096)) < 0) {
                        closedAt = System.nanoTime();
                    }
                } catch (IOException e) {
                    closedAt = System.nanoTime();
                }
            }
            return closedAt >= 0;
        }

        synchronized void sendNextByte() {
            if (closedAt < 0 && sent < HEAD.length) {
                try {
                    channel.write(ByteBuffer.wrap(HEAD, sent, 1));
                    sent++;
                } catch (IOException e) {
                    closedAt = System.nanoTime();
                }
            }
        }

        Duration lived() {
            return Duration.ofNanos(closedAt - opened);
        }
    }

    @Test
    void idle_and_trickling_connections_are_closed_while_a_normal_request_stays_fast() throws Exception {
        assertThat(daemon.get("/api/slo/budget").status()).isIn(200, 503); // routes warm before the clock starts
        List<Client> idle = new ArrayList<>();
        List<Client> slow = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            idle.add(new Client());
        }
        for (int i = 0; i < 5; i++) {
            Client c = new Client();
            slow.add(c);
            // a byte every 250 ms: never idle for the idle timeout, never a whole head either
            trickle.scheduleAtFixedRate(c::sendNextByte, 0, 250, TimeUnit.MILLISECONDS);
        }

        long asked = System.nanoTime();
        RunningDaemon.Reply normal = daemon.get("/api/slo/budget");
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(normal.status()).isIn(200, 503);
        assertThat(took).as("a normal request beside 25 hanging connections").isLessThan(Duration.ofSeconds(1));

        List<Client> all = new ArrayList<>(idle);
        all.addAll(slow);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> all.stream().filter(Client::closedByServer).count() == all.size());
        for (Client c : all) {
            assertThat(c.lived()).as("closed by the timeout, not before").isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100));
        }
        for (Client c : slow) {
            assertThat(c.lived()).as("a trickling head is closed near the timeout").isLessThan(TIMEOUT.multipliedBy(3));
            assertThat(c.sent).as("it kept sending until it was cut off").isGreaterThan(5).isLessThan(HEAD.length);
        }
    }

    @Test
    void a_kept_alive_connection_is_closed_after_the_timeout_once_answered() throws Exception {
        Client c = new Client();
        c.channel.write(ByteBuffer.wrap(("GET /api/slo/budget HTTP/1.1\r\nHost: x\r\nX-Dash-Key: " + RunningDaemon.KEY + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer answer = ByteBuffer.allocate(8192);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.channel.read(answer) > 0 || answer.position() > 0);
        assertThat(new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 ");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(c::closedByServer);
        assertThat(c.lived()).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100));
    }

    @Test
    void a_timeout_that_is_not_a_duration_stops_start_up_naming_it() {
        RunningDaemon bad = new RunningDaemon(home.resolve("bad")).set("HTTP_IDLE_TIMEOUT", "soon");
        assertThatThrownBy(bad::start).satisfies(e -> {
            Throwable t = e;
            while (t != null && !(t instanceof ConfigException)) {
                t = t.getCause();
            }
            assertThat(t).isNotNull();
            assertThat(t.getMessage()).startsWith("HTTP_IDLE_TIMEOUT: 'soon' is not a duration");
        });
        try {
            bad.close();
        } catch (Exception ignored) {
            // a context that never started has nothing to stop
        }
    }
}
