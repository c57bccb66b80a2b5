package base;

import java.io.IOException;
import java.util.Map;

/**
 * What an API route receives: method, path, decoded query parameters (first value of each),
 * the body, and who asked (the peer address, X-Forwarded-For as sent, User-Agent).
 */
public record ApiRequest(String method, String path, Map<String, String> query, byte[] body,
                         String remoteAddress, String forwardedFor, String userAgent) {

    /** A request made from the command line (one-shot mode) with key=value arguments. */
    public static ApiRequest local(Map<String, String> query) {
        return new ApiRequest("GET", "", Map.copyOf(query), new byte[0], "127.0.0.1", null, "echopilot-once");
    }

    /**
     * The body as a JSON object (keys to values); a body that is not JSON, or JSON but not an object
     * (an empty one included), is a 400. {@code like}: an example for the message, " like {...}", or "".
     */
    public Map<String, Object> jsonObject(String like) {
        Object parsed;
        try {
            parsed = body.length == 0 ? null : Json.MAPPER.readValue(body, Object.class);
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not valid JSON; send " + (like.isEmpty() ? "a JSON object" : "an object" + like));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw ApiProblem.badRequest("the body must be a JSON object" + like);
        }
        @SuppressWarnings("unchecked") // a JSON object's keys are strings
        Map<String, Object> fields = (Map<String, Object>) map;
        return fields;
    }

    public String param(String name) {
        return query.get(name);
    }

    /** The client address: X-Forwarded-For's first hop when the proxy is trusted, else the peer. */
    public String clientIp(boolean trustProxy) {
        if (trustProxy && forwardedFor != null && !forwardedFor.isBlank()) {
            return forwardedFor.split(",")[0].trim();
        }
        return remoteAddress;
    }
}
