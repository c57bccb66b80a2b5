package base;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state database (SQLite by default). One connection, used under a lock: SQLite has one
 * writer at a time anyway, and every unit of work runs in its own transaction, committed before
 * the caller goes on. Opening it brings its schema to this version (see {@link SchemaMigrations});
 * repositories keep their SQL portable (PostgreSQL runs it too).
 */
public final class StateDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateDb.class);
    private static final java.time.Duration CHECKPOINT_EVERY = java.time.Duration.ofMillis(250);
    private final ReentrantLock lock = new ReentrantLock();
    /** Replaced only under the lock, when a failed transaction left it unusable (see {@link #rollbackQuietly}). */
    private Connection connection;
    /** The statements {@link #reused} keeps for the current connection, by SQL; used and changed only under the lock. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final String url;
    /** The URL as it may be logged: its password replaced by ***. */
    private final String shownUrl;
    /** SQLite files only: checkpoints the write-ahead log beside the writer; null otherwise. */
    private final WalCheckpointer checkpointer;

    public StateDb(String url) {
        this.url = url;
        this.shownUrl = JdbcUrls.redacted(url);
        try {
            createSqliteFolder(url);
            SchemaMigrations.apply(url);
            connection = open(url);
            checkpointer = sqliteFile(url) ? WalCheckpointer.start(url, shownUrl, CHECKPOINT_EVERY) : null;
        } catch (SQLException | java.io.IOException e) {
            throw new ConfigException("DB_URL", "cannot open the state database " + shownUrl + " ("
                    + JdbcUrls.scrub(e.getMessage(), url) + ")");
        }
        LOG.info("state database: {}", shownUrl);
    }

    private static Connection open(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try {
            if (url.startsWith("jdbc:sqlite:")) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("PRAGMA synchronous=NORMAL");
                    st.execute("PRAGMA busy_timeout=5000");
                    st.execute("PRAGMA wal_autocheckpoint=" + WalCheckpointer.WRITER_BACKSTOP_PAGES);
                    // 16 MB of page cache instead of 2: the raise path's indexes stay in memory instead of a pread each
                    st.execute("PRAGMA cache_size=-16384");
                }
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** Work done in one transaction: committed when it returns, rolled back when it throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public <T> T inTransaction(Work<T> work) {
        lock.lock();
        try {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly();
                throw new StateDbException(e);
            } catch (RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The connection's prepared statement for this SQL, kept across transactions: for statements a
     * hot path runs on every call (a raise's inserts), so that each is parsed once per connection
     * instead of once per call. Only inside {@link #inTransaction} with the connection it handed in;
     * the caller must not close it (it is closed with its connection) and must set every parameter.
     */
    public PreparedStatement reused(Connection c, String sql) throws SQLException {
        if (!lock.isHeldByCurrentThread() || c != connection) {
            throw new IllegalStateException("a reused statement is only for the connection of the running transaction");
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private void forgetStatements() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                LOG.debug("closing a kept statement on {}: {}", shownUrl, JdbcUrls.scrub(e.getMessage(), url));
            }
        }
        statements.clear();
    }

    /** True when a write can be committed now; the health check asks this. */
    public boolean writable() {
        try {
            inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("DELETE FROM health_probe");
                }
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * On a full disk SQLite fails with SQLITE_FULL and rolls the transaction back itself; the
     * driver's rollback then fails ("no transaction is active") and leaves the connection without
     * a transaction, so every later statement would commit on its own and every commit fail, even
     * once there is room again. A connection whose rollback fails is therefore replaced.
     */
    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed on {} ({}); opening a new connection so the next transaction starts clean", shownUrl,
                    JdbcUrls.scrub(e.getMessage(), url));
            reopen();
        }
    }

    private void reopen() {
        forgetStatements();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the old connection to {}: {}", shownUrl, JdbcUrls.scrub(e.getMessage(), url));
        }
        try {
            connection = open(url);
        } catch (SQLException e) {
            // the closed connection stays: every call fails and health says so until a later rollback reopens it
            LOG.error("cannot reopen the state database {}: {}", shownUrl, JdbcUrls.scrub(e.getMessage(), url));
        }
    }

    private static boolean sqliteFile(String url) {
        return url.startsWith("jdbc:sqlite:") && !url.contains(":memory:");
    }

    private static void createSqliteFolder(String url) throws java.io.IOException {
        if (!sqliteFile(url)) {
            return;
        }
        Path parent = Path.of(url.substring("jdbc:sqlite:".length())).toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        lock.lock();
        try {
            forgetStatements();
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing {}: {}", shownUrl, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** A database failure, with the driver's message. */
    public static final class StateDbException extends RuntimeException {
        StateDbException(SQLException e) {
            super("state database: " + e.getMessage(), e);
        }
    }
}
