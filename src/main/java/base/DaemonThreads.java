package base;

import java.util.concurrent.ThreadFactory;

/** Threads that do not keep the JVM up, named for thread dumps and profiles. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }
}
