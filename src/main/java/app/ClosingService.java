package app;

import org.apache.camel.Service;

/** Closes files and the database when Camel stops, after the routes have drained. */
final class ClosingService implements Service {
    private final AutoCloseable[] resources;

    ClosingService(AutoCloseable... resources) {
        this.resources = resources;
    }

    @Override
    public void start() {
        // resources are open from construction
    }

    @Override
    public void stop() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(ClosingService.class).warn("closing {}: {}", r, e.getMessage());
            }
        }
    }
}
