package incidents.camel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import incidents.AttemptLedger;
import incidents.Courier;
import incidents.Page;
import incidents.SendResult;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
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
    private final CamelContext context;
    private final AttemptLedger ledger;
    private final SendFailures failures;
    private final Map<String, AsyncProducer> producers = new ConcurrentHashMap<>();

    public RouteCourier(CamelContext context, AttemptLedger ledger, SendFailures failures) {
        this.context = context;
        this.ledger = ledger;
        this.failures = failures;
    }

    @Override
    public List<String> channels() {
        // every defined channel, started or not: a page for one still starting (or stopped by an
        // operator) fails its attempt and waits in the outbox, instead of never being queued
        return context.getRoutes().stream()
                .filter(r -> GROUP.equals(r.getGroup()) && r.getRouteId().startsWith(PREFIX))
                .map(Route::getRouteId).map(id -> id.substring(PREFIX.length())).toList();
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
            producer.process(exchange, doneSync -> done.accept(outcome(exchange)));
        } catch (RuntimeException e) {
            LOG.warn("{} {} could not be handed to channel {} ({}); it stays in the outbox", page.kind(), page.id(),
                    page.channel(), e.getMessage());
            done.accept(null);
        }
    }

    private SendResult outcome(Exchange exchange) {
        SendResult result = exchange.getProperty(PageAttempts.RESULT, SendResult.class);
        return result != null || exchange.getException() == null ? result : failures.classify(exchange.getException());
    }

    private AsyncProducer producer(String channel) {
        try {
            Endpoint endpoint = context.getEndpoint("direct:" + PREFIX + channel);
            AsyncProducer producer = endpoint.createAsyncProducer();
            producer.start();
            return producer;
        } catch (Exception e) {
            throw new IllegalStateException("no route for channel " + channel + ": " + e.getMessage(), e);
        }
    }
}
