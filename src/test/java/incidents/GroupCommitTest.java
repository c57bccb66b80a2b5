package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import base.StateDb;

class GroupCommitTest {
    @TempDir
    Path home;
    private StateDb db;
    private GroupCommit writes;

    @BeforeEach
    void open() {
        db = new StateDb("jdbc:sqlite:" + home.resolve("state.db"));
        db.inTransaction(c -> {
            try (java.sql.Statement st = c.createStatement()) {
                return st.executeUpdate("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY)");
            }
        });
        writes = new GroupCommit(db);
    }

    @AfterEach
    void close() {
        writes.close();
        db.close();
    }

    @Test
    void concurrent_callers_share_transactions_and_each_gets_its_own_committed_result() throws Exception {
        int callers = 16;
        int each = 100;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CyclicBarrier start = new CyclicBarrier(callers);
        List<Future<List<String>>> answers = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            int caller = t;
            answers.add(pool.submit(() -> {
                start.await();
                List<String> got = new ArrayList<>();
                for (int k = 0; k < each; k++) {
                    String key = caller + "-" + k;
                    got.add(writes.run(c -> insert(c, key)));
                }
                return got;
            }));
        }
        for (int t = 0; t < callers; t++) {
            String mine = t + "-";
            List<String> got = answers.get(t).get(60, TimeUnit.SECONDS);
            assertThat(got).hasSize(each).allMatch(k -> k.startsWith(mine));
        }
        pool.shutdown();
        assertThat(count()).isEqualTo(callers * each);
        // sixteen callers at once: the committer gathers them instead of committing them one by one
        assertThat(writes.meanBatch()).isGreaterThan(4);
    }

    @Test
    void a_failing_work_fails_only_its_caller_and_the_others_of_its_batch_are_committed() throws Exception {
        writes.run(c -> insert(c, "taken"));
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CyclicBarrier start = new CyclicBarrier(callers);
        List<Future<String>> answers = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            String key = t == 3 ? "taken" : "fresh-" + t;   // the fourth breaks the primary key
            answers.add(pool.submit(() -> {
                start.await();
                return writes.run(c -> insert(c, key));
            }));
        }
        for (int t = 0; t < callers; t++) {
            Future<String> answer = answers.get(t);
            if (t == 3) {
                assertThatThrownBy(() -> answer.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(StateDb.StateDbException.class);
            } else {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo("fresh-" + t);
            }
        }
        pool.shutdown();
        assertThat(count()).isEqualTo(callers);   // "taken" once, the seven fresh ones
    }

    private static String insert(java.sql.Connection c, String key) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
        return key;
    }

    private int count() {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
