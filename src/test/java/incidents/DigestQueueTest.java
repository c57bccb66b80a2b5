package incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import base.StateDb;
import support.MutableClock;

class DigestQueueTest {
    private static final Function<Digest, StateDb.Work<?>> NO_PAGES = d -> c -> null;
    @TempDir
    Path home;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T04:00:00Z"));
    private final Lease lease = new Lease("replica-a", Lease.DEFAULT_LENGTH, clock);
    private StateDb db;
    private GroupCommit writes;

    @BeforeEach
    void open() {
        db = new StateDb("jdbc:sqlite:" + home.resolve("state.db"));
        writes = new GroupCommit(db);
    }

    @AfterEach
    void close() {
        writes.close();
        db.close();
    }

    @Test
    void a_queue_taken_in_several_chunks_gives_the_digest_one_pass_over_it_would() {
        int queued = DigestQueue.CHUNK * 2 + 500;
        List<DigestTally.Listed> all = new ArrayList<>();
        for (int k = 0; k < queued; k++) {
            // timestamps out of insertion order, ERRORs scattered, sources of unequal size
            Incident i = new Incident(Instant.ofEpochMilli(1_700_000_000_000L + (k * 7919L) % queued),
                    k % 11 == 0 ? Severity.ERROR : Severity.WARNING, "src-" + (k % 9 == 0 ? 0 : k % 6), "incident " + k, "fp" + k);
            all.add(new DigestTally.Listed(String.format("e%06d", k), i));
        }
        add(all);
        DigestTally.Listed kept = all.get(3);

        Digest d = DigestQueue.take(writes, Pager.DIGEST_LISTED, Set.of(kept.id()), lease, NO_PAGES);

        List<DigestTally.Listed> taken = all.stream().filter(l -> l != kept).toList();
        assertThat(d.total()).isEqualTo(queued - 1);
        assertThat(d.bySeverity()).containsExactlyEntriesOf(biggestFirst(taken, l -> l.incident().severity().name(), 10));
        assertThat(d.bySource()).containsExactlyEntriesOf(biggestFirst(taken, l -> l.incident().source(), DigestQueue.TOP_SOURCES));
        assertThat(d.sources()).isEqualTo(6);
        assertThat(d.listed()).containsExactlyElementsOf(taken.stream().sorted(DigestTally.ORDER).limit(Pager.DIGEST_LISTED)
                .map(DigestTally.Listed::incident).toList());
        assertThat(d.listed().get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(count("SELECT COUNT(*) FROM incident_digest")).as("only the held entry is left").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM incident_digest_runs")).isZero();
    }

    @Test
    void entries_a_dead_run_left_are_put_back_unless_its_digest_was_queued() {
        add(List.of(entry("a", Severity.ERROR), entry("b", Severity.WARNING), entry("c", Severity.WARNING),
                entry("d", Severity.WARNING), entry("e", Severity.WARNING)));
        long past = clock.millis() - 1;
        // a run that died before queueing its digest took a and b; one that died after it took c; a live run holds d
        sql("UPDATE incident_digest SET taken_by = 'dead1.0', held_until = " + past + " WHERE id IN ('a', 'b')");
        sql("UPDATE incident_digest SET taken_by = 'dead2.0', held_until = " + past + " WHERE id = 'c'");
        sql("INSERT INTO incident_digest_runs (run, queued_at) VALUES ('dead2', " + past + ")");
        sql("UPDATE incident_digest SET taken_by = 'live.0', held_by = 'replica-b', held_until = " + lease.until() + " WHERE id = 'd'");

        Digest d = DigestQueue.take(writes, Pager.DIGEST_LISTED, Set.of(), lease, NO_PAGES);

        assertThat(d.total()).isEqualTo(3);
        assertThat(d.listed()).extracting(Incident::fingerprint).containsExactly("fp-a", "fp-b", "fp-e");
        assertThat(count("SELECT COUNT(*) FROM incident_digest")).as("the live run's entry").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM incident_digest_runs")).isZero();
    }

    private DigestTally.Listed entry(String id, Severity s) {
        return new DigestTally.Listed(id, new Incident(clock.instant(), s, "api", "incident " + id, "fp-" + id));
    }

    private void add(List<DigestTally.Listed> entries) {
        db.inTransaction(c -> {
            for (DigestTally.Listed l : entries) {
                DigestQueue.add(db, c, l.incident(), l.id(), lease);
            }
            return null;
        });
    }

    private static Map<String, Long> biggestFirst(List<DigestTally.Listed> entries, Function<DigestTally.Listed, String> key, int limit) {
        Map<String, Long> counts = entries.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, java.util.LinkedHashMap::new));
    }

    private void sql(String statement) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                return ps.executeUpdate();
            }
        });
    }

    private long count(String query) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
