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
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import app.ReportFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues pages in the outbox and delivers them. A new page gets a series of up to
 * NOTIFY_MAX_ATTEMPTS attempts (exponential backoff, 429's retry_after); the wait between two
 * attempts is a scheduled task, never a sleeping thread, so a page in backoff holds up no other.
 * A page still pending after its series gets one attempt per INCIDENT_INTERVAL run until a channel
 * accepts it. A message a channel refuses for good ends as refused, visibly (a WARN line, the
 * summary, a WARNING incident), and blocks nothing. CRITICAL pages go before digests, in the
 * senders' queue and in the run. Each attempt is one line in logs/incidents.ndjson.
 */
public final class Pager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pager.class);
    /** Enough incidents to fill the largest digest message; the rest are only counted. */
    static final int DIGEST_LISTED = 400;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Outbox outbox;
    private final GroupCommit writes;
    private final DedupLog dedup;
    private final RetryPolicy policy;
    private final ChannelHealth health;
    private final ReportFiles reports;
    private final Clock clock;
    private final Consumer<Map<String, Object>> refusalNotices;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong order = new AtomicLong();
    private final ThreadPoolExecutor senders;
    private final ScheduledExecutorService backoff;

    /**
     * @param refusalNotices where a WARNING incident about a refused message is raised
     *                       ({"severity","source","msg"}, the shape direct:incident-raise takes)
     */
    public Pager(List<Channel> channels, Outbox outbox, GroupCommit writes, DedupLog dedup, RetryPolicy policy,
                 ChannelHealth health, ReportFiles reports, Clock clock, Consumer<Map<String, Object>> refusalNotices) {
        channels.forEach(c -> this.channels.put(c.name(), c));
        this.outbox = outbox;
        this.writes = writes;
        this.dedup = dedup;
        this.policy = policy;
        this.health = health;
        this.reports = reports;
        this.clock = clock;
        this.refusalNotices = refusalNotices;
        this.senders = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), daemon("incident-pager"));
        this.backoff = Executors.newSingleThreadScheduledExecutor(daemon("incident-pager-backoff"));
    }

    public List<String> channelNames() {
        return List.copyOf(channels.keySet());
    }

    /** CRITICAL: one page per configured channel, committed to the outbox; sent once the raise is recorded. */
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
            raise.holdPages(pages);
        }
        raise.routedTo("page", List.copyOf(onChannels));
        return raise;
    }

    /** ERROR and WARNING: kept for the next digest (nothing is kept when no channel is configured). */
    public Raise addToDigest(Raise raise) {
        if (!channels.isEmpty()) {
            commitQueued(raise, c -> raise.holdDigestEntry(DigestQueue.add(c, raise.incident())));
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

    /** Sends the raise's pages: called once the raise is recorded, so an unrecorded raise pages nobody. */
    public void dispatch(Raise raise) {
        raise.heldPages().forEach(p -> submit(new Attempt(p, 1, policy.maxAttempts())));
    }

    /**
     * Takes back what the raise stored (pages, digest entry, raise row, dedup row) when its history
     * line could not be written: the caller is answered an error, so the raise must have no effect.
     */
    public void withdraw(Raise raise) {
        Incident i = raise.incident();
        boolean queued = raise.stored();
        writes.run(c -> {
            if (!raise.heldPages().isEmpty()) {
                Outbox.delete(c, raise.heldPages());
            }
            if (raise.digestEntry() != null) {
                DigestQueue.delete(c, raise.digestEntry());
            }
            RaiseLog.delete(c, i);
            if (queued) {
                DedupLog.delete(c, i.fingerprint());
            }
            return null;
        });
        if (queued) {
            dedup.unremember(i.fingerprint());
        }
    }

    /** Turns everything waiting for the digest into one page per channel, in the outbox. */
    public long queueDigest() {
        return writes.run(c -> {
            Digest digest = DigestQueue.take(c, DIGEST_LISTED);
            if (digest.isEmpty() || channels.isEmpty()) {
                return digest.total();
            }
            List<Page> pages = new ArrayList<>();
            for (String ch : channels.keySet()) {
                pages.add(newPage(ch, Page.DIGEST, null, PageText.digestSubject(digest),
                        ch.equals("telegram") ? PageText.digestTelegram(digest) : PageText.digestEmailBody(digest)));
            }
            Outbox.insert(c, pages);
            return digest.total();
        });
    }

    /**
     * Delivers what the outbox holds, pages before digests: a page never tried gets its full
     * series, a page already past its series one attempt. A channel that is down (connection,
     * 5xx, 429, credentials) is skipped for the rest of this run; a refused message is not.
     */
    public int deliverPending() {
        Set<String> down = new HashSet<>();
        int delivered = 0;
        for (Page p : outbox.pending()) {
            if (!channels.containsKey(p.channel()) || down.contains(p.channel()) || !inFlight.add(p.id())) {
                continue;
            }
            SendResult r = attempt(new Attempt(p, 1, p.attempts() == 0 ? policy.maxAttempts() : 1));
            if (r != null && r.ok()) {
                delivered++;
            } else if (r != null && r.channelDown()) {
                down.add(p.channel());
            }
        }
        return delivered;
    }

    /** Attempt {@code n} of a series of {@code of} for one page; the page id is held in {@link #inFlight}. */
    private record Attempt(Page page, int n, int of) implements Comparable<Attempt> {
        Attempt next() {
            return new Attempt(page, n + 1, of);
        }

        int priority() {
            return Page.CRITICAL.equals(page.kind()) ? 0 : 1;
        }

        @Override
        public int compareTo(Attempt o) {
            return Integer.compare(priority(), o.priority());
        }
    }

    /** A queued attempt: CRITICAL pages first, then first come first served. */
    private record Queued(Attempt attempt, long seq, Runnable task) implements Runnable, Comparable<Queued> {
        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Queued o) {
            int byKind = attempt.compareTo(o.attempt);
            return byKind != 0 ? byKind : Long.compare(seq, o.seq);
        }
    }

    private void submit(Attempt a) {
        if (a.n() == 1 && !inFlight.add(a.page().id())) {
            return; // the run's retry is already sending it
        }
        try {
            senders.execute(new Queued(a, order.incrementAndGet(), () -> attempt(a)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(a.page().id()); // shutting down: the page stays in the outbox
        }
    }

    /**
     * One attempt, recorded and logged; the next of the series is scheduled when the result is
     * worth retrying. Null when the page is no longer pending (delivered meanwhile).
     */
    private SendResult attempt(Attempt a) {
        Page page = a.page();
        boolean continues = false;
        try {
            int before = outbox.attemptsIfPending(page.id());
            if (before < 0) {
                return null;
            }
            SendResult result = channels.get(page.channel()).send(page);
            outbox.recordAttempt(page.id(), result, clock.millis());
            health.record(page.channel(), result, clock.instant());
            logAttempt(page, before + 1, result);
            long wait = a.n() < a.of() ? policy.delayAfter(a.n(), result) : -1;
            if (wait >= 0) {
                backoff.schedule(() -> submit(a.next()), wait, TimeUnit.MILLISECONDS);
                continues = true;
            } else {
                settle(page, result);
            }
            return result;
        } catch (RuntimeException e) {
            LOG.error("{} {} to {}: attempt failed inside the daemon ({}); it stays in the outbox", page.kind(), page.id(),
                    page.channel(), e.toString());
            return null;
        } finally {
            if (!continues) {
                inFlight.remove(page.id());
            }
        }
    }

    /** The end of a series: nothing to do when delivered; refused: say so everywhere; else it waits in the outbox. */
    private void settle(Page page, SendResult result) {
        if (result.ok()) {
            return;
        }
        if (result.kind() == SendResult.Kind.REFUSED) {
            String what = Page.CRITICAL.equals(page.kind()) ? "the page of incident " + page.fingerprint() : "a digest";
            LOG.warn("{} refused {} for good ({}); page {} will not be retried, other pages go on", page.channel(), what,
                    result.error(), page.id());
            raiseRefusal(Map.of("severity", "WARNING", "source", "pager",
                    "msg", page.channel() + " refused " + what + ": " + result.error() + " (page " + page.id() + ")"));
            return;
        }
        LOG.warn("{} {} to {} not delivered yet ({}); it stays in the outbox and the next incident run retries it",
                page.kind(), page.id(), page.channel(), result.error());
    }

    private void raiseRefusal(Map<String, Object> notice) {
        try {
            refusalNotices.accept(notice);
        } catch (RuntimeException e) {
            LOG.warn("could not raise the notice of a refused page ({}): {}", e.getMessage(), notice.get("msg"));
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
        e.put("result", r.kind().name().toLowerCase(java.util.Locale.ROOT));
        e.put("error", r.error());
        try {
            reports.appendHistory("incidents", e);
        } catch (RuntimeException failure) {
            // the outbox already holds the attempt's outcome; only its history line is missing
            LOG.warn("attempt {} of {} {} to {} ({}) not written to incidents.ndjson: {}", attempt, page.kind(), page.id(),
                    page.channel(), e.get("result"), failure.getMessage());
        }
    }

    private Page newPage(String channel, String kind, String fingerprint, String subject, String text) {
        return new Page(UUID.randomUUID().toString(), channel, kind, fingerprint, subject, text, clock.millis(), 0);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        backoff.shutdownNow();
        senders.shutdownNow();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
