package support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook on 127.0.0.1 (the autoscaler's actuator, a Slack-style channel): records every request
 * and answers with the status the test sets, or with the next of the statuses queued by {@link #answer}.
 */
public final class WebhookServer implements AutoCloseable {
    /** One request; header names in lower case. */
    public record Received(String method, String path, String contentType, String body, java.util.Set<String> headerNames,
                           int status, long atMillis) {
    }

    private final HttpServer server;
    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger status = new AtomicInteger(200);
    private final java.util.Queue<Integer> next = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public WebhookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Integer queued = next.poll();
            int answered = queued != null ? queued : status.get();
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body,
                    ex.getRequestHeaders().keySet().stream().map(h -> h.toLowerCase(java.util.Locale.ROOT))
                            .collect(java.util.stream.Collectors.toSet()), answered, System.currentTimeMillis()));
            byte[] answer = "{\"accepted\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(answered, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
    }

    /** The next requests are answered with these statuses, in order; then {@link #status} again. */
    public void answer(int... statuses) {
        for (int s : statuses) {
            next.add(s);
        }
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
