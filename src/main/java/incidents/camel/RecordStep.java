package incidents.camel;

import java.util.concurrent.Executor;

import incidents.GroupCommit;
import incidents.IncidentDesk;
import incidents.Raise;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import routes.EventLoops;

/**
 * The raise route's record step: commits the routed raise, then writes its history line and sends
 * its pages; its outcome becomes the body. On the HTTP event loop it does not wait for the group
 * commit: the exchange goes on, on that event loop, once the commit is done, so no thread is parked
 * per raise. Anywhere else (a timer, a worker thread, a caller that waits) it records in place.
 */
final class RecordStep extends AsyncProcessorSupport {
    private final IncidentDesk desk;

    RecordStep(IncidentDesk desk) {
        this.desk = desk;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Raise raise = exchange.getMessage().getBody(Raise.class);
        Executor loop = EventLoops.current();
        if (loop == null) {
            try {
                exchange.getMessage().setBody(desk.record(raise));
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
            callback.done(true);
            return true;
        }
        desk.commit(raise).whenComplete((committed, failed) -> loop.execute(() -> {
            try {
                if (failed != null) {
                    throw GroupCommit.failure(failed);
                }
                exchange.getMessage().setBody(desk.recorded(raise));
            } catch (Throwable e) {
                exchange.setException(e);
            }
            callback.done(false);
        }));
        return false;
    }
}
