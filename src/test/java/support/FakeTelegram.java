package support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local Telegram Bot API (JDK HttpServer on 127.0.0.1): answers POST /bot&lt;token&gt;/sendMessage,
 * records every request, and fails on command (500 n times, 429 with retry_after, 401, or down
 * until healed: the port is closed and reopened).
 */
public final class FakeTelegram implements AutoCloseable {
    public static final String TOKEN = "123456:TEST-secret-bot-token";
    public static final String CHAT = "-100777";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Request(String method, String path, JsonNode body, long atMillis) {
        public String text() {
            return body.path("text").asText();
        }
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger fail500 = new AtomicInteger();
    private final AtomicInteger fail401 = new AtomicInteger();
    private final AtomicInteger throttle = new AtomicInteger();
    private volatile int retryAfterSeconds;
    private final int port;
    private HttpServer server;

    public FakeTelegram() throws IOException {
        server = start(0);
        port = server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public void fail500Times(int n) {
        fail500.set(n);
    }

    public void rejectWith401Times(int n) {
        fail401.set(n);
    }

    public void throttleOnce(int retryAfter) {
        retryAfterSeconds = retryAfter;
        throttle.set(1);
    }

    public synchronized void down() {
        server.stop(0);
    }

    public synchronized void heal() throws IOException {
        server = start(port);
    }

    /** Requests that were answered 200, with their text. */
    public List<String> delivered() {
        return requests.stream().filter(r -> r.body().has("ok_answered")).map(Request::text).toList();
    }

    public List<String> deliveredContaining(String part) {
        return delivered().stream().filter(t -> t.contains(part)).toList();
    }

    private HttpServer start(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        s.createContext("/", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in);
        String path = ex.getRequestURI().getPath();
        int status;
        String answer;
        if (!path.equals("/bot" + TOKEN + "/sendMessage") || !"POST".equals(ex.getRequestMethod())) {
            status = 404;
            answer = "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}";
        } else if (fail401.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 401;
            answer = "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}";
        } else if (throttle.getAndSet(0) > 0) {
            status = 429;
            answer = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after " + retryAfterSeconds
                    + "\",\"parameters\":{\"retry_after\":" + retryAfterSeconds + "}}";
        } else if (fail500.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 500;
            answer = "{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error\"}";
        } else {
            status = 200;
            answer = "{\"ok\":true,\"result\":{\"message_id\":" + (requests.size() + 1) + ",\"date\":1700000000,"
                    + "\"chat\":{\"id\":" + CHAT + ",\"type\":\"group\"},\"text\":\"ok\"}}";
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("ok_answered", true);
        }
        requests.add(new Request(ex.getRequestMethod(), path, body, System.currentTimeMillis()));
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
