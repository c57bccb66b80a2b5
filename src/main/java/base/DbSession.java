package base;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the state database, used under a lock, one transaction per unit of work
 * (committed when it returns, rolled back when it throws). {@link StateDb} keeps the writer and
 * its readers as such sessions.
 */
final class DbSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DbSession.class);
    private final ReentrantLock lock = new ReentrantLock();
    /** Replaced only under the lock, when a failed transaction left it unusable (see {@link #rollbackQuietly}). */
    private Connection connection;
    /** The statements {@link #reused} keeps for the current connection, by SQL; used and changed only under the lock. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final String url;
    private final String shownUrl;
    /** Run on each new connection, before its first transaction (SQLite PRAGMAs, PostgreSQL session settings). */
    private final List<String> setUp;

    DbSession(String url, String shownUrl, List<String> setUp) throws SQLException {
        this.url = url;
        this.shownUrl = shownUrl;
        this.setUp = List.copyOf(setUp);
        this.connection = open();
    }

    private Connection open() throws SQLException {
        Connection c = connect(url, setUp);
        try {
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** A connection with {@code setUp} run on it (closed again if that fails), in auto-commit mode. */
    static Connection connect(String url, List<String> setUp) throws SQLException {
        Connection c = DriverManager.getConnection(url, driverProperties(url));
        try (Statement st = c.createStatement()) {
            for (String sql : setUp) {
                st.execute(sql);
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /**
     * SQLite's driver by default runs "SELECT last_insert_rowid()" after every INSERT, for
     * getGeneratedKeys, which nothing here calls: a sixth of the raise's group commit went there.
     */
    private static Properties driverProperties(String url) {
        Properties p = new Properties();
        if (url.startsWith("jdbc:sqlite:")) {
            p.setProperty("jdbc.get_generated_keys", "false");
        }
        return p;
    }

    /** True while a unit of work runs on it (or waits for its lock). */
    boolean busy() {
        return lock.isLocked() || lock.hasQueuedThreads();
    }

    <T> T inTransaction(StateDb.Work<T> work) {
        lock.lock();
        try {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly();
                throw new StateDb.StateDbException(e);
            } catch (RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** See {@link StateDb#reused}. */
    PreparedStatement reused(Connection c, String sql) throws SQLException {
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
            connection = open();
        } catch (SQLException e) {
            // the closed connection stays: every call fails and health says so until a later rollback reopens it
            LOG.error("cannot reopen the state database {}: {}", shownUrl, JdbcUrls.scrub(e.getMessage(), url));
        }
    }

    @Override
    public void close() {
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
}
