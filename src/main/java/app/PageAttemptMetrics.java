package app;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import base.OwnMetrics;
import incidents.AttemptObserver;
import incidents.SendResult;

/**
 * echopilot_page_attempts_total{channel,result}: every delivery attempt of a page, by channel and
 * result. Channels are routes (an operator may add one), so a channel's counters are made at its
 * first attempt, every result at once so that each series exists (at 0) before it first counts.
 */
final class PageAttemptMetrics implements AttemptObserver {
    private final OwnMetrics metrics;
    private final Map<String, Map<SendResult.Kind, OwnMetrics.Counter>> counters = new ConcurrentHashMap<>();

    PageAttemptMetrics(OwnMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void attempted(String channel, SendResult.Kind result) {
        counters.computeIfAbsent(channel, this::counters).get(result).increment();
    }

    private Map<SendResult.Kind, OwnMetrics.Counter> counters(String channel) {
        Map<SendResult.Kind, OwnMetrics.Counter> byResult = new EnumMap<>(SendResult.Kind.class);
        for (SendResult.Kind kind : SendResult.Kind.values()) {
            byResult.put(kind, metrics.counter("page_attempts", "delivery attempts of pages, by channel and result",
                    "channel", channel, "result", kind.name().toLowerCase(Locale.ROOT)));
        }
        return byResult;
    }
}
