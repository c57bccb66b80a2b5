package incidents;

/**
 * At most {@code maxAttempts} attempts per page and channel; before attempt n+1 wait
 * backoff x 2^(n-1) (exponential, as in the seed), or what a 429 asked for when that is longer.
 * Only FAILED and THROTTLED are retried: a refused message or a denied channel ends the series.
 */
public record RetryPolicy(int maxAttempts, long backoffMs) {
    static final long MAX_DELAY_MS = 10 * 60_000L;

    /** The wait after failed attempt {@code attempt} (1-based), or -1 when the series is over. */
    public long delayAfter(int attempt, SendResult result) {
        boolean retryable = result.kind() == SendResult.Kind.FAILED || result.kind() == SendResult.Kind.THROTTLED;
        if (!retryable || attempt >= maxAttempts) {
            return -1;
        }
        long exponential = backoffMs << Math.min(attempt - 1, 30);
        long wait = Math.max(exponential, result.kind() == SendResult.Kind.THROTTLED ? result.retryAfterMs() : 0);
        return Math.min(wait, MAX_DELAY_MS);
    }
}
