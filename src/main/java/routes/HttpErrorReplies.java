package routes;

import base.ApiProblem;
import base.ApiReply;
import base.Excerpt;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers in the API's JSON envelope what goes wrong before a Camel route sees the request:
 * a request Vert.x cannot parse (request line over 4096 bytes: 414; headers over 8 KiB: 431;
 * anything else: 400), bad %-escapes in the URI, a chunked body whose framing breaks, a body
 * over the server's limit (413), a path no route serves (404, whatever its case). Without this,
 * Vert.x answers an empty body or an HTML page and logs the client's mistake as an ERROR with a
 * stack trace. A client's mistake is logged as one WARN line; only the daemon's own failure is
 * an ERROR. Unknown HTTP versions are answered 501 by Vert.x itself, before any of this.
 */
final class HttpErrorReplies {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrorReplies.class);
    static final String NO_SUCH_PATH = "; the API is under /api/ (lower case, see docs/api.md) and the dashboard at /dashboard";

    private final long maxBodyBytes;
    private final CamelContext context;

    HttpErrorReplies(long maxBodyBytes, CamelContext context) {
        this.maxBodyBytes = maxBodyBytes;
        this.context = context;
    }

    /** What the client is told, and whether it is worth a WARN line. */
    private record Refusal(int status, String error, boolean warn) {
    }

    /**
     * Takes over every failure of the router: failed routing (ctx.fail, from the body handler or a
     * consumer) reaches the failure handler of a first route that matches every path; what fails
     * before any route runs (no route for the path, a %-escape the path matcher cannot decode)
     * reaches the error handler of its status.
     */
    void install(Router router) {
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(this::routeFailed);
        for (int status = 400; status < 600; status++) {
            int code = status; // vert.x-web passes the status it chose to the handler of that status only
            router.errorHandler(status, ctx -> answer(ctx, code));
        }
    }

    /** HttpServer#invalidRequestHandler: the request line or the headers could not be parsed. */
    void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        Refusal r;
        if (cause instanceof TooLongHttpLineException) {
            r = new Refusal(414, "the request line is over 4096 bytes; shorten the URI (send long input in a POST body)", true);
        } else if (cause instanceof TooLongHttpHeaderException) {
            r = new Refusal(431, "the request headers are over 8192 bytes; send fewer or shorter headers", true);
        } else {
            r = new Refusal(400, "the request is not valid HTTP/1.1 (" + Excerpt.of(String.valueOf(cause == null ? null : cause.getMessage()))
                    + "); send a request line like GET /api/slo/budget HTTP/1.1, then headers", true);
        }
        LOG.warn("HTTP {} to {}: {}", r.status(), request.remoteAddress(), r.error());
        // Vert.x closes the connection once this answer is written: the stream cannot be trusted
        send(request.response(), r).onComplete(written -> request.response().close());
    }

    private void routeFailed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        // the body handler fails a request whose body breaks off with status 200 (or none): the
        // client's framing (a bad chunk size), not the daemon, unless the body had fully arrived
        if (ctx.statusCode() < 400 && !(failure instanceof HttpException) && !ctx.request().isEnded()) {
            answer(ctx, new Refusal(400, "the request body could not be read (" + Excerpt.of(String.valueOf(failure == null ? null : failure.getMessage()))
                    + "); send it with a correct Content-Length or valid chunked encoding", true));
            // Vert.x holds back what is written while it reads from the socket, and it closes the
            // connection right after this handler, mid-read: without a flush the answer is lost
            if (ctx.request().connection() instanceof ConnectionBase c) {
                c.channel().flush();
            }
            return;
        }
        answer(ctx, ctx.statusCode() >= 400 ? ctx.statusCode() : failure instanceof HttpException e ? e.getStatusCode() : 500);
    }

    private void answer(RoutingContext ctx, int status) {
        answer(ctx, refusal(ctx, status));
    }

    private void answer(RoutingContext ctx, Refusal r) {
        Throwable failure = ctx.failure();
        HttpServerResponse response = ctx.response();
        String where = ctx.request().method() + " " + Excerpt.of(ctx.request().path()) + " from " + ctx.request().remoteAddress();
        if (failure instanceof HttpClosedException || response.closed() || response.ended()) {
            LOG.debug("{}: no answer possible ({})", where, failure == null ? "already answered" : failure.toString());
            return;
        }
        if (r.status() >= 500) {
            LOG.error("HTTP {} for {}: {}", r.status(), where, failure, failure);
        } else if (r.warn()) {
            LOG.warn("HTTP {} for {}: {}", r.status(), where, r.error());
        }
        if (response.headWritten()) {
            response.close(); // half an answer went out; the client must not take it for a whole one
        } else {
            send(response, r);
        }
    }

    private Refusal refusal(RoutingContext ctx, int status) {
        Throwable failure = ctx.failure();
        Refusal door = doorRefusal(ctx, status);
        if (door != null) {
            return door;
        }
        if (status == 404 && failure == null) {
            return new Refusal(404, "no such path " + Excerpt.of(ctx.request().path()) + NO_SUCH_PATH, false);
        }
        if (status == 413) {
            return new Refusal(413, "the body is over " + maxBodyBytes + " bytes, the HTTP server's limit (camel.server.max-body-size);"
                    + " API bodies take at most 64 KiB, ingest batches 8 MiB", true);
        }
        IllegalArgumentException escape = badEscape(failure);
        if (status == 400 && escape != null) {
            return new Refusal(400, "the request URI is not valid %-encoding (" + Excerpt.of(escape.getMessage())
                    + "); write a literal % as %25", true);
        }
        if (status == 400 && failure == null) {
            // vert.x-web's path matcher could not decode the path; it hands over the status only
            return new Refusal(400, "the request path " + Excerpt.of(ctx.request().path())
                    + " is not valid %-encoding; write a literal % as %25", true);
        }
        if (status < 500) {
            return new Refusal(status, "the request was refused (" + HttpResponseStatus.valueOf(status).reasonPhrase() + ")", true);
        }
        return new Refusal(500, "internal error (" + (failure == null ? "unknown" : failure.getClass().getSimpleName())
                + "); the daemon log has the details", true);
    }

    /**
     * An /api/ request no rest route took (Vert.x matched no path, or no method) is answered by
     * the API door, as a routed call would be: 401 before 404/405, the allowed methods named.
     */
    private Refusal doorRefusal(RoutingContext ctx, int status) {
        String path = ctx.request().path();
        boolean api = path != null && (path.equals("/api") || path.startsWith("/api/"));
        if (!api || ctx.failure() != null || (status != 404 && status != 405)) {
            return null;
        }
        ApiDoor door = context.getRegistry().lookupByNameAndType(ApiDoor.BEAN, ApiDoor.class);
        if (door == null) {
            return null;
        }
        try {
            // a route that matched would have decoded the query first and failed on a bad %-escape
            ctx.request().params();
        } catch (IllegalArgumentException badEscape) {
            return new Refusal(400, "the request URI is not valid %-encoding (" + Excerpt.of(badEscape.getMessage())
                    + "); write a literal % as %25", true);
        }
        ApiProblem p = door.refusal(ctx.request());
        return new Refusal(p.status(), p.getMessage(), false);
    }

    /** The decoding error under a 400 of vert.x-web: it reports bad %-escapes as IllegalArgumentException. */
    private static IllegalArgumentException badEscape(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException e) {
                return e;
            }
        }
        return null;
    }

    private static Future<Void> send(HttpServerResponse response, Refusal r) {
        ApiReply reply = ApiReply.error(r.status(), r.error());
        // Content-Length set here too: Vert.x leaves it out of the answer to a HEAD request
        return response.setStatusCode(r.status()).putHeader("Content-Type", reply.contentType())
                .putHeader("Content-Length", String.valueOf(reply.body().length)).end(Buffer.buffer(reply.body()));
    }
}
