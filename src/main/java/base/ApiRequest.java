package base;

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
