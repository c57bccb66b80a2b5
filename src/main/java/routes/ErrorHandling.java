package routes;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Error handling for every route: the failure is logged once and, on an API call, answered
 * with the JSON envelope and its status. Routes that need retries (delivery) add their own.
 */
public class ErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration()
                .onException(Exception.class)
                .handled(true)
                .process(ApiResponder::failure);
    }
}
