package support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema on the PostgreSQL server of ECHOPILOT_TEST_PG_URL (.ci/run starts one), so that
 * test runs never share tables: returns the URL with currentSchema set to it.
 */
public final class PostgresSchema {
    public static final String URL_VARIABLE = "ECHOPILOT_TEST_PG_URL";

    private PostgresSchema() {
    }

    public static String fresh() throws Exception {
        String url = System.getenv(URL_VARIABLE);
        String schema = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
