package base;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyNamingStrategy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.RoutePolicySupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Camel's per-route meters, with the names, tags and help texts camel-micrometer's route policy
 * gives them (camel_exchanges_total, _succeeded_, _failed_, _failures_handled_,
 * _external_redeliveries_total, camel_route_policy_seconds), kept by a policy of our own. Camel's
 * builds the exchange property that holds an exchange's start time with String.format, twice for
 * each route an exchange passes: with three routes per API call that was 8 % of the HTTP event
 * loops' CPU under raises (docs/benchmarks.md). Here the property name is made once per route.
 */
final class RouteMeters implements RoutePolicyFactory {
    private static final MicrometerRoutePolicyNamingStrategy NAMES = MicrometerRoutePolicyNamingStrategy.DEFAULT;
    private final MeterRegistry registry;

    RouteMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return new Policy(registry);
    }

    private static final class Policy extends RoutePolicySupport {
        private final MeterRegistry registry;
        private String startedAt;
        private Tags tags;
        private Counter total;
        private Counter succeeded;
        private Counter failed;
        private Counter failuresHandled;
        private Counter externalRedeliveries;
        /** Registered at the first exchange done, as Camel's is: a route never used has no timer. */
        private volatile Timer timer;

        Policy(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void onInit(Route route) {
            super.onInit(route);
            startedAt = "echopilot.routeStarted." + route.getRouteId();
            tags = NAMES.getTags(route);
            Tags statusTags = NAMES.getExchangeStatusTags(route);
            total = counter(NAMES.getExchangesTotalName(route), statusTags, "Total number of processed exchanges");
            succeeded = counter(NAMES.getExchangesSucceededName(route), statusTags, "Number of successfully completed exchanges");
            failed = counter(NAMES.getExchangesFailedName(route), statusTags, "Number of failed exchanges");
            failuresHandled = counter(NAMES.getFailuresHandledName(route), statusTags, "Number of failures handled");
            externalRedeliveries = counter(NAMES.getExternalRedeliveriesName(route), statusTags,
                    "Number of external initiated redeliveries (such as from JMS broker)");
        }

        private Counter counter(String name, Tags statusTags, String help) {
            return Counter.builder(name).tags(statusTags).description(help).register(registry);
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(startedAt, System.nanoTime());
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            if (exchange.removeProperty(startedAt) instanceof Long started) {
                timer(route).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            total.increment();
            if (exchange.isFailed()) {
                failed.increment();
                return;
            }
            succeeded.increment();
            if (ExchangeHelper.isFailureHandled(exchange)) {
                failuresHandled.increment();
            }
            if (exchange.isExternalRedelivered()) {
                externalRedeliveries.increment();
            }
        }

        private Timer timer(Route route) {
            Timer t = timer;
            if (t == null) {
                t = Timer.builder(NAMES.getName(route)).tags(tags).description("Route performance metrics").register(registry);
                timer = t;
            }
            return t;
        }

        @Override
        public void onRemove(Route route) {
            List.of(total, succeeded, failed, failuresHandled, externalRedeliveries).forEach(registry::remove);
            Timer t = timer;
            if (t != null) {
                registry.remove(t);
            }
            super.onRemove(route);
        }
    }
}
