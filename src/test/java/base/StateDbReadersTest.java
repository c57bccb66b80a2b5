package base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads go through their own connections: a write under way, or a long read, holds up no read,
 * and a read sees what was committed when it started.
 */
class StateDbReadersTest {
    @TempDir
    Path dir;
    private StateDb db;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void open() {
        db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"));
        db.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (n INTEGER NOT NULL)");
                st.execute("INSERT INTO t (n) VALUES (1)");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        release.countDown();
        db.close();
    }

    @Test
    void a_read_neither_waits_for_a_write_under_way_nor_sees_it_before_its_commit() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CompletableFuture<Object> write = CompletableFuture.supplyAsync(() -> db.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO t (n) VALUES (2)");
            }
            writing.countDown();
            await(release);
            return null;
        }));
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(CompletableFuture.supplyAsync(this::rows).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        release.countDown();
        write.get(5, TimeUnit.SECONDS);
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void a_long_read_holds_up_no_other_read() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CompletableFuture<Object> longRead = CompletableFuture.supplyAsync(() -> db.read(c -> {
            reading.countDown();
            await(release);
            return null;
        }));
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(CompletableFuture.supplyAsync(this::rows).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        release.countDown();
        longRead.get(5, TimeUnit.SECONDS);
    }

    @Test
    void a_read_that_tries_to_write_fails_and_changes_nothing() {
        assertThatThrownBy(() -> db.read(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO t (n) VALUES (3)");
            }
            return null;
        })).isInstanceOf(StateDb.StateDbException.class);
        assertThat(rows()).isEqualTo(1);
    }

    private int rows() {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
