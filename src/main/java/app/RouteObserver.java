package app;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Watches the jobs' and the pager's direct: routes (a timer's run, an API refresh, a raise from
 * any caller) as they finish, so that metrics count what happened without the capabilities knowing
 * about metrics. A run failed when it carries an exception, handled by the error handler or not.
 * A route policy on those routes only: an event notifier (as this was before) made Camel build a
 * sending and a sent event for every exchange sent anywhere, 5 % of the API's event loops.
 */
final class RouteObserver implements RoutePolicyFactory {
    /** direct: endpoint name -> job name; scale-apply runs the same decision as scale-run, and applies it. */
    static final Map<String, String> JOBS = Map.of("slo-budget-run", "slo", "incident-run", "incidents",
            "costs-run", "costs", "scale-run", "scale", "scale-apply", "scale");
    static final String RAISE = "incident-raise";

    private final Clock clock;
    private final Map<String, Double> lastSuccessSeconds = new ConcurrentHashMap<>();
    private final BiConsumer<String, Boolean> raised;

    /** @param raised called per raise with its severity and whether the dedup window suppressed it */
    RouteObserver(Clock clock, BiConsumer<String, Boolean> raised) {
        this.clock = clock;
        this.raised = raised;
    }

    /** Job name -> epoch seconds of its last run that ended without an error; absent before the first. */
    Map<String, Double> lastSuccessSeconds() {
        return Map.copyOf(lastSuccessSeconds);
    }

    /** A policy for the watched routes, found by the direct: endpoint they consume from; none for the others. */
    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode node) {
        String name = node instanceof RouteDefinition route ? directName(route.getEndpointUrl()) : null;
        if (name == null) {
            return null;
        }
        String job = JOBS.get(name);
        if (job != null) {
            return new Finished(e -> lastSuccessSeconds.put(job, clock.millis() / 1000.0));
        }
        return RAISE.equals(name) ? new Finished(this::countRaise) : null;
    }

    /** "direct:NAME", "direct://NAME" or either with options -> NAME; null for any other endpoint. */
    static String directName(String uri) {
        if (uri == null || !uri.startsWith("direct:")) {
            return null;
        }
        String name = uri.substring("direct:".length());
        name = name.startsWith("//") ? name.substring(2) : name;
        int options = name.indexOf('?');
        return options < 0 ? name : name.substring(0, options);
    }

    private void countRaise(Exchange e) {
        if (e.getMessage().getBody() instanceof Map<?, ?> outcome && outcome.get("severity") instanceof String severity) {
            raised.accept(severity, Boolean.TRUE.equals(outcome.get("deduplicated")));
        }
    }

    /** Calls back with each exchange that leaves the route without an error. */
    private static final class Finished extends RoutePolicySupport {
        private final Consumer<Exchange> succeeded;

        Finished(Consumer<Exchange> succeeded) {
            this.succeeded = succeeded;
        }

        @Override
        public void onExchangeDone(Route route, Exchange e) {
            if (e.getException() == null && e.getProperty(Exchange.EXCEPTION_CAUGHT) == null) {
                succeeded.accept(e);
            }
        }
    }
}
