package routes;

import org.apache.camel.builder.RouteBuilder;

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

        from("platform-http:/api?matchOnUriPrefix=true")
                .routeId("api")
                .process(gate)
                .toD("${exchangeProperty." + ApiGate.TARGET + "}")
                .process(ApiResponder::reply);
    }
}
