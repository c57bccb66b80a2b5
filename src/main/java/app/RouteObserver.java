package app;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Watches the calls into the jobs' and the pager's direct: routes (a timer's run, an API refresh,
 * a raise from any caller), so that metrics count what happened without the capabilities knowing
 * about metrics. A call failed when it carries an exception, handled by the error handler or not.
 */
final class RouteObserver extends EventNotifierSupport {
    /** direct: endpoint -> job name; scale-apply runs the same decision as scale-run, and applies it. */
    static final Map<String, String> JOBS = Map.of("direct://slo-budget-run", "slo", "direct://incident-run", "incidents",
            "direct://costs-run", "costs", "direct://scale-run", "scale", "direct://scale-apply", "scale");
    static final String RAISE = "direct://incident-raise";

    private final Clock clock;
    private final Map<String, Double> lastSuccessSeconds = new ConcurrentHashMap<>();
    private final BiConsumer<String, Boolean> raised;

    /** @param raised called per raise with its severity and whether the dedup window suppressed it */
    RouteObserver(Clock clock, BiConsumer<String, Boolean> raised) {
        this.clock = clock;
        this.raised = raised;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        // not ignored, though unused: Camel sends the "sent" event only if a notifier took the "sending" one
        setIgnoreStepEvents(true);
    }

    /** Job name -> epoch seconds of its last run that ended without an error; absent before the first. */
    Map<String, Double> lastSuccessSeconds() {
        return Map.copyOf(lastSuccessSeconds);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent || event instanceof CamelEvent.ExchangeSendingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof ExchangeSentEvent sent)) {
            return;
        }
        String uri = sent.getEndpoint().getEndpointUri();
        Exchange e = sent.getExchange();
        boolean failed = e.getException() != null || e.getProperty(Exchange.EXCEPTION_CAUGHT) != null;
        String job = JOBS.get(uri);
        if (job != null && !failed) {
            lastSuccessSeconds.put(job, clock.millis() / 1000.0);
        } else if (uri.equals(RAISE) && !failed && e.getMessage().getBody() instanceof Map<?, ?> outcome
                && outcome.get("severity") instanceof String severity) {
            raised.accept(severity, Boolean.TRUE.equals(outcome.get("deduplicated")));
        }
    }
}
