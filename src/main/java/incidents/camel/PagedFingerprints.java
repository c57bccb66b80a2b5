package incidents.camel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import incidents.DedupLog;
import incidents.Raise;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent repository of the incident-page route: persisted and expiring (Camel 4.18 has
 * none that is both), over {@link DedupLog}. Used eager with completionEager:
 * {@code add} only claims the fingerprint in memory, so that two identical raises arriving
 * together page once. The fingerprint's row is committed with the page or digest entry (the
 * Pager writes both in one transaction); {@code confirm} then makes it count in memory, and only
 * when the exchange's {@link Raise} says a page or digest entry was committed (a queued raise not
 * stored that way is written here). A raise whose
 * queueing failed, or that reached no channel, is released and never counts as paged.
 */
public final class PagedFingerprints extends ServiceSupport implements IdempotentRepository {
    private static final Logger LOG = LoggerFactory.getLogger(PagedFingerprints.class);
    private final DedupLog log;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public PagedFingerprints(DedupLog log) {
        this.log = log;
    }

    @Override
    public synchronized boolean add(String key) {
        if (log.withinWindow(key)) {
            return false;
        }
        return inFlight.add(key);
    }

    /** A raise refused here is suppressed: its {@link Raise} says so, for the record step. */
    @Override
    public boolean add(Exchange exchange, String key) {
        boolean added = add(key);
        if (!added) {
            Raise raise = exchange.getMessage().getBody(Raise.class);
            if (raise != null) {
                raise.markSuppressed();
            }
        }
        return added;
    }

    @Override
    public boolean contains(String key) {
        return inFlight.contains(key) || log.withinWindow(key);
    }

    /** The claim is dropped; a page recorded by an earlier raise stays (it was delivered or queued). */
    @Override
    public boolean remove(String key) {
        return inFlight.remove(key);
    }

    @Override
    public boolean confirm(String key) {
        inFlight.remove(key);
        return false;
    }

    @Override
    public boolean confirm(Exchange exchange, String key) {
        try {
            Raise raise = exchange.getMessage().getBody(Raise.class);
            if (raise != null && raise.queued() && !exchange.isFailed()) {
                if (raise.stored()) {
                    log.remember(key, raise.incident().ts().toEpochMilli());
                } else {
                    log.recordPaged(key);
                }
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            LOG.error("could not record incident {} as paged ({}); an identical raise may page again", key, e.getMessage());
            return false;
        } finally {
            inFlight.remove(key);
        }
    }

    @Override
    public void clear() {
        log.clear();
        inFlight.clear();
    }

    @Override
    protected void doStart() {
        // the DedupLog is open from construction
    }
}
