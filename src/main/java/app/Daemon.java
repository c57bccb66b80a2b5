package app;

import base.ConfigException;
import org.apache.camel.main.Main;

/** Runs Camel Main; a setting that cannot be used ends start-up with one line that names it. */
public final class Daemon {

    int run(String[] args) {
        Main main = new Main();
        routesFrom(System.getenv("ROUTES_DIR"), main);
        try {
            return main.run(args);
        } catch (Exception e) {
            ConfigException config = configCause(e);
            if (config == null) {
                throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
            }
            System.err.println("echopilot: cannot start: " + config.getMessage());
            return 2;
        }
    }

    /** ROUTES_DIR set: the YAML routes come from that folder instead of the jar. */
    public static void routesFrom(String routesDir, Main main) {
        if (routesDir != null && !routesDir.isBlank()) {
            String dir = java.nio.file.Path.of(routesDir.trim()).toAbsolutePath().toString();
            main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + dir + "/*.camel.yaml");
        }
    }

    static ConfigException configCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        return null;
    }
}
