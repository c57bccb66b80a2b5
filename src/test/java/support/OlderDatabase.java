package support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A SQLite state database as a release before versioned migrations left it: written by plain SQL. */
public final class OlderDatabase {
    private OlderDatabase() {
    }

    /** Runs the statements on the file (created if missing) and returns its JDBC URL. */
    public static String write(Path file, String... sql) {
        String url = "jdbc:sqlite:" + file;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url;
    }
}
