package incidents;

/** Told of every delivery attempt, by channel and result: the daemon counts them for Prometheus. */
@FunctionalInterface
public interface AttemptObserver {
    void attempted(String channel, SendResult.Kind result);
}
