package routes;

import java.nio.ByteBuffer;
import java.util.Map;

import base.ApiProblem;
import base.ApiReply;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a route answered (an {@link ApiReply}) or what it threw into the HTTP response.
 * Request headers, query parameters and credentials never go back to the client.
 */
final class ApiResponder {
    private static final Logger LOG = LoggerFactory.getLogger(ApiResponder.class);

    private ApiResponder() {
    }

    private static final String REPLIED = "apiReplied";

    static void reply(Exchange exchange) {
        if (exchange.getProperty(REPLIED, false, Boolean.class)) {
            return;
        }
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof ApiReply reply)) {
            throw new IllegalStateException("route " + exchange.getProperty(ApiGate.TARGET) + " answered "
                    + (body == null ? "nothing" : body.getClass().getSimpleName()) + " instead of an ApiReply");
        }
        write(exchange.getMessage(), reply);
        exchange.setProperty(REPLIED, true);
        // platform-http writes a ByteBuffer with its Content-Length in one piece; a byte[] is turned
        // into an InputStream and pumped through the event loop chunk by chunk (a large share of a
        // small API call's CPU in the profile). Failures keep byte[]: one-shot mode reads them.
        exchange.getMessage().setBody(ByteBuffer.wrap(reply.body()));
    }

    /** The door refused the call before its route ran. */
    static void refuse(Exchange exchange, ApiProblem refused) {
        write(exchange.getMessage(), ApiReply.error(refused.status(), refused.getMessage()));
        exchange.setProperty(REPLIED, true);
    }

    static void failure(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiReply reply;
        if (cause instanceof ApiProblem p) {
            reply = ApiReply.error(p.status(), p.getMessage());
        } else {
            LOG.error("route {} failed: {}", exchange.getFromRouteId(), cause, cause);
            reply = ApiReply.error(500, "internal error (" + (cause == null ? "unknown" : cause.getClass().getSimpleName())
                    + "); the daemon log has the details");
        }
        write(exchange.getMessage(), reply);
        exchange.setProperty(REPLIED, true);
    }

    private static void write(Message m, ApiReply reply) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        m.setHeader(Exchange.CONTENT_TYPE, reply.contentType());
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            m.setHeader(h.getKey(), h.getValue());
        }
        m.setBody(reply.body());
    }
}
