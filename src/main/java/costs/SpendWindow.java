package costs;

import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The spend of the rolling 24 h, per model and in total, at minute resolution: every minute
 * bucket from the one holding now - 24 h up to the one holding now (later buckets, from events
 * stamped in the future, count once their minute comes).
 */
final class SpendWindow {
    private final long windowStart;
    private final long nowMinute;
    private final Map<String, NavigableMap<Long, Long>> byModel = new TreeMap<>();
    private final NavigableMap<Long, Long> total = new TreeMap<>();

    SpendWindow(Collection<UsageRepository.Row> rows, long now) {
        this.windowStart = UsageLog.floor(now - UsageLog.WINDOW, UsageLog.MINUTE);
        this.nowMinute = UsageLog.floor(now, UsageLog.MINUTE);
        for (UsageRepository.Row r : rows) {
            if (r.start() >= windowStart && r.start() <= nowMinute) {
                byModel.computeIfAbsent(r.model(), m -> new TreeMap<>()).merge(r.start(), r.nanos(), Math::addExact);
                total.merge(r.start(), r.nanos(), Math::addExact);
            }
        }
    }

    Set<String> models() {
        return byModel.keySet();
    }

    long total() {
        return sum(total, windowStart);
    }

    long spent(String model) {
        NavigableMap<Long, Long> series = byModel.get(model);
        return series == null ? 0 : sum(series, windowStart);
    }

    long forecastTotal() {
        return forecast(total);
    }

    long forecast(String model) {
        NavigableMap<Long, Long> series = byModel.get(model);
        return series == null ? 0 : forecast(series);
    }

    /**
     * Forecast method: the current hourly rate is the spend of the last 60 minutes (the current
     * minute and the 59 before it). If it goes on, k hours from now the rolling 24 h holds what
     * is still inside the window then (buckets not yet 24 h old at now + k h) plus k hours at
     * that rate. The forecast is the highest of these for k = 0..24 hours: the peak the rolling
     * 24 h will reach within a day. At k = 24 it is 24 x the hourly rate.
     */
    private long forecast(NavigableMap<Long, Long> series) {
        long rate = sum(series, nowMinute - 59 * UsageLog.MINUTE);
        long peak = sum(series, windowStart);
        for (int k = 1; k <= 24; k++) {
            long stillInside = sum(series, windowStart + k * UsageLog.HOUR);
            peak = Math.max(peak, Math.addExact(stillInside, Math.multiplyExact(rate, k)));
        }
        return peak;
    }

    private long sum(NavigableMap<Long, Long> series, long from) {
        long s = 0;
        for (long v : series.subMap(from, true, nowMinute, true).values()) {
            s = Math.addExact(s, v);
        }
        return s;
    }
}
