package routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

import base.ApiProblem;
import base.ApiRequest;
import base.Excerpt;
import base.StrictUtf8;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.StreamCache;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The one door of /api/*: X-Dash-Key (except public paths), then path and method, then body
 * size, content type and UTF-8. It runs before every rest route (see {@link ApiDoor}), and for
 * the /api/ requests no rest route took ({@link #refusal}). Sets the exchange property
 * {@value #TARGET} to the route that answers.
 */
final class ApiGate implements Processor {
    static final String TARGET = "apiTarget";
    static final String PATH = "apiPath";
    private final ApiKeyCheck keys;
    private final ApiTable table;

    ApiGate(ApiKeyCheck keys, ApiTable table) {
        this.keys = keys;
        this.table = table;
    }

    /**
     * A refusal is answered here and the route does not run: the gate runs as the rest routes'
     * interceptFrom, where the routes' onException does not reach.
     */
    @Override
    public void process(Exchange exchange) {
        try {
            admit(exchange);
        } catch (ApiProblem refused) {
            ApiResponder.refuse(exchange, refused);
            exchange.setRouteStop(true);
        }
    }

    private void admit(Exchange exchange) {
        HttpServerRequest http = sent(exchange);
        // headers come from the request alone: platform-http also puts query parameters among the
        // Camel headers, where ?X-Dash-Key=... would pass for the key (see ApiHeaderFilter)
        MultiMap headers = http.headers();
        String path = path(http.path());
        String method = http.method().name().toUpperCase(Locale.ROOT);
        ApiEndpoint endpoint = admit(headers, method, path);
        Message in = exchange.getMessage();
        byte[] body = bytes(in);
        int length = body == null ? 0 : body.length;
        checkLength(length, endpoint);
        if (length > 0) {
            checkContentType(headers.get("Content-Type"), endpoint);
            checkUtf8(body);
        }
        in.setBody(new ApiRequest(method, path, query(http.query()), body == null ? new byte[0] : body,
                remoteAddress(http), headers.get("X-Forwarded-For"), headers.get("User-Agent")));
        exchange.setProperty(TARGET, endpoint.target());
        exchange.setProperty(PATH, path);
        if (!endpoint.keyRequired()) {
            // an operation with its own credential may also take the key (POST /api/incidents/events)
            exchange.setProperty(ApiDoor.KEY_PRESENTED, keys.matches(headers.get("X-Dash-Key")));
        }
    }

    /**
     * What the door answers to an /api/ request that no rest route took: Vert.x found no route for
     * its path (404) or none for its method (405). The same checks in the same order as for a
     * routed call, so the answer is the same (401 before 404/405); the body is not read here, its
     * declared length stands for it.
     */
    ApiProblem refusal(HttpServerRequest http) {
        try {
            MultiMap headers = http.headers();
            ApiEndpoint endpoint = admit(headers, http.method().name().toUpperCase(Locale.ROOT), path(http.path()));
            long length = declaredLength(headers.get("Content-Length"));
            checkLength(length, endpoint);
            checkContentType(headers.get("Content-Type"), endpoint);
            // declared but not served: the operation's route is not running (stopped, reloading)
            return new ApiProblem(503, endpoint.method() + " " + endpoint.path() + " is declared but its route is not running;"
                    + " try again in a moment, or see the daemon log");
        } catch (ApiProblem p) {
            return p;
        }
    }

    /** The key (unless the path is public), then path and method. */
    /**
     * The body as bytes without Camel's type converter for the common cases: a GET has none, and a
     * converter lookup for it (no converter from null) cost a third of the door's CPU in a profile.
     */
    private static byte[] bytes(Message in) {
        Object body = in.getBody();
        if (body == null) {
            return null;
        }
        if (body instanceof byte[] b) {
            return b;
        }
        if (body instanceof io.vertx.core.buffer.Buffer buffer) {
            return buffer.getBytes();
        }
        if (body instanceof StreamCache cache && body instanceof InputStream stream && cache.inMemory()) {
            // Camel's in-memory stream cache of a POST's body: one read of its length (the converter
            // copies it through a buffer loop), rewound for whoever reads it next
            try {
                cache.reset();
                byte[] bytes = stream.readNBytes((int) cache.length());
                cache.reset();
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return in.getBody(byte[].class);
    }

    private ApiEndpoint admit(MultiMap headers, String method, String path) {
        if (!table.isPublic(path)) {
            checkKey(presentedKey(headers, path));
        }
        return table.find(method, path).orElseThrow(() -> unknown(method, path));
    }

    private static void checkLength(long length, ApiEndpoint endpoint) {
        if (length > endpoint.maxBodyBytes() && length > 0) {
            throw new ApiProblem(413, "the body is " + length + " bytes; " + endpoint.path() + " takes at most "
                    + endpoint.maxBodyBytes() + " bytes" + (endpoint.maxBodyBytes() == 0 ? " (send no body)" : ""));
        }
    }

    private static long declaredLength(String header) {
        try {
            return header == null ? 0 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The Vert.x request as the client sent it; every exchange of the platform-http consumer carries it. */
    private static HttpServerRequest sent(Exchange exchange) {
        if (exchange.getIn() instanceof HttpMessage m && m.getRequest() != null) {
            return m.getRequest();
        }
        throw new IllegalStateException("the API door takes platform-http requests only, not "
                + exchange.getIn().getClass().getSimpleName());
    }

    /** Once, here, for every body: what is not UTF-8 is refused, never decoded with replacement characters. */
    private static void checkUtf8(byte[] body) {
        StrictUtf8.check(body).ifPresent(bad -> {
            throw ApiProblem.badRequest("the body is not valid UTF-8 at byte offset " + bad.offset() + " (invalid sequence " + bad.hex()
                    + "); send the text encoded as UTF-8");
        });
    }

    /** X-Dash-Key; on an operation that declares DashBearer, {@code Authorization: Bearer KEY} when X-Dash-Key is absent. */
    private String presentedKey(MultiMap headers, String path) {
        String key = headers.get("X-Dash-Key");
        if (key == null && table.acceptsBearer(path)) {
            String auth = headers.get("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return auth.substring(7).trim();
            }
        }
        return key;
    }

    private void checkKey(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw new ApiProblem(401, "missing X-Dash-Key header; send the dashboard key (DASHBOARD_KEY, or the key printed at start)");
        }
        if (!keys.matches(presented)) {
            throw new ApiProblem(401, "wrong X-Dash-Key; use the value of DASHBOARD_KEY (or the key printed at start)");
        }
    }

    private ApiProblem unknown(String method, String path) {
        List<ApiEndpoint> here = table.atPath(path);
        if (here.isEmpty()) {
            return new ApiProblem(404, "no API at " + Excerpt.of(path) + "; see docs/api.md");
        }
        String allowed = here.stream().map(ApiEndpoint::method).collect(Collectors.joining(", "));
        return new ApiProblem(405, Excerpt.of(method) + " is not allowed on " + path + "; use " + allowed);
    }

    private static void checkContentType(String contentType, ApiEndpoint endpoint) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!endpoint.bodyTypes().contains(type)) {
            throw new ApiProblem(415, "Content-Type " + (type.isEmpty() ? "(none)" : type) + " is not accepted on "
                    + endpoint.path() + "; send " + String.join(" or ", endpoint.bodyTypes().stream().sorted().toList()));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            params.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the query string has a malformed %-escape: " + Excerpt.of(s) + "; write a literal % as %25");
        }
    }

    private static String remoteAddress(HttpServerRequest http) {
        SocketAddress peer = http.remoteAddress();
        return peer == null ? null : peer.hostAddress();
    }

    static String path(String raw) {
        String p = raw == null ? "" : raw;
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
