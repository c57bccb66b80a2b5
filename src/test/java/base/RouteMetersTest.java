package base;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class RouteMetersTest {

    @Test
    void each_route_gets_camels_meters_counting_its_exchanges_by_outcome_and_timing_them() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutePolicyFactory(new RouteMeters(registry));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:outer").routeId("outer").to("direct:inner");
                    from("direct:inner").routeId("inner").process(e -> {
                        if ("fail".equals(e.getMessage().getBody())) {
                            throw new IllegalStateException("refused");
                        }
                    });
                }
            });
            camel.start();
            camel.createProducerTemplate().sendBody("direct:outer", "ok");
            camel.createProducerTemplate().sendBody("direct:outer", "ok");
            camel.createProducerTemplate().send("direct:outer", e -> e.getMessage().setBody("fail"));
            assertMeters(registry);
        }
        // a removed route takes its meters with it (a reloaded route registers them again)
        assertThat(registry.find("camel.exchanges.total").counters()).isEmpty();
    }

    private static void assertMeters(SimpleMeterRegistry registry) {
        for (String route : new String[] {"outer", "inner"}) {
            assertThat(registry.get("camel.exchanges.total").tag("routeId", route).counter().count()).as(route).isEqualTo(3);
            assertThat(registry.get("camel.exchanges.succeeded").tag("routeId", route).counter().count()).as(route).isEqualTo(2);
            assertThat(registry.get("camel.exchanges.failed").tag("routeId", route).counter().count()).as(route).isEqualTo(1);
            // each route times its own part: one property per route, so the inner route does not end the outer's sample
            assertThat(registry.get("camel.route.policy").tag("routeId", route).tag("kind", "CamelRoute").timer().count())
                    .as(route).isEqualTo(3);
        }
    }
}
