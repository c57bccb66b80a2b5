package routes;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP_IDLE_TIMEOUT for clients that trickle: a connection must deliver a whole request head
 * within the timeout of opening, and again within the timeout of each answer, or it is closed.
 * Vert.x's own idle timeout closes a connection only when no byte moves at all, so one header
 * byte a second (slowloris) would hold a connection, and a file descriptor, forever.
 * The clock stops while a request is being answered; a stalled body or an unread answer is left
 * to the idle timeout.
 */
final class RequestDeadlines {
    private final Vertx vertx;
    private final long millis;
    private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

    RequestDeadlines(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.millis = timeout.toMillis();
    }

    /** HttpServer#connectionHandler: the clock starts when the connection opens. */
    void opened(HttpConnection connection) {
        arm(connection);
        connection.closeHandler(closed -> disarm(connection));
    }

    /** The router's first handler: a whole head arrived, the clock stops until the answer ends. */
    void headArrived(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        disarm(connection);
        ctx.addEndHandler(answered -> {
            if (answered.succeeded()) {
                arm(connection); // keep-alive: the next head is due within the timeout
            }
        });
        ctx.next();
    }

    private void arm(HttpConnection connection) {
        long id = vertx.setTimer(millis, fired -> {
            timers.remove(connection);
            connection.close();
        });
        Long previous = timers.put(connection, id);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    private void disarm(HttpConnection connection) {
        Long id = timers.remove(connection);
        if (id != null) {
            vertx.cancelTimer(id);
        }
    }
}
