package routes;

import java.util.concurrent.Executor;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** The Vert.x event loop the calling thread runs, for steps that finish later and must come back to it. */
public final class EventLoops {
    private EventLoops() {
    }

    /**
     * Runs tasks on the event loop this thread is running now (the one answering the HTTP request), or
     * null off an event loop: a worker thread, a timer, a test, which may simply wait.
     */
    public static Executor current() {
        if (!Context.isOnEventLoopThread()) {
            return null;
        }
        Context loop = Vertx.currentContext();
        return loop == null ? null : task -> loop.runOnContext(v -> task.run());
    }
}
