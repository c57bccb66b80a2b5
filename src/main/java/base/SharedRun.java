package base;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callers that each need a run of a task begun after they asked (so that it sees what they wrote)
 * share one: while a run is under way, everyone who asks waits for the single next run. A burst of
 * N callers costs about two runs instead of N; a caller alone waits for one run, as before.
 * Runs happen one at a time on a thread of their own. A run that throws is logged and releases its
 * callers all the same: what they wrote is kept, and the next run counts it.
 */
public final class SharedRun {
    private static final Logger LOG = LoggerFactory.getLogger(SharedRun.class);
    private final String name;
    private final Runnable task;
    private final ExecutorService runner;
    /** The run asked for and not begun yet; null when none is. Guarded by this. */
    private CompletableFuture<Void> next;

    public SharedRun(String name, Runnable task) {
        this.name = name;
        this.task = task;
        this.runner = Executors.newSingleThreadExecutor(DaemonThreads.named(name));
    }

    /** Returns once a run begun after this call has ended (whether it succeeded or not). */
    public void awaitRun() {
        CompletableFuture<Void> mine;
        synchronized (this) {
            if (next == null) {
                next = new CompletableFuture<>();
                runner.execute(this::runNext);
            }
            mine = next;
        }
        mine.join();
    }

    private void runNext() {
        CompletableFuture<Void> taken;
        synchronized (this) {
            taken = next;
            next = null;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: the run failed ({}); what its callers wrote is counted by the next run", name, e.toString());
        } finally {
            taken.complete(null);
        }
    }
}
