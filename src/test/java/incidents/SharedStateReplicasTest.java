package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import base.StateDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import support.MutableClock;
import support.PostgresSchema;

/**
 * Two replicas of the pager on one PostgreSQL schema, in one JVM: each with its own connection,
 * group commit, outbox lease and senders, as two daemons would have. Correctness must not rest on
 * who leads: raises of one fingerprint taken at the same moment page once, and two replicas
 * delivering the outbox or building the digest at the same moment send nothing twice.
 */
@EnabledIfEnvironmentVariable(named = PostgresSchema.URL_VARIABLE, matches = "jdbc:postgresql:.*")
class SharedStateReplicasTest {
    private static final Duration WINDOW = Duration.ofMinutes(60);
    private static final long SEND_MS = 20;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T02:00:00Z"));
    /** Sends per page id, by every replica: the fake channel's view. */
    private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
    private final List<Replica> replicas = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    /** A channel that counts what it is handed; it accepts at once, or never answers when told to hang. */
    private final class CountingChannel implements Courier {
        final Outbox outbox;
        volatile boolean hang;

        CountingChannel(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public List<String> channels() {
            return List.of("telegram");
        }

        @Override
        public void send(Page page, int attempts, Consumer<SendResult> done) {
            sends.computeIfAbsent(page.id(), id -> new AtomicInteger()).incrementAndGet();
            if (hang) {
                return; // the replica dies between the channel's accept and the commit
            }
            try {
                Thread.sleep(SEND_MS); // a channel takes a while to answer: the other replica's run overlaps
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            outbox.recordAttempt(page.id(), SendResult.delivered(), clock.millis());
            done.accept(SendResult.delivered());
        }
    }

    private final class Replica implements AutoCloseable {
        final StateDb db;
        final GroupCommit writes;
        final Outbox outbox;
        final CountingChannel channel;
        final Pager pager;

        Replica(String url, String node) {
            db = new StateDb(url);
            writes = new GroupCommit(db);
            outbox = new Outbox(db, new Lease(node, Lease.DEFAULT_LENGTH, clock));
            RaiseLog raises = new RaiseLog(db, node);
            channel = new CountingChannel(outbox);
            pager = new Pager(channel, outbox, writes, WINDOW, raises,
                    new incidents.lifecycle.IncidentStates(db), 3, clock);
        }

        /** What the raise route does for a CRITICAL raise: queue under the dedup claim, then send. */
        Raise raiseCritical(String msg) {
            Raise raise = new Raise(Incident.from(Map.of("severity", "CRITICAL", "msg", msg, "source", "replicas-test"),
                    clock.instant()));
            pager.pageNow(raise);
            pager.commitQueued(raise).join();
            pager.dispatch(raise);
            return raise;
        }

        Raise raiseError(String msg) {
            Raise raise = new Raise(Incident.from(Map.of("severity", "ERROR", "msg", msg, "source", "replicas-test"),
                    clock.instant()));
            pager.addToDigest(raise);
            pager.commitQueued(raise).join();
            pager.dispatch(raise);
            return raise;
        }

        @Override
        public void close() {
            pager.close();
            writes.close();
            db.close();
        }
    }

    private Replica[] twoReplicas() throws Exception {
        String url = PostgresSchema.fresh();
        Replica a = new Replica(url, "replica-a");
        Replica b = new Replica(url, "replica-b");
        replicas.add(a);
        replicas.add(b);
        return new Replica[] {a, b};
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        replicas.forEach(Replica::close);
    }

    /** Runs both at the same moment (released by one latch) and returns their results, a's first. */
    private <T> List<T> atOnce(java.util.concurrent.Callable<T> a, java.util.concurrent.Callable<T> b) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Future<T> fa = threads.submit(() -> {
            go.await();
            return a.call();
        });
        Future<T> fb = threads.submit(() -> {
            go.await();
            return b.call();
        });
        go.countDown();
        return List.of(fa.get(), fb.get());
    }

    private long count(Replica r, String sql) {
        return r.db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void the_same_critical_raised_on_two_replicas_at_the_same_moment_pages_once() throws Exception {
        Replica[] r = twoReplicas();
        int rounds = 60;
        for (int round = 0; round < rounds; round++) {
            String msg = "primary database lost, round " + round;
            List<Raise> both = atOnce(() -> r[0].raiseCritical(msg), () -> r[1].raiseCritical(msg));
            assertThat(both.stream().filter(raise -> !raise.suppressed()).count()).as("round %d: one raise pages", round)
                    .isEqualTo(1);
        }
        assertThat(count(r[0], "SELECT COUNT(*) FROM incident_outbox")).as("one page row per incident").isEqualTo(rounds);
        assertThat(count(r[0], "SELECT COUNT(*) FROM incident_raises WHERE suppressed = 1")).isEqualTo(rounds);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(r[0], "SELECT COUNT(*) FROM incident_outbox"
                + " WHERE delivered_at IS NOT NULL") == rounds);
        assertThat(sends).hasSize(rounds);
        assertThat(sends.values()).allSatisfy(n -> assertThat(n.get()).as("deliveries of one page").isEqualTo(1));

        // a raise after the window pages again, once, whichever replica takes it
        clock.advance(WINDOW);
        List<Raise> later = atOnce(() -> r[0].raiseCritical("primary database lost, round 0"),
                () -> r[1].raiseCritical("primary database lost, round 0"));
        assertThat(later.stream().filter(raise -> !raise.suppressed()).count()).isEqualTo(1);
    }

    @Test
    void two_replicas_delivering_the_outbox_at_once_send_each_page_once() throws Exception {
        Replica[] r = twoReplicas();
        // pages queued by a replica that died before sending them: its leases run out, then both runs race
        r[0].channel.hang = true;
        int pages = 40;
        for (int i = 0; i < pages; i++) {
            Raise raise = new Raise(Incident.from(Map.of("severity", "CRITICAL", "msg", "queued " + i), clock.instant()));
            r[0].pager.pageNow(raise);
            r[0].pager.commitQueued(raise).join(); // committed, never dispatched
        }
        assertThat(atOnce(() -> r[1].pager.deliverPending(), () -> r[1].pager.deliverPending()))
                .as("leased to the replica that queued them").containsOnly(0);
        assertThat(count(r[0], "SELECT COUNT(*) FROM incident_outbox WHERE claimed_by = 'replica-a'"))
                .as("no page taken from the replica holding its lease").isEqualTo(pages);

        clock.advance(Lease.DEFAULT_LENGTH.plusSeconds(1));
        r[0].channel.hang = false;
        atOnce(() -> r[0].pager.deliverPending(), () -> r[1].pager.deliverPending());
        await().atMost(Duration.ofSeconds(20)).until(() -> count(r[0], "SELECT COUNT(*) FROM incident_outbox"
                + " WHERE delivered_at IS NULL") == 0);
        assertThat(sends).hasSize(pages);
        assertThat(sends.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void of_two_replicas_claiming_a_page_at_the_same_moment_one_gets_it() throws Exception {
        Replica[] r = twoReplicas();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Raise raise = new Raise(Incident.from(Map.of("severity", "CRITICAL", "msg", "claimed " + i), clock.instant()));
            r[0].pager.pageNow(raise);
            r[0].pager.commitQueued(raise).join();
            ids.add(raise.heldPages().get(0).id());
        }
        clock.advance(Lease.DEFAULT_LENGTH.plusSeconds(1));
        for (String id : ids) {
            assertThat(atOnce(() -> r[0].outbox.claim(id), () -> r[1].outbox.claim(id))).as("claims of page %s", id)
                    .containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void a_replica_killed_mid_send_leaves_the_page_to_another_once_its_lease_runs_out() throws Exception {
        Replica[] r = twoReplicas();
        r[0].channel.hang = true; // accepted by the channel, then the replica dies before recording it
        Raise raise = r[0].raiseCritical("replica died mid-send");
        String page = raise.heldPages().get(0).id();
        await().atMost(Duration.ofSeconds(5)).until(() -> sends.containsKey(page));
        assertThat(r[1].pager.deliverPending()).as("the lease is still current").isZero();
        assertThat(sends.get(page).get()).isEqualTo(1);

        clock.advance(Lease.DEFAULT_LENGTH.plusSeconds(1));
        r[1].pager.deliverPending();
        await().atMost(Duration.ofSeconds(10)).until(() -> count(r[1], "SELECT COUNT(*) FROM incident_outbox"
                + " WHERE delivered_at IS NOT NULL") == 1);
        assertThat(sends.get(page).get()).as("at least once: one repeat after the accept that was never recorded").isEqualTo(2);
    }

    @Test
    void two_replicas_building_the_digest_at_once_list_each_incident_once() throws Exception {
        Replica[] r = twoReplicas();
        int raises = 120;
        for (int i = 0; i < raises; i++) {
            r[i % 2].raiseError("queue depth high on worker " + i);
        }
        // entries are held by the replica that queued them until its lease runs out
        clock.advance(Lease.DEFAULT_LENGTH.plusSeconds(1));
        List<Long> digested = atOnce(() -> r[0].pager.queueDigest(), () -> r[1].pager.queueDigest());
        assertThat(digested.get(0) + digested.get(1)).isEqualTo(raises);
        assertThat(count(r[0], "SELECT COUNT(*) FROM incident_digest")).isZero();
        assertThat(count(r[0], "SELECT COUNT(*) FROM incident_outbox WHERE kind = '" + Page.DIGEST + "'"))
                .as("one digest page per replica that took entries").isEqualTo(digested.stream().filter(n -> n > 0).count());
    }
}
