package base;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a SQLite database's write-ahead log back into the database file on its own connection and
 * thread. SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that
 * commit writes a thousand pages back and waits for two fsyncs, and every raise in its group commit
 * waits with it. A passive checkpoint on another connection does the same work beside the writer
 * (WAL mode lets it) and never waits for it; the writer's own automatic checkpoint stays, at a much
 * higher threshold ({@link #WRITER_BACKSTOP_PAGES}), for when this thread cannot keep up.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** The writer connection's wal_autocheckpoint: about 40 MB of log before it checkpoints by itself. */
    static final int WRITER_BACKSTOP_PAGES = 10_000;
    private final Connection connection;
    private final ScheduledExecutorService thread;
    private final String shownUrl;
    private volatile boolean failing;

    private WalCheckpointer(Connection connection, String shownUrl, Duration every) {
        this.connection = connection;
        this.shownUrl = shownUrl;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sqlite-wal-checkpoint"));
        thread.scheduleWithFixedDelay(this::checkpoint, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts checkpointing the SQLite file at {@code url} every {@code every}. */
    static WalCheckpointer start(String url, String shownUrl, Duration every) throws SQLException {
        return new WalCheckpointer(DbSession.connect(url, List.of("PRAGMA busy_timeout=5000")), shownUrl, every);
    }

    private void checkpoint() {
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(PASSIVE)");
            if (failing) {
                LOG.info("checkpoints of {} work again", shownUrl);
                failing = false;
            }
        } catch (SQLException e) {
            if (!failing) {   // once per failing stretch: the writer's own checkpoint still bounds the log
                LOG.warn("checkpoint of {} failed ({}); the writer checkpoints by itself after {} pages of log", shownUrl,
                        e.getMessage(), WRITER_BACKSTOP_PAGES);
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.debug("closing the checkpoint connection to {}: {}", shownUrl, e.getMessage());
        }
    }
}
