package incidents.camel;

/**
 * A channel answered success without proof that it delivered (Telegram: no ok, or no message
 * id). Counted as a failed attempt; not redelivered at once (the send itself went through), the
 * next incident run tries the page again.
 */
public final class UnconfirmedDelivery extends RuntimeException {
    public UnconfirmedDelivery(String message) {
        super(message, null, false, false);
    }
}
