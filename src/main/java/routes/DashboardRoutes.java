package routes;

import org.apache.camel.builder.RouteBuilder;

/** GET /dashboard and its script and style, served by the daemon itself (no key: the page asks for it). */
public class DashboardRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/dashboard?matchOnUriPrefix=true")
                .routeId("dashboard")
                .process(new DashboardFiles());
    }
}
