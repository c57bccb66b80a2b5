package routes;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;

/**
 * The HTTP API: one platform-http consumer for /api/*, guarded by {@link ApiGate}, that hands
 * each request to the direct: route named in {@link ApiCatalog} and writes its {@code ApiReply}.
 */
public class ApiRoutes extends RouteBuilder {
    private final ApiKeyCheck keys;

    public ApiRoutes(ApiKeyCheck keys) {
        this.keys = keys;
    }

    @Override
    public void configure() {
        ApiGate gate = new ApiGate(keys);

        PlatformHttpEndpoint api = getContext().getEndpoint("platform-http:/api?matchOnUriPrefix=true", PlatformHttpEndpoint.class);
        api.setHeaderFilterStrategy(new ApiHeaderFilter());
        from(api)
                .routeId("api")
                .process(gate)
                .toD("${exchangeProperty." + ApiGate.TARGET + "}")
                .process(ApiResponder::reply);
    }
}
