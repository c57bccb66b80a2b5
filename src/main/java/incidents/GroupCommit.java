package incidents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import base.StateDb;

/**
 * Group commit over the state database: concurrent callers hand in their unit of work and wait;
 * one thread runs everything queued so far in a single transaction and commits it, then wakes
 * them all. A caller still returns only after its write is committed, but N raises cost one
 * commit instead of N. If a batch fails, its works are retried one by one so that one bad write
 * fails only its own caller.
 */
public final class GroupCommit implements AutoCloseable {
    private static final int MAX_BATCH = 512;
    private final StateDb db;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean open = true;

    private record Job(StateDb.Work<?> work, CompletableFuture<Object> done) {
    }

    public GroupCommit(StateDb db) {
        this.db = db;
        this.committer = new Thread(this::loop, "incident-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /** Runs the work in a committed transaction, possibly shared with other callers' work. */
    @SuppressWarnings("unchecked")
    public <T> T run(StateDb.Work<T> work) {
        if (!open) {
            return db.inTransaction(work);
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        queue.add(new Job(work, done));
        try {
            return (T) done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private void loop() {
        List<Job> batch = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Job first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Job> batch) {
        Object[] results = new Object[batch.size()];
        try {
            db.inTransaction(c -> {
                for (int k = 0; k < batch.size(); k++) {
                    results[k] = batch.get(k).work().run(c);
                }
                return null;
            });
            for (int k = 0; k < batch.size(); k++) {
                batch.get(k).done().complete(results[k]);
            }
        } catch (RuntimeException batchFailed) {
            for (Job job : batch) {
                try {
                    job.done().complete(db.inTransaction(job.work()));
                } catch (RuntimeException e) {
                    job.done().completeExceptionally(e);
                }
            }
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            committer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
