package cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import base.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import support.DaemonProcess;
import support.FakeTelegram;
import support.PostgresSchema;

/**
 * Two replicas as operators run them: separate JVMs, CLUSTER_SERVICE=file over one shared folder,
 * one PostgreSQL schema, both paging one fake Telegram. Every JVM start costs seconds, so the class
 * starts the pair once and its tests run in order: who leads, who is refused, raises and events
 * spread over both, and what a kill -9 of the leader does to the jobs and to the pages it held.
 */
@EnabledIfEnvironmentVariable(named = "ECHOPILOT_TEST_PG_URL", matches = "jdbc:postgresql:.*")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterModeTest {
    /** The bound: another replica runs the jobs within 15 s of the leader's death. */
    static final Duration FAILOVER = Duration.ofSeconds(15);
    /** INCIDENT_LEASE_SEC of both replicas: a killed replica's pages wait this long for the other. */
    static final int LEASE_SEC = 5;

    @TempDir
    static Path home;
    static String dbUrl;
    FakeTelegram telegram;
    DaemonProcess a;
    DaemonProcess b;

    @BeforeAll
    void startTwoReplicas() throws Exception {
        dbUrl = PostgresSchema.fresh();
        telegram = new FakeTelegram();
        a = replica("a").start();
        b = replica("b").start();
        try {
            await().atMost(Duration.ofSeconds(180)).until(() -> status(a) != null && status(b) != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the replicas did not answer within 180 s (a loaded machine?); a: " + tail(a) + "\nb: " + tail(b), e);
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (DaemonProcess d : new DaemonProcess[] {a, b}) {
            if (d != null) {
                d.close();
            }
        }
        if (telegram != null) {
            telegram.close();
        }
    }

    private static String tail(DaemonProcess d) throws java.io.IOException {
        String out = d.stdout() + d.stderr();
        return out.substring(Math.max(0, out.length() - 3000));
    }

    private DaemonProcess replica(String name) throws Exception {
        Path dir = home.resolve(name);
        Files.createDirectories(dir);
        return new DaemonProcess(dir).set("DB_URL", dbUrl).set("CLUSTER_SERVICE", "file")
                .set("CLUSTER_FILE_ROOT", home.resolve("shared").toString()).set("CLUSTER_NODE_ID", "replica-" + name)
                .set("SLO_INTERVAL", "2s")
                .set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN).set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT)
                .set("TELEGRAM_API_BASE_URL", telegram.baseUrl())
                // the leader's run retries the outbox every second; a page's series of attempts lasts
                // about 40 s (0.3 s backoff, doubled), so pages stay leased to their replica while refused
                .set("INCIDENT_INTERVAL", "1s").set("INCIDENT_LEASE_SEC", String.valueOf(LEASE_SEC))
                .set("NOTIFY_MAX_ATTEMPTS", "8").set("NOTIFY_BACKOFF_MS", "300");
    }

    /** GET /api/cluster/status, or null while the replica does not answer yet. */
    private static JsonNode status(DaemonProcess d) {
        try {
            var r = d.send("GET", "/api/cluster/status", null, null);
            return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : null;
        } catch (Exception notYet) {
            return null;
        }
    }

    private static boolean ranTheSloJob(DaemonProcess d) {
        return Files.exists(d.logs().resolve("slo_budget.json"));
    }

    private DaemonProcess leader() {
        return "leader".equals(status(a).get("role").asText()) ? a : b;
    }

    private DaemonProcess follower() {
        return leader() == a ? b : a;
    }

    @Test
    @Order(1)
    void one_replica_leads_and_only_it_runs_the_jobs_while_both_answer() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(status(a).get("role").asText(), status(b).get("role").asText())
                .stream().filter("leader"::equals).count() == 1);
        DaemonProcess leader = leader();
        DaemonProcess follower = follower();
        String leaderId = status(leader).get("node_id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> ranTheSloJob(leader)
                && Files.readAllLines(leader.logs().resolve("slo_budget.ndjson")).size() >= 2);
        assertThat(ranTheSloJob(follower)).as("the follower's timers never fire").isFalse();

        JsonNode seen = status(follower);
        assertThat(seen.get("role").asText()).isEqualTo("follower");
        assertThat(seen.get("mode").asText()).isEqualTo("file");
        await().atMost(Duration.ofSeconds(10)).until(() -> leaderId.equals(status(follower).get("leader").asText()));

        var health = follower.management("/observe/health?exposureLevel=full");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("is a follower (leader: " + leaderId + ")");
        assertThat(leader.management("/observe/metrics").body()).contains("echopilot_cluster_leader{node=\"" + leaderId + "\"} 1.0");
        assertThat(follower.management("/observe/metrics").body()).contains("echopilot_cluster_leader{node=\"" + seen.get("node_id").asText()
                + "\"} 0.0");

        JsonNode gate = Json.MAPPER.readTree(follower.send("GET", "/api/slo/gate", null, null).body());
        assertThat(gate.get("ok").asBoolean()).isTrue();
        assertThat(gate.get("active").asBoolean()).as("the leader's SLO runs left the gate shut; the follower reads it").isFalse();
    }

    @Test
    @Order(2)
    void a_daemon_with_cluster_service_none_on_the_same_database_is_refused_with_one_line() throws Exception {
        Path dir = home.resolve("lone");
        Files.createDirectories(dir);
        DaemonProcess.Finished p = DaemonProcess.run(dir, Map.of("DB_URL", dbUrl, "CLUSTER_SERVICE", "none"), "app.App");
        assertThat(p.exitCode()).as(p.err()).isEqualTo(2);
        assertThat(p.err()).containsPattern("echopilot: cannot start: CLUSTER_SERVICE: is none, but daemon 'replica-[ab]'"
                + " \\(CLUSTER_SERVICE=file\\) used this database \\d+ s ago");
        assertThat(p.err().lines().filter(l -> l.startsWith("echopilot:")).count()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void sqlite_in_cluster_mode_is_refused_with_one_line() throws Exception {
        Path dir = home.resolve("sqlite");
        Files.createDirectories(dir);
        DaemonProcess.Finished p = DaemonProcess.run(dir, Map.of("CLUSTER_SERVICE", "file",
                "CLUSTER_FILE_ROOT", home.resolve("shared").toString()), "app.App");
        assertThat(p.exitCode()).as(p.err()).isEqualTo(2);
        assertThat(p.err()).contains("echopilot: cannot start: CLUSTER_SERVICE: 'file' needs a PostgreSQL DB_URL");
    }

    /** POST /api/incidents/raise, answered 200: its JSON (fingerprint, deduplicated, routing). */
    private static JsonNode raise(DaemonProcess to, String severity, String msg) throws Exception {
        var r = to.send("POST", "/api/incidents/raise", "application/json",
                "{\"severity\":\"" + severity + "\",\"msg\":\"" + msg + "\",\"source\":\"cluster-test\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    /** The messages the fake Telegram accepted that show {@code msg}. */
    private long delivered(String msg) {
        return telegram.deliveredContaining(msg).size();
    }

    /** sendMessage requests (accepted or not) that carried {@code msg}. */
    private long attempts(String msg) {
        return telegram.calls("sendMessage").stream().filter(r -> r.shown() != null && r.shown().contains(msg)).count();
    }

    /** A number from the shared state database, as both replicas see it. */
    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final String PENDING_PAGES = "SELECT COUNT(*) FROM incident_outbox WHERE kind = 'page'"
            + " AND delivered_at IS NULL AND refused_at IS NULL";

    @Test
    @Order(3)
    void raises_spread_over_both_replicas_page_each_critical_once_even_one_raised_on_both_at_the_same_moment() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String[] severities = {"CRITICAL", "ERROR", "WARNING"};
        List<String> criticals = new ArrayList<>();
        String shared = "shared critical " + run + ".";
        CyclicBarrier sameMoment = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> replies = new ArrayList<>();
            List<Future<JsonNode>> onBoth = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                DaemonProcess to = i % 2 == 0 ? a : b;
                String severity = severities[i % 3];
                String msg = "raise " + i + " of " + run + ".";
                if (severity.equals("CRITICAL")) {
                    criticals.add(msg);
                }
                replies.add(pool.submit(() -> raise(to, severity, msg)));
                if (i == 100) {
                    for (DaemonProcess d : new DaemonProcess[] {a, b}) {
                        onBoth.add(pool.submit(() -> {
                            sameMoment.await();
                            return raise(d, "CRITICAL", shared);
                        }));
                    }
                }
            }
            for (Future<JsonNode> f : replies) {
                assertThat(f.get().get("deduplicated").asBoolean()).as("a new fingerprint").isFalse();
            }
            assertThat(onBoth.stream().filter(f -> !futureJson(f).get("deduplicated").asBoolean()).count())
                    .as("of the two raises of one CRITICAL at the same moment, one pages").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        criticals.add(shared);
        await().atMost(Duration.ofSeconds(60)).until(() -> criticals.stream().allMatch(m -> delivered(m) >= 1)
                && count(PENDING_PAGES) == 0);
        assertThat(criticals).hasSize(68).allSatisfy(m -> assertThat(delivered(m)).as("pages of '%s'", m).isEqualTo(1));
    }

    private static JsonNode futureJson(Future<JsonNode> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode budget(DaemonProcess d) throws Exception {
        return Json.MAPPER.readTree(d.send("GET", "/api/slo/budget", null, null).body()).get("data");
    }

    private static boolean allowed(DaemonProcess d, String model) throws Exception {
        return Json.MAPPER.readTree(d.send("GET", "/api/costs/allow?model=" + model, null, null).body()).get("allowed").asBoolean();
    }

    @Test
    @Order(4)
    void events_posted_to_both_replicas_are_counted_once_on_both_and_spend_on_one_moves_the_allow_on_the_other() throws Exception {
        String ts = Instant.now().minusSeconds(120).toString();
        int acknowledged = 0;
        for (int post = 0; post < 10; post++) {
            StringBuilder events = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                events.append("{\"ts\":\"").append(ts).append("\",\"route\":\"/api/chat\",\"status\":")
                        .append(i % 5 == 0 ? 503 : 200).append(",\"latency_ms\":").append(100 + i).append("}\n");
            }
            var r = (post % 2 == 0 ? a : b).send("POST", "/api/metrics/requests", "application/x-ndjson", events.toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            acknowledged += Json.MAPPER.readTree(r.body()).get("accepted").asInt();
        }
        int expected = acknowledged;
        // the leader's SLO runs (every 2 s) count what both acknowledged; both answer that budget
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(budget(a).get("total_requests").asInt()).isEqualTo(expected);
            assertThat(budget(b).get("total_requests").asInt()).isEqualTo(expected);
            assertThat(budget(a).get("failed_requests").asInt()).isEqualTo(expected / 5);
        });

        DaemonProcess leader = leader();
        DaemonProcess follower = follower();
        var cap = follower.send("POST", "/api/costs/set-cap", "application/json", "{\"model\":\"claude-x\",\"cap_usd\":5}");
        assertThat(cap.statusCode()).as(cap.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> allowed(leader, "claude-x"));
        var spent = follower.send("POST", "/api/costs/usage", "application/x-ndjson",
                "{\"ts\":\"" + Instant.now().minusSeconds(60) + "\",\"model\":\"claude-x\",\"cost_usd\":6.5}\n");
        assertThat(spent.statusCode()).as(spent.body()).isEqualTo(200);
        long posted = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> !allowed(leader, "claude-x"));
        System.out.println("spend posted on the follower: the leader's allow changed after "
                + Duration.ofNanos(System.nanoTime() - posted).toMillis() + " ms");
    }

    @Test
    @Order(5)
    void when_the_leader_is_killed_with_pages_pending_the_other_runs_the_jobs_within_15_s_and_sends_each_page_once() throws Exception {
        DaemonProcess leader = leader();
        DaemonProcess survivor = follower();
        assertThat(ranTheSloJob(survivor)).isFalse();
        // Telegram refuses every page until the leader is dead: no page was handed over before the
        // kill, so exactly once is the bound (not the one repeat allowed for a page sent, then killed)
        telegram.unavailable(true);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> pages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String msg = "pending " + i + " of " + run + ".";
            pages.add(msg);
            raise(i < 8 ? leader : survivor, "CRITICAL", msg);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> pages.stream().allMatch(m -> attempts(m) >= 2));
        assertThat(count("SELECT COUNT(*) FROM incident_outbox WHERE delivered_at IS NULL AND claimed_until IS NOT NULL"
                + " AND claimed_by = '" + status(leader).get("node_id").asText() + "'"))
                .as("pages the leader holds under its lease, in their series of retries").isGreaterThanOrEqualTo(1);

        long killedAt = System.currentTimeMillis();
        long killed = System.nanoTime();
        leader.process().destroyForcibly().waitFor();
        telegram.unavailable(false);
        await().atMost(FAILOVER).pollInterval(Duration.ofMillis(200)).until(() -> ranTheSloJob(survivor));
        Duration took = Duration.ofNanos(System.nanoTime() - killed);
        JsonNode now = status(survivor);
        assertThat(now.get("role").asText()).isEqualTo("leader");
        assertThat(now.get("leader").asText()).isEqualTo(now.get("node_id").asText());
        System.out.println("failover: the survivor ran the SLO job " + took.toMillis() + " ms after kill -9 of the leader");

        // the killed leader's pages: its leases run out (INCIDENT_LEASE_SEC), then the new leader's run sends them
        await().atMost(FAILOVER.plusSeconds(LEASE_SEC + 10)).pollInterval(Duration.ofMillis(200))
                .until(() -> pages.stream().allMatch(m -> delivered(m) >= 1) && count(PENDING_PAGES) == 0);
        long lastDelivery = telegram.calls("sendMessage").stream().filter(r -> r.body().has("ok_answered")
                && pages.stream().anyMatch(r.shown()::contains)).mapToLong(FakeTelegram.Request::atMillis).max().orElseThrow();
        System.out.println("failover: every page pending at the kill was delivered " + (lastDelivery - killedAt)
                + " ms after it (INCIDENT_LEASE_SEC=" + LEASE_SEC + ")");
        // and stays so over two more runs of the new leader
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(pages)
                .allSatisfy(m -> assertThat(delivered(m)).as("deliveries of '%s'", m).isEqualTo(1)));
    }

    @Test
    @Order(6)
    void the_database_password_appears_in_no_log_line_of_either_replica() throws Exception {
        Matcher m = Pattern.compile("[?&]password=([^&]+)").matcher(dbUrl);
        assertThat(m.find()).as("the test URL carries a password").isTrue();
        String secret = "password=" + m.group(1);
        for (DaemonProcess d : new DaemonProcess[] {a, b}) {
            String logs = d.stdout() + d.stderr();
            assertThat(logs).contains("password=***").doesNotContain(secret);
        }
    }
}
