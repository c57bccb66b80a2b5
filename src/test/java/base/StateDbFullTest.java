package base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite answers a full disk (or a database at its page limit) with SQLITE_FULL and rolls the
 * transaction back itself. The state database must then keep working once there is room again,
 * with transactions still all-or-nothing.
 */
class StateDbFullTest {
    @TempDir
    Path dir;

    @Test
    void after_the_database_was_full_the_next_transactions_commit_whole_again() {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"))) {
            db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, pad TEXT NOT NULL)");
                }
                return null;
            });
            int pages = db.inTransaction(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            limitPages(db, pages + 2);
            assertThatThrownBy(() -> db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    for (int i = 0; i < 100; i++) {
                        st.execute("INSERT INTO t (pad) VALUES (hex(randomblob(2000)))");
                    }
                }
                return null;
            })).hasMessageContaining("full");
            assertThat(count(db)).isZero();

            limitPages(db, 1_000_000);
            db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO t (pad) VALUES ('a')");
                }
                return null;
            });
            // a transaction that fails after its first statement leaves nothing behind
            assertThatThrownBy(() -> db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO t (pad) VALUES ('b')");
                    st.execute("INSERT INTO t (pad) VALUES (NULL)");
                }
                return null;
            })).hasMessageContaining("NOT NULL");
            assertThat(count(db)).isEqualTo(1);
            assertThat(db.writable()).isTrue();
        }
    }

    private static void limitPages(StateDb db, int pages) {
        db.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA max_page_count = " + pages);
            }
            return null;
        });
    }

    private static int count(StateDb db) {
        return db.inTransaction(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
