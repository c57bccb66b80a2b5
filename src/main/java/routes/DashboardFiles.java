package routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import base.ApiReply;
import base.Excerpt;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The dashboard's files, read once from the classpath (static/): the page, with the three card
 * templates of static/templates/ put in place of its "card:" comments, plus its script and style.
 * Nothing comes from outside the daemon, and the page's policy forbids loading anything else.
 */
final class DashboardFiles implements Processor {
    static final List<String> CARDS = List.of("slo_budget_card.html", "customer_portal_card.html", "cost_scale_card.html");
    private static final Pattern CARD = Pattern.compile("<!-- card: ([a-z_]+\\.html) -->");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private record File(String contentType, byte[] body) {
    }

    private final Map<String, File> files;

    DashboardFiles() {
        File page = new File("text/html; charset=utf-8", page().getBytes(StandardCharsets.UTF_8));
        files = Map.of(
                "/dashboard", page,
                "/dashboard/dashboard.js", new File("text/javascript; charset=utf-8", resource("static/dashboard.js")),
                "/dashboard/dashboard.css", new File("text/css; charset=utf-8", resource("static/dashboard.css")));
    }

    @Override
    public void process(Exchange exchange) {
        Message m = exchange.getMessage();
        String method = m.getHeader(Exchange.HTTP_METHOD, "GET", String.class).toUpperCase(Locale.ROOT);
        File file = files.get(path(m.getHeader(Exchange.HTTP_URI, "", String.class)));
        m.removeHeaders("*");
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("Cache-Control", "no-store");
        // what is not the page is answered like the API: {"ok":false,"error":...}
        if (file == null) {
            reply(m, ApiReply.error(404, "no such dashboard file; open /dashboard"));
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            m.setHeader("Allow", "GET, HEAD");
            reply(m, ApiReply.error(405, Excerpt.of(method) + " is not allowed here; use GET"));
        } else {
            m.setHeader("Content-Security-Policy", POLICY);
            m.setHeader("Referrer-Policy", "no-referrer");
            m.setHeader("X-Frame-Options", "DENY");
            reply(m, 200, file.contentType(), method.equals("HEAD") ? new byte[0] : file.body());
        }
    }

    private static void reply(Message m, ApiReply error) {
        reply(m, error.status(), error.contentType(), error.body());
    }

    private static void reply(Message m, int status, String contentType, byte[] body) {
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setBody(body);
    }

    private static String path(String uri) {
        int q = uri.indexOf('?');
        String p = q < 0 ? uri : uri.substring(0, q);
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** The page with each card template in place of its comment; a missing card fails start-up. */
    static String page() {
        String shell = new String(resource("static/dashboard.html"), StandardCharsets.UTF_8);
        Matcher m = CARD.matcher(shell);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String card = new String(resource("static/templates/" + m.group(1)), StandardCharsets.UTF_8);
            m.appendReplacement(out, Matcher.quoteReplacement(card));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + name + " is missing from the jar; rebuild it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
