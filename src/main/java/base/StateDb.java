package base;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state database (SQLite by default). Writes go through one connection under a lock: SQLite has
 * one writer at a time anyway, and every unit of work runs in its own transaction, committed before
 * the caller goes on. Reads that write nothing ({@link #read}) go through connections of their own, so
 * that a long one (the 24 h incident summary over half a million raises) holds up no write: SQLite's
 * write-ahead log lets readers and the writer run side by side, and PostgreSQL does anyway. There
 * are {@link #READERS} of them, so that one long read does not hold up the short ones. Opening
 * it brings its schema to this version (see {@link SchemaMigrations}); repositories keep their SQL
 * portable (PostgreSQL runs it too).
 */
public final class StateDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateDb.class);
    private static final Duration CHECKPOINT_EVERY = Duration.ofMillis(250);
    private final DbSession writer;
    /** Reader connections; the writer's alone for an in-memory SQLite database (another connection would see another database). */
    static final int READERS = 3;
    private final List<DbSession> readers;
    private final AtomicInteger nextReader = new AtomicInteger();
    /** The URL as it may be logged: its password replaced by ***. */
    private final String shownUrl;
    /** SQLite files only: checkpoints the write-ahead log beside the writer; null otherwise. */
    private final WalCheckpointer checkpointer;

    public StateDb(String url) {
        this.shownUrl = JdbcUrls.redacted(url);
        try {
            createSqliteFolder(url);
            SchemaMigrations.apply(url);
            boolean sqlite = url.startsWith("jdbc:sqlite:");
            writer = new DbSession(url, shownUrl, sqlite ? WRITER_PRAGMAS : List.of());
            readers = sqlite && !sqliteFile(url) ? List.of(writer) : openReaders(url, sqlite ? READER_PRAGMAS : POSTGRES_READER);
            checkpointer = sqliteFile(url) ? WalCheckpointer.start(url, shownUrl, CHECKPOINT_EVERY) : null;
        } catch (SQLException | java.io.IOException e) {
            throw new ConfigException("DB_URL", "cannot open the state database " + shownUrl + " ("
                    + JdbcUrls.scrub(e.getMessage(), url) + ")");
        }
        LOG.info("state database: {}", shownUrl);
    }

    private static final List<String> WRITER_PRAGMAS = List.of("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
            "PRAGMA busy_timeout=5000", "PRAGMA wal_autocheckpoint=" + WalCheckpointer.WRITER_BACKSTOP_PAGES,
            // 16 MB of page cache instead of 2: the raise path's indexes stay in memory instead of a pread each
            "PRAGMA cache_size=-16384");
    /** Readers keep SQLite's default 2 MB page cache: they mostly scan, and three of them count against the memory target. */
    private static final List<String> READER_PRAGMAS = List.of("PRAGMA busy_timeout=5000", "PRAGMA query_only=1");
    private static final List<String> POSTGRES_READER = List.of("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");

    /** Work done in one transaction: committed when it returns, rolled back when it throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public <T> T inTransaction(Work<T> work) {
        return writer.inTransaction(work);
    }

    /**
     * Work that only reads, on the reader's connection: it sees what was committed when it started
     * and waits for no write (nor any write for it). Statements that change anything fail there.
     */
    public <T> T read(Work<T> work) {
        return reader().inTransaction(work);
    }

    /** An idle reader if there is one, else the next in turn. */
    private DbSession reader() {
        for (DbSession r : readers) {
            if (!r.busy()) {
                return r;
            }
        }
        return readers.get(Math.floorMod(nextReader.getAndIncrement(), readers.size()));
    }

    private List<DbSession> openReaders(String url, List<String> setUp) throws SQLException {
        List<DbSession> out = new ArrayList<>();
        for (int k = 0; k < READERS; k++) {
            out.add(new DbSession(url, shownUrl, setUp));
        }
        return List.copyOf(out);
    }

    /**
     * The connection's prepared statement for this SQL, kept across transactions: for statements a
     * hot path runs on every call (a raise's inserts), so that each is parsed once per connection
     * instead of once per call. Only inside {@link #inTransaction} with the connection it handed in;
     * the caller must not close it (it is closed with its connection) and must set every parameter.
     */
    public PreparedStatement reused(Connection c, String sql) throws SQLException {
        return writer.reused(c, sql);
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
        readers.stream().filter(r -> r != writer).forEach(DbSession::close);
        writer.close();
    }

    /** A database failure, with the driver's message. */
    public static final class StateDbException extends RuntimeException {
        StateDbException(SQLException e) {
            super("state database: " + e.getMessage(), e);
        }
    }
}
