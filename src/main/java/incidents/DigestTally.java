package incidents;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A digest added up from the chunks a run took ({@link DigestQueue#take}): counts by severity and
 * by source summed, and the first {@code maxListed} incidents kept in digest order (ERRORs first,
 * then oldest, then by entry id), so that only counts and the listed incidents are ever in memory.
 */
final class DigestTally {
    /** An incident as a chunk lists it, with its entry id (the last tie-break of the digest order). */
    record Listed(String id, Incident incident) {
    }

    static final Comparator<Listed> ORDER = Comparator
            .comparingInt((Listed l) -> l.incident().severity() == Severity.ERROR ? 0 : 1)
            .thenComparing(l -> l.incident().ts())
            .thenComparing(Listed::id);

    private final int maxListed;
    private final Map<String, Long> bySeverity = new HashMap<>();
    private final Map<String, Long> bySource = new HashMap<>();
    /** The best {@code maxListed} so far, the last in digest order at its head. */
    private final PriorityQueue<Listed> listed = new PriorityQueue<>(ORDER.reversed());

    DigestTally(int maxListed) {
        this.maxListed = maxListed;
    }

    void add(DigestQueue.Chunk chunk) {
        chunk.bySeverity().forEach((k, n) -> bySeverity.merge(k, n, Long::sum));
        chunk.bySource().forEach((k, n) -> bySource.merge(k, n, Long::sum));
        for (Listed l : chunk.listed()) {
            if (listed.size() < maxListed) {
                listed.add(l);
            } else if (ORDER.compare(l, listed.peek()) < 0) {
                listed.poll();
                listed.add(l);
            }
        }
    }

    Digest digest() {
        long total = bySeverity.values().stream().mapToLong(Long::longValue).sum();
        List<Listed> first = new ArrayList<>(listed);
        first.sort(ORDER);
        return new Digest(total, biggestFirst(bySeverity, Integer.MAX_VALUE), biggestFirst(bySource, DigestQueue.TOP_SOURCES),
                bySource.size(), first.stream().map(Listed::incident).toList());
    }

    /** The largest counts first, equal counts by name, at most {@code limit} of them. */
    private static Map<String, Long> biggestFirst(Map<String, Long> counts, int limit) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
