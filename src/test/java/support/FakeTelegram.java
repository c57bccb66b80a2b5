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
 * exactly one JSON object sent as application/json is counted as malformed and answered 400; while
 * {@link #unavailable} every sendMessage is answered 503 (recorded, so a test sees the attempts); in
 * parse_mode HTML a tag Telegram does not know or an &amp; that starts no entity is answered 400
 * "can't parse entities", and a text that shows over 4,096 characters once parsed is answered 400
 * "message is too long". Button presses: {@link #press} queues a callback_query that GET
 * getUpdates hands out (by offset, as Telegram does); answerCallbackQuery and editMessageText
 * are answered and recorded.
 */
public final class FakeTelegram implements AutoCloseable {
    public static final String TOKEN = "123456:TEST-secret-bot-token";
    public static final String CHAT = "-100777";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Request(String method, String path, JsonNode body, long atMillis) {
        public String text() {
            return body.path("text").asText();
        }

        /** The text as a chat shows it: HTML parsed (tags dropped, entities decoded), else as sent. */
        public String shown() {
            return "HTML".equals(body.path("parse_mode").asText()) ? parseHtml(text()) : text();
        }

        public String api() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private static final java.util.Set<String> TAGS = java.util.Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike",
            "del", "code", "pre", "a", "tg-spoiler", "span", "blockquote");

    /** Telegram's HTML parse mode, strictly: the shown text, or null when Telegram would refuse to parse it. */
    static String parseHtml(String html) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < html.length(); k++) {
            char c = html.charAt(k);
            if (c == '<') {
                int end = html.indexOf('>', k);
                if (end < 0) {
                    return null;
                }
                String name = html.substring(k + 1, end).replaceFirst("^/", "").split("\\s")[0];
                if (!TAGS.contains(name)) {
                    return null;
                }
                k = end;
            } else if (c == '&') {
                int end = html.indexOf(';', k);
                String entity = end < 0 ? "" : html.substring(k + 1, end);
                String decoded = switch (entity) {
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "amp" -> "&";
                    case "quot" -> "\"";
                    default -> entity.matches("#[0-9]{1,7}") ? new String(Character.toChars(Integer.parseInt(entity.substring(1))))
                            : null;
                };
                if (decoded == null) {
                    return null;
                }
                out.append(decoded);
                k = end;
            } else if (c == '>') {
                return null;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A press of an inline button under message {@code messageId}, in {@code chat}, by {@code username}. */
    public void press(long messageId, String data, String chat, String username) {
        long id = nextUpdate.incrementAndGet();
        updates.add(JSON.createObjectNode().put("update_id", id).set("callback_query", JSON.createObjectNode()
                .put("id", "cb-" + id).put("data", data).put("chat_instance", "1")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("from", JSON.createObjectNode().put("id", 42).put("is_bot", false)
                        .put("first_name", "Ana").put("username", username))
                .set("message", JSON.createObjectNode().put("message_id", messageId).put("date", 1700000000)
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("chat", JSON.createObjectNode().put("id", Long.parseLong(chat))
                                .put("type", "group")).put("text", "page"))));
    }

    /** The recorded requests to one Bot API method (sendMessage, answerCallbackQuery, editMessageText). */
    public List<Request> calls(String api) {
        return requests.stream().filter(r -> r.api().equals(api)).toList();
    }

    private final java.util.concurrent.atomic.AtomicLong messageIds = new java.util.concurrent.atomic.AtomicLong();
    /** getUpdates calls (not in {@link #requests}: those are the messages and answers the daemon sent). */
    public final AtomicInteger polls = new AtomicInteger();
    private final List<JsonNode> updates = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong nextUpdate = new java.util.concurrent.atomic.AtomicLong(1000);

    public static final int MAX_TEXT = 4096;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Requests whose body was not one JSON object sent as application/json, as received. */
    public final List<String> malformed = new CopyOnWriteArrayList<>();
    private final AtomicInteger fail500 = new AtomicInteger();
    private final AtomicInteger fail401 = new AtomicInteger();
    private final AtomicInteger throttle = new AtomicInteger();
    private final AtomicInteger okWithoutMessageId = new AtomicInteger();
    private volatile String refusedPart;
    private volatile boolean unavailable;
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

    /** true: every sendMessage is answered 503 until called with false (nothing is delivered meanwhile). */
    public void unavailable(boolean on) {
        unavailable = on;
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

    /** Messages sent that were answered 200, with their text as the chat shows it. */
    public List<String> delivered() {
        return requests.stream().filter(r -> r.api().equals("sendMessage") && r.body().has("ok_answered")).map(Request::shown).toList();
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
        if (ex.getRequestURI().getPath().equals("/bot" + TOKEN + "/getUpdates") && "GET".equals(ex.getRequestMethod())) {
            getUpdates(ex);
            return;
        }
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
        } else if (!java.util.List.of("/bot" + TOKEN + "/sendMessage", "/bot" + TOKEN + "/answerCallbackQuery",
                "/bot" + TOKEN + "/editMessageText").contains(path) || !"POST".equals(ex.getRequestMethod())) {
            status = 404;
            answer = "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}";
        } else if (fail401.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 401;
            answer = "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}";
        } else if (throttle.getAndSet(0) > 0) {
            status = 429;
            answer = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after " + retryAfterSeconds
                    + "\",\"parameters\":{\"retry_after\":" + retryAfterSeconds + "}}";
        } else if (path.endsWith("/answerCallbackQuery")) {
            status = body.path("callback_query_id").isTextual() ? 200 : 400;
            answer = status == 200 ? "{\"ok\":true,\"result\":true}"
                    : "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: query id is required\"}";
        } else if ("HTML".equals(body.path("parse_mode").asText()) && parseHtml(body.path("text").asText()) == null) {
            status = 400;
            answer = "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities\"}";
        } else if (refusedPart != null && body.path("text").asText().contains(refusedPart)) {
            status = 400;
            answer = "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities\"}";
        } else if (okWithoutMessageId.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 200;
            answer = "{\"ok\":true}";
        } else if (new Request("", path, body, 0).shown().length() > MAX_TEXT) {
            status = 400;
            answer = "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message is too long\"}";
        } else if (unavailable && path.endsWith("/sendMessage")) {
            status = 503;
            answer = "{\"ok\":false,\"error_code\":503,\"description\":\"Service Unavailable\"}";
        } else if (fail500.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 500;
            answer = "{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error\"}";
        } else {
            status = 200;
            long messageId = messageIds.incrementAndGet();
            answer = "{\"ok\":true,\"result\":{\"message_id\":" + messageId + ",\"date\":1700000000,"
                    + "\"chat\":{\"id\":" + CHAT + ",\"type\":\"group\"},\"text\":\"ok\"}}";
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("ok_answered", true).put("answered_message_id", messageId);
        }
        requests.add(new Request(ex.getRequestMethod(), path, body, System.currentTimeMillis()));
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    /** GET getUpdates?offset=N: the queued updates with update_id >= offset (Telegram forgets those below it). */
    private void getUpdates(HttpExchange ex) throws IOException {
        polls.incrementAndGet();
        if (fail401.get() > 0) { // refusing the token: every poll is refused too, without using up the count
            byte[] out = "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(401, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
            return;
        }
        String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
        long offset = 0;
        for (String pair : query.split("&")) {
            if (pair.startsWith("offset=")) {
                offset = Long.parseLong(pair.substring(7));
            }
        }
        long from = offset;
        updates.removeIf(u -> u.path("update_id").asLong() < from);
        com.fasterxml.jackson.databind.node.ArrayNode result = JSON.createArrayNode();
        updates.forEach(result::add);
        byte[] out = JSON.writeValueAsBytes(JSON.createObjectNode().put("ok", true).set("result", result));
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
