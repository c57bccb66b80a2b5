package routes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
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
    private final List<String> deployments = new ArrayList<>();

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
        // One server per core on the same port, each on an event loop of its own, and Vert.x deals the
        // connections out among them. Each is started by an instance of a verticle: Vert.x gives every
        // instance its own event-loop context, where several listen() calls from this thread would all
        // have shared the one context Vert.x keeps for a non-Vert.x thread (and so one event loop: the
        // hot operations, answered on the event loop, ran on a single core).
        int loops = eventLoops();
        String first = deploy(configuration.getBindPort(), options, router, errors, 1);
        deployments.add(first);
        if (loops > 1) {
            // port 0 (any free port): the others join the port the first one got
            deployments.add(deploy(servers.get(0).actualPort(), options, router, errors, loops - 1));
        }
        server = servers.get(0);
        LOG.info("Vert.x HttpServer started on {}:{} with {} event loop(s) (connections idle or trickling for {} s are closed)",
                configuration.getBindHost(), server.actualPort(), loops, idleTimeout.toMillis() / 1000.0);
    }

    /** Deploys {@code instances} servers on {@code port}, each on its own event loop; returns the deployment's id. */
    private String deploy(int port, HttpServerOptions options, VertxPlatformHttpRouter router, HttpErrorReplies errors,
                          int instances) throws Exception {
        return getVertx().deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                vertx.createHttpServer(options)
                        .invalidRequestHandler(errors::invalidRequest)
                        .requestHandler(router)
                        .listen(port, configuration.getBindHost())
                        .<Void>map(http -> {
                            synchronized (servers) {
                                servers.add(http);
                            }
                            return null;
                        })
                        .onComplete(started);
            }
        }, new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(START_STOP_SECONDS, TimeUnit.SECONDS);
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
            // undeploying a server's verticle closes the server
            for (String id : deployments) {
                getVertx().undeploy(id).toCompletionStage().toCompletableFuture().get(START_STOP_SECONDS, TimeUnit.SECONDS);
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
            deployments.clear();
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
