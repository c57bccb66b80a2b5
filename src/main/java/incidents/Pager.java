package incidents;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import base.DaemonThreads;
import base.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues pages in the outbox and hands them to the {@link Courier}, which takes each to its
 * channel's route (channels.camel.yaml: the retry is declared there, asynchronous, no sleeping
 * thread). A new page gets up to NOTIFY_MAX_ATTEMPTS attempts; a page still pending after them gets
 * one attempt per INCIDENT_INTERVAL run until a channel accepts it. CRITICAL pages go before
 * digests, in the senders' queue and in the run. A page is held by one sender at a time, and by one
 * replica at a time: it is sent only under this replica's {@link Lease} on its outbox row.
 */
public final class Pager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pager.class);
    /** Enough incidents to fill the largest digest message; the rest are only counted. */
    static final int DIGEST_LISTED = 400;
    /** How long the run waits for one outbox retry before going on to the next page. */
    static final long RUN_ATTEMPT_TIMEOUT_S = 60;
    private final Courier courier;
    private final GroupCommit writes;
    private final Outbox outbox;
    private final java.time.Duration dedupWindow;
    private final RaiseLog raises;
    private final RaiseLifecycle lifecycle;
    private final int maxAttempts;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * Outbox pages and digest entries committed with a raise whose history line is not written yet:
     * neither the run nor the digest may send them until {@link #dispatch}, so that a raise taken
     * back ({@link #withdraw}) has sent nothing.
     */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicLong order = new AtomicLong();
    private final ThreadPoolExecutor senders;

    /** {@code lifecycle}: the acknowledgement check and incident count each raise commits with its page or digest entry. */
    public Pager(Courier courier, Outbox outbox, GroupCommit writes, java.time.Duration dedupWindow, RaiseLog raises,
                 RaiseLifecycle lifecycle, int maxAttempts, Clock clock) {
        this.courier = courier;
        this.outbox = outbox;
        this.writes = writes;
        this.dedupWindow = dedupWindow;
        this.raises = raises;
        this.lifecycle = lifecycle;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
        this.senders = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
                DaemonThreads.named("incident-pager"));
    }

    public List<String> channelNames() {
        return courier.channels();
    }

    /** CRITICAL: one page per configured channel, for the outbox; sent once the raise is recorded. */
    public Raise pageNow(Raise raise) {
        return pageOn(raise, new LinkedHashSet<>(channelNames()));
    }

    /**
     * A page at once on the named channels only (comma-separated, e.g. "email"), for flows an
     * operator edits in incidents.camel.yaml; names of channels that are off are ignored.
     */
    public Raise pageOn(Raise raise, String channelNames) {
        Set<String> wanted = new LinkedHashSet<>();
        List<String> on = channelNames();
        for (String name : channelNames.split(",")) {
            if (on.contains(name.trim())) {
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
        raise.routedTo("page", List.copyOf(onChannels));
        if (!pages.isEmpty()) {
            pages.forEach(p -> held.add(p.id()));
            raise.holdPages(pages);
            raise.queue(c -> outbox.insert(c, pages));
        }
        return raise;
    }

    /**
     * A message about an incident that is not a new raise (a RESOLVED notice, an escalation), on
     * those of the named channels that are on: committed to the outbox, then sent like a page.
     * Returns the channels it went to.
     */
    public List<String> notice(String kind, String fingerprint, java.util.Collection<String> onChannels, String subject,
                               java.util.function.Function<String, String> textFor) {
        List<String> on = channelNames();
        List<Page> pages = onChannels.stream().filter(on::contains).distinct()
                .map(ch -> newPage(ch, kind, fingerprint, subject, textFor.apply(ch))).toList();
        if (!pages.isEmpty()) {
            writes.run(c -> {
                outbox.insert(c, pages);
                return null;
            });
            pages.forEach(p -> submit(p, maxAttempts));
        }
        return pages.stream().map(Page::channel).toList();
    }

    /** ERROR and WARNING: kept for the next digest (nothing is kept when no channel is configured). */
    public Raise addToDigest(Raise raise) {
        List<String> on = channelNames();
        raise.routedTo("digest", on);
        if (!on.isEmpty()) {
            String entry = TimeOrderedIds.next(raise.incident().ts().toEpochMilli());
            held.add(entry);
            raise.holdDigestEntry(entry);
            raise.queue(c -> DigestQueue.add(outbox.db(), c, raise.incident(), entry, outbox.lease()));
        }
        return raise;
    }

    /**
     * Commits what the routing queued for the raise: the lifecycle check, the dedup decision, the
     * queue entries, the raise row and its count on the incident, together. A raise of an
     * acknowledged incident is held (it claims nothing and queues nothing); otherwise the claim on
     * the incident's row decides (one page per fingerprint and INCIDENT_DEDUP_WINDOW_MIN, across
     * replicas), and the pages or digest entry exist exactly when the claim was won; a raise that lost
     * it is stored as suppressed and queues nothing. One hand-off to the group commit per raise, one
     * commit shared with concurrent raises; the future completes on the committing thread.
     */
    CompletableFuture<Void> commitQueued(Raise raise) {
        Incident i = raise.incident();
        List<QueueEntry> entries = raise.queued();
        List<String> paged = raise.paged();
        return writes.submit(c -> {
            RaiseLifecycle.Claim k = lifecycle.countAndClaim(c, i, i.ts().toEpochMilli() - dedupWindow.toMillis());
            if (k == RaiseLifecycle.Claim.WON) {
                for (QueueEntry entry : entries) {
                    entry.insert(c);
                }
                lifecycle.addPages(c, i, paged);
            }
            raises.insert(c, i, k == RaiseLifecycle.Claim.LOST);
            return k;
        }).whenComplete((claim, failed) -> {
            if (failed != null) {
                release(raise);
            }
        }).thenAccept(claim -> settle(raise, claim));
    }

    private void settle(Raise raise, RaiseLifecycle.Claim claim) {
        raise.markStored();
        raise.markCounted();
        if (claim != RaiseLifecycle.Claim.WON) {
            release(raise);
        }
        if (claim == RaiseLifecycle.Claim.LOST) {
            raise.suppressedByDedup();
        } else if (claim == RaiseLifecycle.Claim.HELD) {
            raise.heldByAcknowledgement();
        }
    }

    /** Sends the raise's pages: called once the raise is recorded, so an unrecorded raise pages nobody. */
    public void dispatch(Raise raise) {
        release(raise);
        raise.heldPages().forEach(p -> submit(p, maxAttempts));
    }

    private void release(Raise raise) {
        raise.heldPages().forEach(p -> held.remove(p.id()));
        if (raise.digestEntry() != null) {
            held.remove(raise.digestEntry());
        }
    }

    /**
     * Takes back what the raise stored (pages, digest entry, raise row, its dedup claim, its count on
     * the incident) when its history line could not be written: the caller is answered an error, so
     * the raise must have no effect.
     */
    public void withdraw(Raise raise) {
        Incident i = raise.incident();
        boolean claimed = raise.stored() && !raise.suppressed() && !RaiseLifecycle.ACKNOWLEDGED.equals(raise.routing());
        try {
            takeBack(raise, i, claimed);
        } finally {
            release(raise); // taken back, or (if that failed) committed for good: the run may send it
        }
    }

    private void takeBack(Raise raise, Incident i, boolean claimed) {
        writes.run(c -> {
            if (!raise.heldPages().isEmpty()) {
                Outbox.delete(c, raise.heldPages());
            }
            if (raise.digestEntry() != null) {
                DigestQueue.delete(c, raise.digestEntry());
            }
            RaiseLog.delete(c, i);
            if (claimed) {
                lifecycle.unclaim(c, i);
            }
            if (raise.counted()) {
                lifecycle.uncount(c, i, RaiseLifecycle.SILENCED.equals(raise.routing()), raise.paged());
            }
            return null;
        });
    }

    /** Turns everything waiting for the digest into one page per channel, in the outbox. */
    public long queueDigest() {
        List<String> on = channelNames();
        return DigestQueue.take(writes, DIGEST_LISTED, held, outbox.lease(), digest -> c -> {
            if (!on.isEmpty()) {
                List<Page> pages = new ArrayList<>();
                for (String ch : on) {
                    pages.add(newPage(ch, Page.DIGEST, null, PageText.digestSubject(digest),
                            ch.equals("telegram") ? PageText.digestTelegram(digest) : PageText.digestEmailBody(digest)));
                }
                outbox.insert(c, pages);
            }
            return null;
        }).total();
    }

    /**
     * Delivers what the outbox holds, pages before digests. A page never tried (a digest just
     * queued, a page queued before a restart) is handed over with its full series of attempts; a
     * page already past its series gets one attempt, and the run waits for it: a channel that is
     * down (connection, 5xx, 429, credentials) is skipped for the rest of the run; a refused
     * message is not about the channel and skips nothing. A page is sent only once this replica
     * holds its lease: another replica sending it (or recording its raise) keeps it.
     */
    public int deliverPending() {
        Set<String> down = new HashSet<>();
        List<String> on = channelNames();
        int delivered = 0;
        for (Page p : outbox.pending()) {
            if (!on.contains(p.channel()) || down.contains(p.channel()) || held.contains(p.id()) || !outbox.claim(p.id())) {
                continue;
            }
            if (p.attempts() == 0) {
                submit(p, maxAttempts);
                continue;
            }
            SendResult r = attemptNow(p);
            if (r != null && r.ok()) {
                delivered++;
            } else if (r != null && r.channelDown()) {
                down.add(p.channel());
            }
        }
        return delivered;
    }

    /**
     * One attempt, waited for; null when another sender holds the page or no answer came in time.
     * A sender thread hands it over: the run is called from a Camel route, and Camel's engine would
     * queue a nested exchange behind the one this thread is running, which waits for it.
     */
    private SendResult attemptNow(Page page) {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        if (!submit(page, 1, result::complete)) {
            return null;
        }
        try {
            return result.get(RUN_ATTEMPT_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{} {} to {}: no outcome within {} s; the run goes on", page.kind(), page.id(), page.channel(),
                    RUN_ATTEMPT_TIMEOUT_S);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A page handed to the senders: CRITICAL pages first, then first come first served. */
    private record Queued(Page page, long seq, Runnable task) implements Runnable, Comparable<Queued> {
        int priority() {
            return Page.CRITICAL.equals(page.kind()) ? 0 : 1;
        }

        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Queued o) {
            int byKind = Integer.compare(priority(), o.priority());
            return byKind != 0 ? byKind : Long.compare(seq, o.seq);
        }
    }

    private void submit(Page page, int attempts) {
        submit(page, attempts, r -> { });
    }

    /** Hands the page to a sender; false when another sender holds it or the pager is closing. */
    private boolean submit(Page page, int attempts, Consumer<SendResult> done) {
        if (!inFlight.add(page.id())) {
            return false;
        }
        try {
            senders.execute(new Queued(page, order.incrementAndGet(), () -> courier.send(page, attempts, r -> {
                try {
                    done.accept(r);
                } finally {
                    inFlight.remove(page.id());
                    if (r == null || !r.ok()) {
                        releaseLease(page);
                    }
                }
            })));
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(page.id()); // shutting down: the page stays in the outbox
            return false;
        }
    }

    /** Attempts ended undelivered: the next run of any replica may take the page at once. */
    private void releaseLease(Page page) {
        try {
            outbox.release(page.id());
        } catch (RuntimeException e) {
            LOG.warn("{} {}: could not give up this replica's lease ({}); another replica may send it once the lease runs out",
                    page.kind(), page.id(), e.getMessage());
        }
    }

    private Page newPage(String channel, String kind, String fingerprint, String subject, String text) {
        long now = clock.millis();
        return new Page(TimeOrderedIds.next(now), channel, kind, fingerprint, subject, text, now, 0);
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
