package routes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * platform-http's Vert.x server with what its stock version hard-codes opened up: the stock
 * server listens with default HttpServerOptions (no idle timeout) and leaves malformed requests
 * to Vert.x's defaults (empty bodies, HTML pages, ERROR stack traces). The router, the body
 * handler and the Camel consumers are platform-http's own; the stock server's top router, which
 * only mounts that router at camel.server.path and adds authentication, is left out (the factory
 * refuses both settings), and that router takes the requests itself.
 */
final class HardenedHttpServer extends VertxPlatformHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HardenedHttpServer.class);
    private static final long START_STOP_SECONDS = 30;

    private final VertxPlatformHttpServerConfiguration configuration;
    private final Duration idleTimeout;
    /** The first of the listening servers (what getServer() reports); {@link #servers} holds them all. */
    private HttpServer server;
    private final List<HttpServer> servers = new ArrayList<>();

    HardenedHttpServer(VertxPlatformHttpServerConfiguration configuration, Duration idleTimeout) {
        super(configuration);
        this.configuration = configuration;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    protected void startServer() throws Exception {
        // the router platform-http's consumers add their routes to, bound by initializeServer()
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
        HttpErrorReplies errors = new HttpErrorReplies(configuration.getMaxBodySize(), getCamelContext());
        errors.install(router);
        // Vert.x puts its idle handler behind the HTTP decoder, which passes nothing on until a
        // request head is whole: a head trickled in one byte at a time counts as idle too (slowloris)
        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout((int) idleTimeout.toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        // One server per core on the same port: each listen() from outside Vert.x gets its own event
        // loop, and Vert.x deals the connections out among them. With one, a single event-loop thread
        // parsed and wrote every request (a quarter of all samples under load) while the other core
        // waited; GET /api/costs/allow went from about 0.5 to about 0.x of nginx's two workers.
        int loops = eventLoops();
        for (int n = 0; n < loops; n++) {
            HttpServer http = getVertx().createHttpServer(options)
                    .invalidRequestHandler(errors::invalidRequest)
                    .requestHandler(router);
            // port 0 (any free port): the others join the port the first one got
            int port = servers.isEmpty() ? configuration.getBindPort() : servers.get(0).actualPort();
            servers.add(http.listen(port, configuration.getBindHost())
                    .toCompletionStage().toCompletableFuture().get(START_STOP_SECONDS, TimeUnit.SECONDS));
        }
        server = servers.get(0);
        LOG.info("Vert.x HttpServer started on {}:{} with {} event loop(s) (connections idle or trickling for {} s are closed)",
                configuration.getBindHost(), server.actualPort(), loops, idleTimeout.toMillis() / 1000.0);
    }

    /** As many as cores, within the event-loop pool Vert.x has (twice the cores by default). */
    private static int eventLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    protected void stopServer() {
        if (server == null) {
            return;
        }
        try {
            // as the stock server does: a restarted context must build a fresh component
            getCamelContext().removeComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME);
            for (HttpServer http : servers) {
                http.close().toCompletionStage().toCompletableFuture().get(START_STOP_SECONDS, TimeUnit.SECONDS);
            }
            LOG.info("Vert.x HttpServer stopped");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("could not close the HTTP server cleanly: {}", e.toString());
        } finally {
            server = null;
            servers.clear();
        }
    }

    /**
     * The stock stopVertx runs on an executor that only the stock startServer creates (so it failed
     * with a NullPointerException at every shutdown): Vert.x is closed here instead, unless it is a
     * shared instance from the registry, which is not this server's to close.
     */
    @Override
    protected void stopVertx() {
        io.vertx.core.Vertx vertx = getVertx();
        if (vertx == null || getCamelContext().getRegistry().findSingleByType(io.vertx.core.Vertx.class) != null) {
            return;
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_STOP_SECONDS, TimeUnit.SECONDS);
            LOG.info("Vert.x stopped");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("could not close Vert.x cleanly: {}", e.toString());
        } finally {
            setVertx(null);
        }
    }
}
