package app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class RouteObserverTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void routes_are_recognised_by_the_direct_endpoint_they_consume_from_however_it_is_written() {
        assertThat(RouteObserver.directName("direct:incident-raise")).isEqualTo("incident-raise");
        assertThat(RouteObserver.directName("direct://costs-run")).isEqualTo("costs-run");
        assertThat(RouteObserver.directName("direct:scale-run?timeout=5000")).isEqualTo("scale-run");
        assertThat(RouteObserver.directName("timer:incidents?period={{INCIDENT_INTERVAL}}")).isNull();
        assertThat(RouteObserver.directName(null)).isNull();
    }

    @Test
    void a_job_counts_as_succeeded_only_when_its_run_ends_without_an_error_and_raises_are_counted_by_severity() throws Exception {
        List<String> raised = new ArrayList<>();
        RouteObserver observer = new RouteObserver(CLOCK, (severity, suppressed) -> raised.add(severity + (suppressed ? "/suppressed" : "")));
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutePolicyFactory(observer);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:costs-run").process(e -> {
                        if (Boolean.TRUE.equals(e.getMessage().getBody())) {
                            throw new IllegalStateException("costs.json cannot be written");
                        }
                    });
                    from("direct:scale-run").log("scaled");
                    from("direct:incident-raise").setBody(e -> Map.of("severity", "ERROR", "deduplicated", true));
                    from("direct:other").setBody(e -> Map.of("severity", "CRITICAL"));
                }
            });
            camel.start();
            camel.createProducerTemplate().send("direct:costs-run", e -> e.getMessage().setBody(true));
            camel.createProducerTemplate().sendBody("direct:scale-run", "x");
            camel.createProducerTemplate().sendBody("direct:incident-raise", "x");
            camel.createProducerTemplate().sendBody("direct:other", "x");
        }
        assertThat(observer.lastSuccessSeconds()).isEqualTo(Map.of("scale", CLOCK.millis() / 1000.0));
        assertThat(raised).containsExactly("ERROR/suppressed");
    }
}
