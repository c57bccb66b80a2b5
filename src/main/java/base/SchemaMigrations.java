package base;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import base.migrations.V2__Columns_added_in_place;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the state database to this version's schema with Flyway: the versioned scripts in
 * db/migration (plus the Java steps listed here), applied at start under Flyway's lock, so that
 * replicas starting together on an empty PostgreSQL all come up. A database written before
 * versioned migrations is baselined at 0 and upgraded in place, never deleted. A database a newer
 * version already migrated is accepted (its later steps only add), which lets two versions run
 * side by side during a rolling upgrade.
 *
 * On PostgreSQL the whole migration also runs under a session advisory lock: Flyway locks only once
 * its history table exists, so replicas starting together on an empty schema raced on creating and
 * baselining that table ("Unable to baseline schema history table ... as it already exists, and is
 * empty", seen in SchemaMigrationsTest).
 */
final class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private SchemaMigrations() {
    }

    /** Any fixed number: the advisory lock every EchoPilot replica takes around its migration. */
    private static final long MIGRATION_LOCK = 0x4563686f50696c6fL;

    static void apply(String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            migrate(url);
            return;
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                migrate(url);
            } finally {
                st.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        } catch (SQLException e) {
            throw new ConfigException("DB_URL", "cannot lock the state database " + JdbcUrls.redacted(url)
                    + " for its schema migration (" + JdbcUrls.scrub(e.getMessage(), url) + ")");
        }
    }

    private static void migrate(String url) {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(url, null, null)
                    .locations("classpath:db/migration")
                    .javaMigrations(new V2__Columns_added_in_place())
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            LOG.info("state database schema at version {} ({} migration(s) applied now)",
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new ConfigException("DB_URL", "cannot bring the state database " + JdbcUrls.redacted(url)
                    + " to this version's schema (" + JdbcUrls.scrub(e.getMessage(), url) + ")");
        }
    }
}
