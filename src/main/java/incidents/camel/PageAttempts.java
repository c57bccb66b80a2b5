package incidents.camel;

import incidents.AttemptLedger;
import incidents.Page;
import incidents.RetryPolicy;
import incidents.SendResult;
import org.apache.camel.Exchange;

/**
 * The stages of a channel route that are not sending (channels.camel.yaml, routeConfiguration
 * page-retry): each failed attempt is classified and recorded ({@link #failed}, Camel's
 * onExceptionOccurred), the redelivery policy asks {@link #retryWhile} whether to go on (only
 * failures about the channel: 5xx, connection, 429; a 429 waits at least Telegram's retry_after),
 * a success is recorded by {@link #delivered}, and {@link #exhausted} ends the page's attempts.
 * The page travels as the exchange property {@value #PAGE}; the body is free for the endpoint.
 */
public final class PageAttempts {
    public static final String PAGE = "page";
    /** How many attempts this hand-over allows: the full series for a new page, one for a retry. */
    public static final String ATTEMPTS = "pageAttempts";
    /** The last attempt's {@link SendResult}, read by the courier when the exchange completes. */
    public static final String RESULT = "pageResult";
    private final AttemptLedger ledger;
    private final RetryPolicy policy;
    private final SendFailures failures;

    public PageAttempts(AttemptLedger ledger, RetryPolicy policy, SendFailures failures) {
        this.ledger = ledger;
        this.policy = policy;
        this.failures = failures;
    }

    public void failed(Exchange exchange) {
        SendResult result = failures.classify(caught(exchange));
        exchange.setProperty(RESULT, result);
        ledger.record(page(exchange), result);
    }

    public boolean retryWhile(Exchange exchange) {
        Throwable caught = caught(exchange);
        if (caught instanceof UnconfirmedDelivery) {
            return false; // the request went through: sending it again at once is not a retry of a failure
        }
        SendResult result = failures.classify(caught);
        // Camel counts the failure before it asks: after attempt n failed, the counter is n
        int attempt = Math.max(1, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        int allowed = exchange.getProperty(ATTEMPTS, 1, Integer.class);
        long wait = attempt < allowed ? policy.delayAfter(attempt, result) : -1;
        if (wait < 0 || !ledger.keepLease(page(exchange), wait)) {
            return false;
        }
        if (result.kind() == SendResult.Kind.THROTTLED) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait);
        } else {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
        return true;
    }

    public void delivered(Exchange exchange) {
        SendResult result = SendResult.delivered();
        exchange.setProperty(RESULT, result);
        ledger.record(page(exchange), result);
    }

    public void exhausted(Exchange exchange) {
        SendResult result = exchange.getProperty(RESULT, SendResult.class);
        ledger.settle(page(exchange), result != null ? result : failures.classify(caught(exchange)));
    }

    private static Page page(Exchange exchange) {
        return exchange.getProperty(PAGE, Page.class);
    }

    private static Throwable caught(Exchange exchange) {
        Throwable t = exchange.getException();
        return t != null ? t : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
