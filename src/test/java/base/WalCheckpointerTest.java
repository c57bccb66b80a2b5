package base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state database's write-ahead log is copied back into the database file by its own thread,
 * not by the commit that crosses SQLite's threshold: commits far below the writer's own threshold
 * still reach the database file, and the log does not grow past what was written since.
 */
class WalCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void committed_pages_reach_the_database_file_without_the_writer_checkpointing() throws Exception {
        Path file = dir.resolve("state.db");
        try (StateDb db = new StateDb("jdbc:sqlite:" + file)) {
            db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, pad TEXT NOT NULL)");
                }
                return null;
            });
            long before = Files.size(file);
            for (int k = 0; k < 200; k++) {   // ~1,000 pages of log: a tenth of the writer's own threshold
                db.inTransaction(c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("INSERT INTO t (pad) SELECT hex(randomblob(1000)) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL"
                                + " SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8)");
                    }
                    return null;
                });
            }
            assertThat(writerThreshold(db)).isEqualTo(WalCheckpointer.WRITER_BACKSTOP_PAGES);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Files.size(file)).as("the database file, once checkpointed").isGreaterThan(before + 3_000_000));
        }
    }

    private static int writerThreshold(StateDb db) {
        return db.inTransaction(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_autocheckpoint")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
