package incidents;

import java.util.List;
import java.util.function.Consumer;

/**
 * Takes a page to its channel: in the daemon, one Camel route per channel (channels.camel.yaml),
 * with the retry the routes declare. The pager decides what to send and when; the courier only
 * carries it and reports how the last attempt ended.
 */
public interface Courier {

    /** The channels pages can be sent on now (one route each). */
    List<String> channels();

    /**
     * Sends the page, allowing up to {@code attempts} attempts; returns without waiting for the
     * retries. {@code done} receives the last attempt's result (null when nothing was sent, e.g. at
     * shutdown). Never throws.
     */
    void send(Page page, int attempts, Consumer<SendResult> done);
}
