package app;

import java.util.function.DoubleSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The project's own metrics, next to Camel's in /observe/metrics on MANAGEMENT_PORT. A capability
 * registers its figures here from AppConfiguration (a gauge reads its latest state; a counter is
 * incremented by its code), so domain packages never see a Micrometer or Camel type.
 * Every name gets the prefix {@value #PREFIX}; Prometheus adds _total to counters.
 */
public final class OwnMetrics {
    static final String PREFIX = "echopilot_";
    /** The name camel-micrometer-prometheus looks up; it then publishes this registry. */
    static final String CAMEL_REGISTRY_NAME = "metricsRegistry";

    private final MeterRegistry registry;

    /**
     * Joins the registry camel-micrometer-prometheus created (camel.metrics.enabled=true), or
     * creates and binds one that it will then publish (it looks the name up before creating its own).
     */
    static OwnMetrics in(org.apache.camel.spi.Registry camelRegistry) {
        MeterRegistry existing = camelRegistry.lookupByNameAndType(CAMEL_REGISTRY_NAME, MeterRegistry.class);
        if (existing != null) {
            return new OwnMetrics(existing);
        }
        PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        camelRegistry.bind(CAMEL_REGISTRY_NAME, created);
        return new OwnMetrics(created);
    }

    OwnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A figure read when scraped; return Double.NaN while it is unknown (before a first run).
     * Held strongly: Micrometer keeps only a weak reference by default, and a lambda referenced
     * by nothing else would be collected, leaving the gauge at NaN.
     */
    public void gauge(String name, String help, DoubleSupplier value, String... tags) {
        Gauge.builder(PREFIX + name, value, DoubleSupplier::getAsDouble).strongReference(true).description(help).tags(tags)
                .register(registry);
    }

    /** A count that only goes up, such as incidents raised or pages sent. */
    public Counter counter(String name, String help, String... tags) {
        io.micrometer.core.instrument.Counter c = io.micrometer.core.instrument.Counter.builder(PREFIX + name)
                .description(help).tags(tags).register(registry);
        return c::increment;
    }

    /** What a capability holds to count something. */
    @FunctionalInterface
    public interface Counter {
        void increment();
    }
}
