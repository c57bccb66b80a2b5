package incidents.camel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import base.ConfigException;
import incidents.AttemptLedger;
import incidents.Courier;
import incidents.Page;
import incidents.SendResult;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels are the routes of group {@value #GROUP} whose id is "channel-NAME"
 * (channels.camel.yaml; an operator adds one by adding a route). A page is handed to
 * direct:channel-NAME asynchronously: the caller's thread is free while the route waits for a
 * redelivery, and {@code done} runs when the route has finished with the page.
 */
public final class RouteCourier implements Courier {
    private static final Logger LOG = LoggerFactory.getLogger(RouteCourier.class);
    public static final String GROUP = "channel";
    public static final String PREFIX = "channel-";
    static final String RETRY = "page-retry";
    /** The outbox's channel column holds 16 characters. */
    static final int MAX_NAME = 16;
    private final CamelContext context;
    private final AttemptLedger ledger;
    private final SendFailures failures;
    private final Map<String, AsyncProducer> producers = new ConcurrentHashMap<>();
    /** Bumped whenever routes are added or removed: the channel list is read again on the next call. */
    private final AtomicLong routesChanged = new AtomicLong();
    private volatile Listed listed = new Listed(-1, List.of());

    /** The channels as of a value of {@link #routesChanged}. */
    private record Listed(long asOf, List<String> channels) {
    }

    public RouteCourier(CamelContext context, AttemptLedger ledger, SendFailures failures) {
        this.context = context;
        this.ledger = ledger;
        this.failures = failures;
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onRoutesAdd(Collection<Route> routes) {
                routesChanged.incrementAndGet();
            }

            @Override
            public void onRoutesRemove(Collection<Route> routes) {
                routesChanged.incrementAndGet();
            }
        });
    }

    /**
     * Every defined channel, started or not: a page for one still starting (or stopped by an
     * operator) fails its attempt and waits in the outbox, instead of never being queued. Every raise
     * asks, so the list is kept until routes are added or removed.
     */
    @Override
    public List<String> channels() {
        Listed l = listed;
        long now = routesChanged.get();
        if (l.asOf() != now) {
            l = new Listed(now, context.getRoutes().stream()
                    .filter(r -> GROUP.equals(r.getGroup()) && r.getRouteId().startsWith(PREFIX))
                    .map(Route::getRouteId).map(id -> id.substring(PREFIX.length())).toList());
            listed = l;
        }
        return l.channels();
    }

    /**
     * Refuses, at start, a channel route that would break the pager's guarantees: without
     * routeConfigurationId page-retry no attempt is recorded or retried and errors are logged
     * unscrubbed; a name longer than the outbox's channel column fails every insert on PostgreSQL.
     */
    public void requireSafeChannels() {
        for (Route r : context.getRoutes()) {
            if (!GROUP.equals(r.getGroup())) {
                continue;
            }
            String id = r.getRouteId();
            String config = r.getConfigurationId() == null ? "" : r.getConfigurationId();
            if (!id.startsWith(PREFIX) || id.length() - PREFIX.length() > MAX_NAME) {
                throw new ConfigException("ROUTES_DIR", "route " + id + " is in group channel, so its id must be "
                        + PREFIX + "NAME with a NAME of at most " + MAX_NAME + " characters");
            }
            if (!java.util.Arrays.asList(config.split(",")).contains(RETRY)) {
                throw new ConfigException("ROUTES_DIR", "channel route " + id + " must declare routeConfigurationId: "
                        + RETRY + " (the pager's retry, attempt records and secret scrubbing); see docs/examples/slack.camel.yaml");
            }
        }
    }

    @Override
    public void send(Page page, int attempts, Consumer<SendResult> done) {
        try {
            if (ledger.attemptsIfPending(page) < 0) {
                done.accept(null); // delivered or refused meanwhile
                return;
            }
            AsyncProducer producer = producers.computeIfAbsent(page.channel(), this::producer);
            Exchange exchange = producer.getEndpoint().createExchange();
            exchange.setProperty(PageAttempts.PAGE, page);
            exchange.setProperty(PageAttempts.ATTEMPTS, attempts);
            exchange.getMessage().setBody(page);
            producer.process(exchange, doneSync -> done.accept(outcome(page, exchange)));
        } catch (RuntimeException e) {
            LOG.warn("{} {} could not be handed to channel {} ({}); it stays in the outbox", page.kind(), page.id(),
                    page.channel(), e.getMessage());
            done.accept(null);
        }
    }

    /**
     * The route's result; when its stages did not record one (the route is not running, so the send
     * failed before page-retry could see it), the failure is recorded and settled here. Never throws:
     * the pager releases the page on this callback.
     */
    private SendResult outcome(Page page, Exchange exchange) {
        try {
            SendResult result = exchange.getProperty(PageAttempts.RESULT, SendResult.class);
            if (result != null) {
                return result;
            }
            if (exchange.getException() != null) {
                result = failures.classify(exchange.getException());
            } else {
                // the endpoint took it: a delivery, even though the route forgot to say so
                LOG.warn("channel route {}{} ended without its last step pageAttempts.delivered; recorded as delivered here",
                        PREFIX, page.channel());
                result = SendResult.delivered();
            }
            ledger.record(page, result);
            ledger.settle(page, result);
            return result;
        } catch (RuntimeException e) {
            LOG.warn("{} {} to {}: the outcome could not be recorded ({}); it stays in the outbox", page.kind(), page.id(),
                    page.channel(), e.getMessage());
            return null;
        }
    }

    private AsyncProducer producer(String channel) {
        try {
            // block=false: a channel route that is not running fails the attempt at once instead of
            // holding a sender for direct's 30 s
            Endpoint endpoint = context.getEndpoint("direct:" + PREFIX + channel + "?block=false");
            AsyncProducer producer = endpoint.createAsyncProducer();
            producer.start();
            return producer;
        } catch (Exception e) {
            throw new IllegalStateException("no route for channel " + channel + ": " + e.getMessage(), e);
        }
    }
}
