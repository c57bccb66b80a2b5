package base.migrations;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * What releases before versioned migrations changed in existing tables in place. V1 creates the
 * current shape on a new database; a database those releases wrote may lack a column, and neither
 * SQLite nor standard SQL has ADD COLUMN IF NOT EXISTS, so this step looks before it adds. Request
 * aggregates from before request_hours.minute_counts cannot be converted (their per-minute counts
 * were compacted away), so they are rebuilt: dropped, and the request input read again from its start.
 */
public final class V2__Columns_added_in_place extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        addIfMissing(c, "incident_outbox", "refused_at", "BIGINT");
        addIfMissing(c, "read_positions", "skipped_lines", "BIGINT NOT NULL DEFAULT 0");
        if (!hasColumn(c, "request_hours", "minute_counts")) {
            rebuildRequestAggregates(c);
        }
    }

    private static void rebuildRequestAggregates(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE request_hours");
            st.execute("CREATE TABLE request_hours (bucket_start BIGINT PRIMARY KEY, total BIGINT NOT NULL,"
                    + " failures BIGINT NOT NULL, latency BYTEA NOT NULL, minute_counts BYTEA NOT NULL)");
            st.execute("DELETE FROM request_minutes");
            st.execute("DELETE FROM read_positions WHERE input = 'requests'");
        }
    }

    private static void addIfMissing(Connection c, String table, String column, String type) throws SQLException {
        if (!hasColumn(c, table, column)) {
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
            }
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema(); // PostgreSQL: only this daemon's schema, not a same-named table elsewhere
        for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getColumns(null, schema, name, null)) {
                while (rs.next()) {
                    if (rs.getString("COLUMN_NAME").equalsIgnoreCase(column)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
