package routes;

import java.util.Set;

import base.ApiProblem;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * The API door, in one place for every rest route: before the route, {@link ApiGate} (key, path
 * and method, body size, content type, UTF-8) turns the request into an ApiRequest; after it,
 * {@link ApiResponder} writes the route's ApiReply. What any route throws is logged once and, on
 * an API call, answered with the JSON envelope and its status (routes that retry add their own).
 * Requests under /api/ that no rest route took (unknown path or method) are answered by the same
 * gate from {@link HttpErrorReplies}.
 */
public final class ApiDoor extends RouteConfigurationBuilder {
    /** The registry name HttpErrorReplies looks the door up by. */
    public static final String BEAN = "apiDoor";
    /** On an operation that needs no key: true when the request carried the right X-Dash-Key anyway. */
    public static final String KEY_PRESENTED = "apiDashKeyPresented";
    /** Every operation of a rest: block; the dashboard's platform-http route is not one. */
    private static final String API_CONSUMERS = "rest:*";

    /**
     * The hot operations, answered on the event loop that read the request instead of a worker
     * thread ({@link EventLoopConsumer}): their routes answer from memory, and the raise's record
     * step resumes when its group commit is done. A step added to these routes must not wait (an
     * HTTP call, a query): put it behind a {@code threads:} step (docs/editing-flows.md).
     */
    static final Set<String> ON_EVENT_LOOP = Set.of("GET /api/slo/budget", "GET /api/costs/allow", "POST /api/incidents/raise");

    private final ApiGate gate;

    public ApiDoor(ApiKeyCheck keys, ApiTable table) {
        this.gate = new ApiGate(keys, table);
    }

    /** Serves the rest: blocks on platform-http, through {@link ApiConsumers}. */
    public static void serveRestOnPlatformHttp(CamelContext context) {
        context.getRegistry().bind(ApiConsumers.NAME, new ApiConsumers());
        context.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, new EventLoopEngine(ON_EVENT_LOOP));
        context.getRestConfiguration().setComponent(ApiConsumers.NAME);
        // the direct:api-* routes stay routes of their own (Camel would fold each into its rest
        // route): one-shot mode and tests call them without HTTP, and their ids name them in metrics
        context.getRestConfiguration().setInlineRoutes(false);
    }

    @Override
    public void configuration() {
        // one configuration without an id applies to every route (rest routes cannot name one).
        // The onException does not reach the interceptFrom, so the gate answers its refusals itself
        // (ApiGate#process); it answers what the routes throw, the door's and every other route's
        RouteConfigurationDefinition door = routeConfiguration();
        door.onException(Exception.class)
                .handled(true)
                .process(ApiResponder::failure);
        door.interceptFrom(API_CONSUMERS)
                .process(gate);
        door.onCompletion().modeBeforeConsumer().onCompleteOnly()
                .onWhen(exchange -> exchange.getProperty(ApiGate.PATH) != null)
                .process(ApiResponder::reply);
    }

    ApiProblem refusal(HttpServerRequest request) {
        return gate.refusal(request);
    }
}
