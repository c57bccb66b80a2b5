package foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import base.StateDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** Versioned schema migrations (Flyway): replicas starting together, an upgrade in place, a newer schema beside. */
class SchemaMigrationsTest {
    @TempDir
    Path dir;

    private static String freshPostgresSchema() throws Exception {
        String url = System.getenv("ECHOPILOT_TEST_PG_URL");
        String schema = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static List<String> applied(StateDb db) {
        return db.inTransaction(c -> {
            List<String> versions = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
                while (rs.next()) {
                    versions.add(rs.getString(1));
                }
            }
            return versions;
        });
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "ECHOPILOT_TEST_PG_URL", matches = "jdbc:postgresql:.*")
    void four_replicas_starting_together_on_an_empty_postgresql_all_come_up_on_one_schema() throws Exception {
        String url = freshPostgresSchema();
        int replicas = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            List<Future<StateDb>> starts = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                starts.add(pool.submit(() -> {
                    go.await();
                    return new StateDb(url);
                }));
            }
            go.countDown();
            List<List<String>> seen = new ArrayList<>();
            for (Future<StateDb> start : starts) {
                try (StateDb db = start.get()) {
                    seen.add(applied(db));
                }
            }
            assertThat(seen.get(0)).startsWith("1", "2").doesNotHaveDuplicates();
            assertThat(seen).as("every replica on the same, fully migrated schema").containsOnly(seen.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_database_a_newer_version_migrated_still_opens_for_the_older_one_during_a_rolling_upgrade() {
        String url = "jdbc:sqlite:" + dir.resolve("state.db");
        try (StateDb db = new StateDb(url)) {
            db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    // what a much later release leaves behind: an added table and its history row
                    st.execute("CREATE TABLE later_feature (id INTEGER PRIMARY KEY)");
                    st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                            + " checksum, installed_by, execution_time, success) VALUES (999, '999', 'later feature', 'SQL',"
                            + " 'V999__later_feature.sql', 0, 'newer', 1, 1)");
                }
                return null;
            });
        }
        try (StateDb db = new StateDb(url)) {
            assertThat(applied(db)).startsWith("1", "2").endsWith("999");
        }
    }

    @Test
    void a_database_from_before_migrations_is_baselined_and_upgraded_in_place_keeping_its_rows() {
        String url = support.OlderDatabase.write(dir.resolve("old.db"),
                "CREATE TABLE incident_outbox (id VARCHAR(40) PRIMARY KEY, channel VARCHAR(16) NOT NULL, kind VARCHAR(16) NOT NULL,"
                        + " fingerprint VARCHAR(16), subject VARCHAR(1000) NOT NULL, text VARCHAR(20000) NOT NULL,"
                        + " created_at BIGINT NOT NULL, attempts INTEGER NOT NULL, failed_attempts INTEGER NOT NULL,"
                        + " delivered_at BIGINT, last_error VARCHAR(1000))",
                "INSERT INTO incident_outbox VALUES ('p1', 'email', 'page', 'abc', 's', 't', 1, 0, 0, NULL, NULL)");
        try (StateDb db = new StateDb(url)) {
            assertThat(applied(db)).startsWith("0", "1", "2");
            String refused = db.inTransaction(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT id, refused_at FROM incident_outbox")) {
                    rs.next();
                    return rs.getString(1) + ":" + rs.getObject(2);
                }
            });
            assertThat(refused).isEqualTo("p1:null");
        }
    }
}
