package incidents;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import app.ReportFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues pages in the outbox and delivers them. A new page gets a series of up to
 * NOTIFY_MAX_ATTEMPTS attempts (exponential backoff, 429's retry_after, no retry after a
 * rejection); a page still pending after its series gets one attempt per INCIDENT_INTERVAL run
 * until a channel accepts it. Each attempt is one line in logs/incidents.ndjson.
 */
public final class Pager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pager.class);
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Outbox outbox;
    private final GroupCommit writes;
    private final RetryPolicy policy;
    private final ReportFiles reports;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "incident-pager");
        t.setDaemon(true);
        return t;
    });

    public Pager(List<Channel> channels, Outbox outbox, GroupCommit writes, RetryPolicy policy, ReportFiles reports, Clock clock) {
        channels.forEach(c -> this.channels.put(c.name(), c));
        this.outbox = outbox;
        this.writes = writes;
        this.policy = policy;
        this.reports = reports;
        this.clock = clock;
    }

    public List<String> channelNames() {
        return List.copyOf(channels.keySet());
    }

    /** CRITICAL: one page per configured channel, committed to the outbox, then sent at once. */
    public Raise pageNow(Raise raise) {
        return pageOn(raise, channels.keySet());
    }

    /**
     * A page at once on the named channels only (comma-separated, e.g. "email"), for flows an
     * operator edits in incidents.camel.yaml; names of channels that are off are ignored.
     */
    public Raise pageOn(Raise raise, String channelNames) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : channelNames.split(",")) {
            if (channels.containsKey(name.trim())) {
                wanted.add(name.trim());
            }
        }
        return pageOn(raise, wanted);
    }

    private Raise pageOn(Raise raise, Set<String> onChannels) {
        Incident i = raise.incident();
        List<Page> pages = new ArrayList<>();
        for (String ch : onChannels) {
            boolean telegram = ch.equals("telegram");
            pages.add(newPage(ch, Page.CRITICAL, i.fingerprint(), PageText.emailSubject(i),
                    telegram ? PageText.telegram(i) : PageText.emailBody(i)));
        }
        if (!pages.isEmpty()) {
            commitQueued(raise, c -> Outbox.insert(c, pages));
            pages.forEach(p -> senders.execute(() -> deliver(p, policy.maxAttempts())));
        }
        raise.routedTo("page", List.copyOf(onChannels));
        return raise;
    }

    /** ERROR and WARNING: kept for the next digest (nothing is kept when no channel is configured). */
    public Raise addToDigest(Raise raise) {
        if (!channels.isEmpty()) {
            commitQueued(raise, c -> DigestQueue.add(c, raise.incident()));
        }
        raise.routedTo("digest", channelNames());
        return raise;
    }

    /**
     * The queue entry, the fingerprint's dedup row and the raise row, committed together: the
     * fingerprint counts as paged exactly when its page or digest entry exists, and the raise
     * costs one commit.
     */
    private void commitQueued(Raise raise, QueueEntry entry) {
        Incident i = raise.incident();
        writes.run(c -> {
            entry.insert(c);
            DedupLog.upsert(c, i.fingerprint(), i.ts().toEpochMilli());
            RaiseLog.insert(c, i, false);
            return null;
        });
        raise.markStored();
    }

    @FunctionalInterface
    private interface QueueEntry {
        void insert(Connection c) throws SQLException;
    }

    /** Turns everything waiting for the digest into one page per channel, in the outbox. */
    public int queueDigest() {
        return writes.run(c -> {
            List<Incident> items = DigestQueue.takeAll(c);
            if (items.isEmpty() || channels.isEmpty()) {
                return items.size();
            }
            List<Page> pages = new ArrayList<>();
            for (String ch : channels.keySet()) {
                pages.add(newPage(ch, Page.DIGEST, null, PageText.digestSubject(items),
                        ch.equals("telegram") ? PageText.digestTelegram(items) : PageText.digestEmailBody(items)));
            }
            Outbox.insert(c, pages);
            return items.size();
        });
    }

    /**
     * Delivers what the outbox holds: a page never tried gets its full series, a page already
     * past its series one attempt. A channel that fails is skipped for the rest of this run.
     */
    public int deliverPending() {
        Set<String> down = new HashSet<>();
        int delivered = 0;
        for (Page p : outbox.pending()) {
            if (!channels.containsKey(p.channel()) || down.contains(p.channel())) {
                continue;
            }
            SendResult r = deliver(p, p.attempts() == 0 ? policy.maxAttempts() : 1);
            if (r != null && r.ok()) {
                delivered++;
            } else if (r != null) {
                down.add(p.channel());
            }
        }
        return delivered;
    }

    /** A series of at most {@code attempts} attempts; null when another thread is delivering it. */
    SendResult deliver(Page page, int attempts) {
        if (!inFlight.add(page.id())) {
            return null;
        }
        try {
            // the caller's list may be stale: another thread may have delivered it since
            int before = outbox.attemptsIfPending(page.id());
            if (before < 0) {
                return null;
            }
            Channel channel = channels.get(page.channel());
            SendResult result = null;
            for (int n = 1; n <= attempts; n++) {
                result = channel.send(page);
                outbox.recordAttempt(page.id(), result.ok(), result.error(), clock.millis());
                logAttempt(page, before + n, result);
                long wait = n < attempts ? policy.delayAfter(n, result) : -1;
                if (wait < 0) {
                    break;
                }
                Thread.sleep(wait);
            }
            if (!result.ok()) {
                LOG.warn("{} {} to {} not delivered yet ({}); it stays in the outbox and the next incident run retries it",
                        page.kind(), page.id(), page.channel(), result.error());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failed("interrupted by shutdown");
        } finally {
            inFlight.remove(page.id());
        }
    }

    private void logAttempt(Page page, int attempt, SendResult r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ts", clock.instant().toString());
        e.put("event", "attempt");
        e.put("page_id", page.id());
        e.put("kind", page.kind());
        e.put("fingerprint", page.fingerprint());
        e.put("channel", page.channel());
        e.put("attempt", attempt);
        e.put("ok", r.ok());
        e.put("error", r.error());
        reports.appendHistory("incidents", e);
    }

    private Page newPage(String channel, String kind, String fingerprint, String subject, String text) {
        return new Page(UUID.randomUUID().toString(), channel, kind, fingerprint, subject, text, clock.millis(), 0);
    }

    @Override
    public void close() {
        senders.shutdownNow();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
