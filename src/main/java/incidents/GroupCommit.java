package incidents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import base.DaemonThreads;
import base.StateDb;

/**
 * Group commit over the state database: concurrent callers hand in their unit of work and wait;
 * one thread runs everything queued so far in a single transaction and commits it, then wakes
 * them all. A caller still returns only after its write is committed, but N raises cost one
 * commit instead of N. If a batch fails, its works are retried one by one so that one bad write
 * fails only its own caller.
 * Under load the committer waits a moment before committing a small batch (as PostgreSQL's
 * commit_delay does): SQLite writes every page a transaction touched to the log at each commit, and
 * about a dozen of those pages (the last page of each table and time-ordered index) are the same
 * for every raise of a batch, so six raises a commit wrote 4.6 pages each, sixteen 3.0.
 */
public final class GroupCommit implements AutoCloseable {
    private static final int MAX_BATCH = 512;
    /** A batch smaller than this waits {@link #GATHER_NANOS} for more, when the previous batch was shared. */
    static final int GATHER_BELOW = 16;
    static final long GATHER_NANOS = 200_000;
    private final StateDb db;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean open = true;
    /** Read by tests: how many transactions and works the committer ran. */
    private final LongAdder commits = new LongAdder();
    private final LongAdder works = new LongAdder();

    private record Job(StateDb.Work<?> work, CompletableFuture<Object> done) {
    }

    public GroupCommit(StateDb db) {
        this.db = db;
        this.committer = DaemonThreads.named("incident-group-commit").newThread(this::loop);
        committer.start();
    }

    /** Runs the work in a committed transaction, possibly shared with other callers' work. */
    public <T> T run(StateDb.Work<T> work) {
        return join(submit(work));
    }

    /** Waits for a commit's future; a failed work throws what it threw. */
    static <T> T join(CompletableFuture<T> committed) {
        try {
            return committed.join();
        } catch (CompletionException e) {
            throw failure(e) instanceof RuntimeException re ? re : e;
        }
    }

    /** What a work threw, from what a commit's future (or a stage after it) failed with. */
    public static Throwable failure(Throwable completed) {
        return completed instanceof CompletionException && completed.getCause() != null ? completed.getCause() : completed;
    }

    /**
     * Queues the work; the future completes, on the committing thread, once it is committed (or
     * failed). For callers that must not wait, such as a raise answered on the HTTP event loop:
     * what depends on it should be light or go to a thread of its own.
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(StateDb.Work<T> work) {
        if (!open) {
            return CompletableFuture.supplyAsync(() -> db.inTransaction(work), Runnable::run);
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        queue.add(new Job(work, done));
        return (CompletableFuture<T>) done;
    }

    private void loop() {
        List<Job> batch = new ArrayList<>();
        int previous = 0;
        while (open || !queue.isEmpty()) {
            try {
                Job first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                if (previous > 1 && batch.size() < GATHER_BELOW) {
                    // concurrent callers: more are on their way; a lone caller at idle is not held up
                    LockSupport.parkNanos(GATHER_NANOS);
                    queue.drainTo(batch, MAX_BATCH - batch.size());
                }
                previous = batch.size();
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
        commits.increment();
        works.add(batch.size());
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

    /** Works per transaction so far. */
    double meanBatch() {
        long n = commits.sum();
        return n == 0 ? 0 : (double) works.sum() / n;
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
