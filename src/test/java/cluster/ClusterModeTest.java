package cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/**
 * Two replicas as operators run them: separate JVMs, CLUSTER_SERVICE=file over one shared folder,
 * one PostgreSQL schema. Every JVM start costs seconds, so the class starts the pair once and its
 * tests run in order: who leads, who is refused, what a kill -9 of the leader does.
 */
@EnabledIfEnvironmentVariable(named = "ECHOPILOT_TEST_PG_URL", matches = "jdbc:postgresql:.*")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterModeTest {
    /** The bound: another replica runs the jobs within 15 s of the leader's death. */
    static final Duration FAILOVER = Duration.ofSeconds(15);

    @TempDir
    static Path home;
    static String dbUrl;
    DaemonProcess a;
    DaemonProcess b;

    @BeforeAll
    void startTwoReplicas() throws Exception {
        dbUrl = freshSchema();
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
    }

    private static String tail(DaemonProcess d) throws java.io.IOException {
        String out = d.stdout() + d.stderr();
        return out.substring(Math.max(0, out.length() - 3000));
    }

    static String freshSchema() throws Exception {
        String url = System.getenv("ECHOPILOT_TEST_PG_URL");
        String schema = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private DaemonProcess replica(String name) throws Exception {
        Path dir = home.resolve(name);
        Files.createDirectories(dir);
        return new DaemonProcess(dir).set("DB_URL", dbUrl).set("CLUSTER_SERVICE", "file")
                .set("CLUSTER_FILE_ROOT", home.resolve("shared").toString()).set("CLUSTER_NODE_ID", "replica-" + name)
                .set("SLO_INTERVAL", "2s");
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

    @Test
    @Order(3)
    void when_the_leader_is_killed_the_other_replica_runs_the_jobs_within_15_s() throws Exception {
        DaemonProcess leader = leader();
        DaemonProcess survivor = follower();
        assertThat(ranTheSloJob(survivor)).isFalse();
        long killed = System.nanoTime();
        leader.process().destroyForcibly().waitFor();
        await().atMost(FAILOVER).pollInterval(Duration.ofMillis(200)).until(() -> ranTheSloJob(survivor));
        Duration took = Duration.ofNanos(System.nanoTime() - killed);
        JsonNode now = status(survivor);
        assertThat(now.get("role").asText()).isEqualTo("leader");
        assertThat(now.get("leader").asText()).isEqualTo(now.get("node_id").asText());
        System.out.println("failover: the survivor ran the SLO job " + took.toMillis() + " ms after kill -9 of the leader");
    }

    @Test
    @Order(4)
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
