package incidents;

/**
 * What one delivery attempt came to, classified so that the retry policy can act on it:
 * delivered; refused for good (a 4xx other than 429: retrying sends the same bad request);
 * throttled (429, wait {@code retryAfterMs}); or failed in a way worth retrying (5xx, network).
 */
public record SendResult(Kind kind, String error, long retryAfterMs) {
    public enum Kind { DELIVERED, REJECTED, THROTTLED, FAILED }

    public static SendResult delivered() {
        return new SendResult(Kind.DELIVERED, null, 0);
    }

    public static SendResult rejected(String error) {
        return new SendResult(Kind.REJECTED, error, 0);
    }

    public static SendResult throttled(String error, long retryAfterMs) {
        return new SendResult(Kind.THROTTLED, error, retryAfterMs);
    }

    public static SendResult failed(String error) {
        return new SendResult(Kind.FAILED, error, 0);
    }

    /** An HTTP status, classified: 2xx delivered, 429 throttled, other 4xx rejected, the rest failed. */
    public static SendResult ofStatus(int status, String error, long retryAfterMs) {
        if (status >= 200 && status < 300) {
            return delivered();
        }
        if (status == 429) {
            return throttled(error, retryAfterMs);
        }
        if (status >= 400 && status < 500) {
            return rejected(error);
        }
        return failed(error);
    }

    public boolean ok() {
        return kind == Kind.DELIVERED;
    }
}
