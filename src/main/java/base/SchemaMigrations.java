package base;

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
 */
final class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private SchemaMigrations() {
    }

    static void apply(String url) {
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
