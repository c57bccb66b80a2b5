package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer connection's settings that the hot paths count on. */
class StateDbWriterTest {
    @TempDir
    Path dir;

    @Test
    void an_insert_is_not_followed_by_a_query_for_its_generated_key() {
        // sqlite-jdbc's default runs "SELECT last_insert_rowid()" after every INSERT; nothing here reads it
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"))) {
            boolean keyQueried = db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, v TEXT)");
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                    ps.setString(1, "one");
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        return keys != null && keys.next();
                    }
                }
            });
            assertThat(keyQueried).isFalse();
        }
    }
}
