package routes;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * platform-http's consumer for an operation whose route never waits: the exchange runs on the
 * event loop that read the request, and the response is written when the route says it is done,
 * on that event loop again, even when a step finished it from another thread (the raise's group
 * commit). The stock consumer always hands each request to a worker thread and parks on the route;
 * that hand-off was a fifth to a third of the CPU of a GET answered from memory.
 */
final class EventLoopConsumer extends VertxPlatformHttpConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopConsumer.class);

    EventLoopConsumer(PlatformHttpEndpoint endpoint, Processor processor, List<Handler<RoutingContext>> handlers, String routerName) {
        super(endpoint, processor, handlers, routerName);
    }

    @Override
    protected void handleRequest(RoutingContext ctx) {
        if (isSuspended()) {
            ctx.response().setStatusCode(503).end();
            return;
        }
        Context loop = Vertx.currentContext();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        processHttpRequest(exchange, ctx).onComplete(read -> {
            if (read.failed()) {
                fail(ctx, exchange, read.cause());
                return;
            }
            try {
                createUoW(exchange);
            } catch (Exception e) {
                fail(ctx, exchange, e);
                return;
            }
            getAsyncProcessor().process(exchange, doneSync -> {
                if (doneSync || Vertx.currentContext() == loop) {
                    respond(ctx, exchange);
                } else {
                    loop.runOnContext(v -> respond(ctx, exchange));
                }
            });
        });
    }

    private void respond(RoutingContext ctx, Exchange exchange) {
        try {
            if (exchange.getException() != null) {
                // the door's onException answers what routes throw; this is what got past it
                LOG.error("{} failed: {}", getEndpoint().getPath(), exchange.getException().toString(), exchange.getException());
                ApiResponder.refuse(exchange, new base.ApiProblem(500, "internal error ("
                        + exchange.getException().getClass().getSimpleName() + "); the daemon log has the details"));
                exchange.setException(null);
            }
            write(ctx, exchange.getMessage(), getEndpoint().getHeaderFilterStrategy());
        } catch (RuntimeException e) {
            LOG.error("could not write the response of {}: {}", getEndpoint().getPath(), e.toString());
            if (!ctx.response().ended()) {
                ctx.fail(e);
            }
        }
        complete(exchange);
    }

    private void fail(RoutingContext ctx, Exchange exchange, Throwable cause) {
        getExceptionHandler().handleException("Failed handling platform-http endpoint " + getEndpoint().getPath(), cause);
        ctx.fail(cause);
        complete(exchange);
    }

    private void complete(Exchange exchange) {
        doneUoW(exchange);
        releaseExchange(exchange, false);
    }

    /** What ApiResponder left on the message: status and content type headers, a few headers, bytes. */
    static void write(RoutingContext ctx, Message m, HeaderFilterStrategy filter) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return; // the client went away (or a timeout answered): nothing to write to
        }
        Exchange exchange = m.getExchange();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        response.setStatusCode(status == null ? 200 : status);
        for (Map.Entry<String, Object> h : m.getHeaders().entrySet()) {
            if (h.getValue() != null && !filter.applyFilterToCamelHeaders(h.getKey(), h.getValue(), exchange)) {
                response.putHeader(h.getKey(), h.getValue().toString());
            }
        }
        String contentType = m.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        Object body = m.getBody();
        if (body instanceof ByteBuffer bb) {
            Buffer b = Buffer.buffer(bb.remaining());
            b.setBytes(0, bb);
            response.end(b);
        } else if (body instanceof byte[] bytes) {
            response.end(Buffer.buffer(bytes));
        } else if (body == null) {
            response.end();
        } else {
            response.end(exchange.getContext().getTypeConverter().convertTo(String.class, exchange, body));
        }
    }
}
