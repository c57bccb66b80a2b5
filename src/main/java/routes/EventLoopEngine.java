package routes;

import java.util.Set;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/** platform-http's Vert.x engine, with the operations named here answered on the event loop ({@link EventLoopConsumer}). */
final class EventLoopEngine extends VertxPlatformHttpEngine {
    private final Set<String> onEventLoop;

    /** @param onEventLoop "GET /api/slo/budget" and the like */
    EventLoopEngine(Set<String> onEventLoop) {
        this.onEventLoop = Set.copyOf(onEventLoop);
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (onEventLoop.contains(endpoint.getHttpMethodRestrict() + " " + endpoint.getPath())) {
            return new EventLoopConsumer(endpoint, processor, getHandlers(), VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
        }
        return super.createConsumer(endpoint, processor);
    }
}
