package base;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for events posted to an input file: each post, once its append is complete, asks
 * for the file to be folded and waits; one caller at a time catches up, taking in every append
 * completed before it started, so the posts that waited meanwhile find their lines folded and return
 * without a query of their own. Posts under load share folds instead of queueing one each.
 */
public final class PostedFolds {
    private final AtomicLong appended = new AtomicLong();
    private final Runnable catchUp;
    /** Every append numbered up to this one is folded (guarded by this). */
    private long folded;

    public PostedFolds(Runnable catchUp) {
        this.catchUp = catchUp;
    }

    /** Called after an append completed: returns once its lines are committed to the state database. */
    public void foldAfterAppend() {
        long mine = appended.incrementAndGet();
        synchronized (this) {
            if (folded >= mine) {
                return;
            }
            long upTo = appended.get(); // each of these appends completed before it was numbered
            catchUp.run();
            folded = upTo;
        }
    }
}
