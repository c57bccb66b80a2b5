package routes;

/**
 * "A run of this route that starts after now", shared: every caller waiting for one is served by
 * the same run. The caller that finds no run under way calls the route; callers that arrive while
 * it runs wait for it to end, and the first of them then runs it once more for all of them, since
 * the run under way may have started before their own change (a post's append) was made. So each
 * caller still returns only after a run that saw its change, but N callers at once cost two runs
 * instead of N one after the other. A run that fails has been logged by the route's error handler;
 * its callers go on (what they wait for is a refresh, not their own answer).
 */
public final class SharedRun {
    private final Runnable run;
    /** Tickets handed out, the last ticket the run under way (or the last one) covers, the last one done. */
    private long requested;
    private long covered;
    private long done;
    private boolean running;

    /** @param run calls the route, e.g. {@code () -> template.sendBody("direct:costs-run", null)} */
    public SharedRun(Runnable run) {
        this.run = run;
    }

    /** Returns once a run of the route that started after this call has ended. */
    public void runAfterNow() throws InterruptedException {
        synchronized (this) {
            long ticket = ++requested;
            while (true) {
                if (done >= ticket) {
                    return;
                }
                if (!running) {
                    running = true;
                    covered = requested;
                    break;
                }
                wait();
            }
        }
        try {
            run.run();
        } catch (RuntimeException e) {
            // already logged where the route failed; the callers' own work is done
        } finally {
            synchronized (this) {
                done = covered;
                running = false;
                notifyAll();
            }
        }
    }
}
