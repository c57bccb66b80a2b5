package incidents;

import java.util.List;
import java.util.Map;

/**
 * What one digest run took from the queue: how many incidents, counted by severity and by
 * source (the biggest sources first), and the first of them to list, ERRORs before WARNINGs.
 * A digest of any size fits in memory and in a message: only {@code listed} holds incidents.
 */
public record Digest(long total, Map<String, Long> bySeverity, Map<String, Long> bySource, long sources,
                     List<Incident> listed) {

    public boolean isEmpty() {
        return total == 0;
    }

    public long unlisted() {
        return total - listed.size();
    }
}
