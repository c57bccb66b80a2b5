package routes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

import app.ApiProblem;
import app.ApiRequest;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

/**
 * The one door of /api/*: X-Dash-Key (except public paths), then path and method, then body
 * size and content type. Sets the exchange property {@value #TARGET} to the route that answers.
 */
final class ApiGate implements Processor {
    static final String TARGET = "apiTarget";
    static final String PATH = "apiPath";
    private final ApiKeyCheck keys;

    ApiGate(ApiKeyCheck keys) {
        this.keys = keys;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String path = path(in);
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class).toUpperCase(Locale.ROOT);
        if (!ApiCatalog.isPublic(path)) {
            checkKey(in.getHeader("X-Dash-Key", String.class));
        }
        ApiEndpoint endpoint = ApiCatalog.find(method, path).orElseThrow(() -> unknown(method, path));
        byte[] body = in.getBody(byte[].class);
        int length = body == null ? 0 : body.length;
        if (length > endpoint.maxBodyBytes() && length > 0) {
            throw new ApiProblem(413, "the body is " + length + " bytes; " + path + " takes at most "
                    + endpoint.maxBodyBytes() + " bytes" + (endpoint.maxBodyBytes() == 0 ? " (send no body)" : ""));
        }
        if (length > 0) {
            checkContentType(in.getHeader(Exchange.CONTENT_TYPE, String.class), endpoint);
        }
        in.setBody(new ApiRequest(method, path, query(in.getHeader(Exchange.HTTP_QUERY, String.class)),
                body == null ? new byte[0] : body, remoteAddress(in), in.getHeader("X-Forwarded-For", String.class),
                in.getHeader("User-Agent", String.class)));
        exchange.setProperty(TARGET, endpoint.target());
        exchange.setProperty(PATH, path);
    }

    private void checkKey(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw new ApiProblem(401, "missing X-Dash-Key header; send the dashboard key (DASHBOARD_KEY, or the key printed at start)");
        }
        if (!keys.matches(presented)) {
            throw new ApiProblem(401, "wrong X-Dash-Key; use the value of DASHBOARD_KEY (or the key printed at start)");
        }
    }

    private static ApiProblem unknown(String method, String path) {
        List<ApiEndpoint> here = ApiCatalog.atPath(path);
        if (here.isEmpty()) {
            return new ApiProblem(404, "no API at " + path + "; see the API section of the README");
        }
        String allowed = here.stream().map(ApiEndpoint::method).collect(Collectors.joining(", "));
        return new ApiProblem(405, method + " is not allowed on " + path + "; use " + allowed);
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
            throw ApiProblem.badRequest("the query string has a malformed %-escape: " + s);
        }
    }

    private static String remoteAddress(Message in) {
        Object peer = in.getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        return peer instanceof SocketAddress a ? a.hostAddress() : null;
    }

    private static String path(Message in) {
        String uri = in.getHeader(Exchange.HTTP_URI, "", String.class);
        int q = uri.indexOf('?');
        String p = q < 0 ? uri : uri.substring(0, q);
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
