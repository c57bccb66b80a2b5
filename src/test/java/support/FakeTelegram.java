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
 * until healed: the port is closed and reopened). Strict like the real one: a body that is not
 * exactly one JSON object sent as application/json is counted as malformed and answered 400, and
 * a text over 4,096 characters is answered 400 "message is too long".
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

    public static final int MAX_TEXT = 4096;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Requests whose body was not one JSON object sent as application/json, as received. */
    public final List<String> malformed = new CopyOnWriteArrayList<>();
    private final AtomicInteger fail500 = new AtomicInteger();
    private final AtomicInteger fail401 = new AtomicInteger();
    private final AtomicInteger throttle = new AtomicInteger();
    private final AtomicInteger okWithoutMessageId = new AtomicInteger();
    private volatile String refusedPart;
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

    /** Answers 400 to every message whose text contains the part, like a message Telegram cannot parse. */
    public void refuseTextsContaining(String part) {
        refusedPart = part;
    }

    /** Answers 200 {"ok":true} with no message n times: a broken proxy, not a delivery. */
    public void answerOkWithoutMessageIdTimes(int n) {
        okWithoutMessageId.set(n);
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

    /** The body as one JSON object, or null when it is anything else (empty, two objects, multipart, ...). */
    private static JsonNode strictObject(String contentType, byte[] in) {
        if (contentType == null || !contentType.startsWith("application/json") || in.length == 0) {
            return null;
        }
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(in)) {
            JsonNode node = JSON.readTree(p);
            return node != null && node.isObject() && p.nextToken() == null ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = strictObject(ex.getRequestHeaders().getFirst("Content-Type"), in);
        String path = ex.getRequestURI().getPath();
        int status;
        String answer;
        if (body == null) {
            malformed.add(ex.getRequestHeaders().getFirst("Content-Type") + "\n" + new String(in, StandardCharsets.UTF_8));
            body = JSON.createObjectNode();
            status = 400;
            answer = "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: not one JSON object\"}";
        } else if (!path.equals("/bot" + TOKEN + "/sendMessage") || !"POST".equals(ex.getRequestMethod())) {
            status = 404;
            answer = "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}";
        } else if (fail401.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 401;
            answer = "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}";
        } else if (throttle.getAndSet(0) > 0) {
            status = 429;
            answer = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after " + retryAfterSeconds
                    + "\",\"parameters\":{\"retry_after\":" + retryAfterSeconds + "}}";
        } else if (refusedPart != null && body.path("text").asText().contains(refusedPart)) {
            status = 400;
            answer = "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities\"}";
        } else if (okWithoutMessageId.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 200;
            answer = "{\"ok\":true}";
        } else if (body.path("text").asText().length() > MAX_TEXT) {
            status = 400;
            answer = "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message is too long\"}";
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
