package incidents;

/**
 * What one delivery attempt came to, classified so that the pager can act on it (Alertmanager's
 * split: the notifier classifies, the retry stage decides):
 * <ul>
 * <li>DELIVERED: the channel accepted the message;</li>
 * <li>REFUSED: this message was refused for good (a 4xx other than 401, 403, 404, 408, 410 and 429, e.g.
 *     "message is too long"): sending it again sends the same bad request, so the page ends as
 *     failed and the channel stays usable for every other page;</li>
 * <li>DENIED: the channel refuses us whatever we send (bad token or credentials, the bot removed
 *     from the chat, a webhook gone): no retry now, the page stays pending until an operator fixes
 *     the settings;</li>
 * <li>THROTTLED: 429, wait {@code retryAfterMs} before the next attempt;</li>
 * <li>FAILED: worth retrying (5xx, connection refused, timeout).</li>
 * </ul>
 * DENIED, THROTTLED and FAILED say the channel is down for now; REFUSED says nothing about it.
 */
public record SendResult(Kind kind, String error, long retryAfterMs) {
    public enum Kind { DELIVERED, REFUSED, DENIED, THROTTLED, FAILED }

    public static SendResult delivered() {
        return new SendResult(Kind.DELIVERED, null, 0);
    }

    public static SendResult refused(String error) {
        return new SendResult(Kind.REFUSED, error, 0);
    }

    public static SendResult denied(String error) {
        return new SendResult(Kind.DENIED, error, 0);
    }

    public static SendResult throttled(String error, long retryAfterMs) {
        return new SendResult(Kind.THROTTLED, error, retryAfterMs);
    }

    public static SendResult failed(String error) {
        return new SendResult(Kind.FAILED, error, 0);
    }

    /** An HTTP status, classified: 2xx delivered, 429 throttled, 401/403/404/410 denied, 408 and 5xx failed, other 4xx refused. */
    public static SendResult ofStatus(int status, String error, long retryAfterMs) {
        if (status >= 200 && status < 300) {
            return delivered();
        }
        if (status == 429) {
            return throttled(error, retryAfterMs);
        }
        if (status == 408) {
            return failed(error); // the server timed out waiting: nothing wrong with the message
        }
        if (status == 401 || status == 403 || status == 404 || status == 410) {
            return denied(error); // the token, the chat or the webhook: every page would fail alike
        }
        if (status >= 400 && status < 500) {
            return refused(error);
        }
        return failed(error);
    }

    public boolean ok() {
        return kind == Kind.DELIVERED;
    }

    /** True when the failure is about the channel rather than this message: skip the channel for now. */
    public boolean channelDown() {
        return kind == Kind.DENIED || kind == Kind.THROTTLED || kind == Kind.FAILED;
    }
}
