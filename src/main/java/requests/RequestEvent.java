package requests;

/**
 * One request event, as parsed: when it happened, how long it took and whether it failed.
 * Mutable so that the reader can parse millions of lines without allocating one per line.
 */
public final class RequestEvent {
    long epochMillis;
    double latencyMs;
    boolean failed;

    public long epochMillis() {
        return epochMillis;
    }

    public double latencyMs() {
        return latencyMs;
    }

    public boolean failed() {
        return failed;
    }

    void reset() {
        epochMillis = -1;
        latencyMs = -1;
        failed = false;
    }
}
