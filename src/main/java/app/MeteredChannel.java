package app;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import incidents.Channel;
import incidents.Page;
import incidents.SendResult;

/** A channel whose every delivery attempt is counted by its result (delivered, rejected, throttled, failed). */
final class MeteredChannel implements Channel {
    private final Channel channel;
    private final Map<SendResult.Kind, OwnMetrics.Counter> attempts = new EnumMap<>(SendResult.Kind.class);

    MeteredChannel(Channel channel, OwnMetrics metrics) {
        this.channel = channel;
        for (SendResult.Kind k : SendResult.Kind.values()) {
            attempts.put(k, metrics.counter("page_attempts", "delivery attempts of pages, by channel and result",
                    "channel", channel.name(), "result", k.name().toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public SendResult send(Page page) {
        SendResult r = channel.send(page);
        attempts.get(r.kind()).increment();
        return r;
    }
}
