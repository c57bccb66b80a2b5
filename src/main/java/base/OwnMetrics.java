package base;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * The project's own metrics, next to Camel's in /observe/metrics on MANAGEMENT_PORT. A capability
 * registers its figures here from AppConfiguration (a gauge reads its latest state; a counter is
 * incremented by its code), so domain packages never see a Micrometer or Prometheus type.
 * Every name gets the prefix {@value #PREFIX}; Prometheus adds _total to counters. Names follow
 * Prometheus's conventions (base units in the name: _seconds, _bytes, _ratio, _usd; snake_case
 * labels), and `promtool check metrics` finds nothing to say about the whole scrape.
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
    public static OwnMetrics in(org.apache.camel.spi.Registry camelRegistry) {
        MeterRegistry existing = camelRegistry.lookupByNameAndType(CAMEL_REGISTRY_NAME, MeterRegistry.class);
        MeterRegistry registry = existing != null ? existing : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // before the routes start and register their meters: a filter only sees meters registered after it
        registry.config().meterFilter(new PrometheusNames());
        if (existing == null) {
            camelRegistry.bind(CAMEL_REGISTRY_NAME, registry);
        }
        return new OwnMetrics(registry);
    }

    OwnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Camel's per-route meters on this registry (see {@link RouteMeters}); installed instead of
     * camel-micrometer's route policy (camel.metrics.enableRoutePolicy=false).
     */
    public org.apache.camel.spi.RoutePolicyFactory routeMeters() {
        return new RouteMeters(registry);
    }

    /** The JVM and the process, as every JVM service exports them (jvm_*, process_*, system_*). */
    public void bindJvmAndProcess() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
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

    /** A count that only goes up, such as incidents raised or pages sent; name it without _total. */
    public Counter counter(String name, String help, String... tags) {
        io.micrometer.core.instrument.Counter c = io.micrometer.core.instrument.Counter.builder(PREFIX + name)
                .description(help).tags(tags).register(registry);
        return c::increment;
    }

    /**
     * A count kept in {@code owner} and read when scraped (it only goes up); name it without _total.
     * Micrometer holds {@code owner} weakly (it has no strong option for these): pass the object
     * that keeps the count and that lives as long as the daemon, never a lambda of its own.
     */
    public <T> void counterFrom(String name, String help, T owner, java.util.function.ToDoubleFunction<T> total, String... tags) {
        io.micrometer.core.instrument.FunctionCounter.builder(PREFIX + name, owner, total)
                .description(help).tags(tags).register(registry);
    }

    /**
     * Gauges with one label whose values are known only when scraped (a model's spend, a burn
     * window): the supplier returns label value -> figure; an empty map shows no series.
     */
    public void gaugeFamily(String name, String help, String label, Supplier<Map<String, Double>> values) {
        collector(() -> {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(PREFIX + name).help(help);
            values.get().forEach((v, x) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of(label, v)).value(x).build()));
            return b.build();
        });
    }

    /**
     * A histogram kept elsewhere (counts folded in bulk, where recording each value through
     * Micrometer would cost more than parsing it). Name it with its unit, e.g. ..._duration_seconds.
     */
    public void histogram(String name, String help, Supplier<Buckets> buckets) {
        collector(() -> {
            Buckets now = buckets.get();
            return HistogramSnapshot.builder().name(PREFIX + name).help(help)
                    .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(now.upperBounds(), now.counts()))
                            .sum(now.sum()).build())
                    .build();
        });
    }

    /**
     * A histogram's state: upper bounds ending with +Inf, the count of each bucket (not cumulative),
     * and the sum of the values.
     */
    public record Buckets(double[] upperBounds, long[] counts, double sum) {
    }

    private void collector(Supplier<MetricSnapshot> snapshot) {
        if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
            return; // only the Prometheus registry publishes; another (a test's simple registry) has no use for these
        }
        Collector c = snapshot::get;
        prometheus.getPrometheusRegistry().register(c);
    }

    /** What a capability holds to count something. */
    @FunctionalInterface
    public interface Counter {
        void increment();
    }

    /**
     * Fixes, as meters are registered, the names that Prometheus's conventions (and promtool) refuse:
     * Camel's camelCase tag keys (camelContext, routeId, ...) become snake_case; Micrometer's
     * system.cpu.count (a gauge whose _count suffix reads as a summary's) becomes
     * system.cpu.processors; process.cpu.time (nanoseconds, an abbreviated unit) is left out, as
     * process_cpu_usage says the same.
     */
    static final class PrometheusNames implements io.micrometer.core.instrument.config.MeterFilter {
        @Override
        public io.micrometer.core.instrument.config.MeterFilterReply accept(io.micrometer.core.instrument.Meter.Id id) {
            return id.getName().equals("process.cpu.time") ? io.micrometer.core.instrument.config.MeterFilterReply.DENY
                    : io.micrometer.core.instrument.config.MeterFilterReply.NEUTRAL;
        }

        @Override
        public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
            if (id.getName().equals("system.cpu.count")) {
                return id.withName("system.cpu.processors");
            }
            if (!id.getName().startsWith("camel")) {
                return id;
            }
            List<io.micrometer.core.instrument.Tag> tags = new ArrayList<>();
            for (io.micrometer.core.instrument.Tag t : id.getTagsAsIterable()) {
                tags.add(io.micrometer.core.instrument.Tag.of(snakeCase(t.getKey()), t.getValue()));
            }
            return id.replaceTags(tags);
        }

        static String snakeCase(String key) {
            StringBuilder out = new StringBuilder(key.length() + 4);
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (Character.isUpperCase(c)) {
                    if (i > 0 && out.charAt(out.length() - 1) != '_') {
                        out.append('_');
                    }
                    out.append(Character.toLowerCase(c));
                } else {
                    out.append(c == '.' || c == '-' ? '_' : c);
                }
            }
            return out.toString();
        }
    }
}
