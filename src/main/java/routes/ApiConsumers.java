package routes;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.spi.RestConsumerFactory;

/**
 * The rest: blocks' consumers: platform-http's, with the door's header filter
 * ({@link ApiHeaderFilter}) and minus the content negotiation. Given a verb's
 * consumes/produces, platform-http has Vert.x refuse a request itself (415 for an unlisted or a
 * missing Content-Type, even on an empty body; 406 for an Accept it does not list), before the
 * key check and without the JSON envelope. The door checks the Content-Type of a body instead,
 * after the key, as it always has; consumes/produces stay in the rest: blocks for the door and
 * the OpenAPI document.
 */
final class ApiConsumers implements RestConsumerFactory {
    static final String NAME = "apiConsumers";
    /** Inbound nothing (the gate reads the Vert.x request), outbound Cache-Control. */
    private final ApiHeaderFilter headers = new ApiHeaderFilter();

    @Override
    public Consumer createConsumer(CamelContext context, Processor processor, String verb, String basePath, String uriTemplate,
                                   String consumes, String produces, RestConfiguration configuration,
                                   Map<String, Object> parameters) throws Exception {
        if (!serverEnabled(context)) {
            // one-shot mode runs no HTTP server (camel.server.enabled=false), and a platform-http
            // consumer fails its init without one: the rest routes get a consumer that receives
            // nothing (they are never started there; one-shot calls the direct: routes)
            return context.getEndpoint("direct:unserved-" + verb + "-" + (basePath + uriTemplate).replace('/', '-'))
                    .createConsumer(processor);
        }
        Consumer consumer = platformHttp(context).createConsumer(context, processor, verb, basePath, uriTemplate, null, null,
                configuration, parameters);
        ((PlatformHttpEndpoint) consumer.getEndpoint()).setHeaderFilterStrategy(headers);
        return consumer;
    }

    private static boolean serverEnabled(CamelContext context) {
        return context.getPropertiesComponent().resolveProperty("camel.server.enabled").map(Boolean::parseBoolean).orElse(false);
    }

    private static PlatformHttpComponent platformHttp(CamelContext context) {
        return context.getComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME, PlatformHttpComponent.class);
    }
}
