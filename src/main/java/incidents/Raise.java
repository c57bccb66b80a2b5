package incidents;

import java.util.List;

/**
 * One raise on its way through the incident-raise route: the validated incident, then what the
 * route did with it. Getters, so that YAML can route on {@code ${body.severity}}.
 */
public final class Raise {
    private final Incident incident;
    private volatile String routing = "log";
    private volatile List<String> channels = List.of();
    private volatile boolean stored;
    private volatile boolean suppressed;
    private volatile List<Page> heldPages = List.of();
    private volatile String digestEntry;
    private volatile boolean counted;
    private volatile List<QueueEntry> queued = List.of();

    public Raise(Incident incident) {
        this.incident = incident;
    }

    public Incident incident() {
        return incident;
    }

    public String getSeverity() {
        return incident.severity().name();
    }

    public String getFingerprint() {
        return incident.fingerprint();
    }

    /**
     * True once its raise row, its count and its dedup claim were committed in the same transaction
     * as its page or digest entry (a raise that queued nothing claims nothing and stays false).
     */
    public boolean stored() {
        return stored;
    }

    void markStored() {
        this.stored = true;
    }

    /** True when the fingerprint was paged within the dedup window: logged and counted, not sent. */
    public boolean suppressed() {
        return suppressed;
    }

    /** The fingerprint was paged within the dedup window: nothing was queued for this raise. */
    void suppressedByDedup() {
        this.suppressed = true;
        this.heldPages = List.of();
        this.digestEntry = null;
        this.queued = List.of();
    }

    /** Its incident was acknowledged: recorded and counted, nothing was queued for this raise. */
    void heldByAcknowledgement() {
        this.heldPages = List.of();
        this.digestEntry = null;
        this.queued = List.of();
        heldAs(RaiseLifecycle.ACKNOWLEDGED);
    }

    /** True once its count on the incident was committed with it (a raise taken back takes that back too). */
    boolean counted() {
        return counted;
    }

    void markCounted() {
        this.counted = true;
    }

    /** The channels this raise paged: none when it was held, deduplicated or only digested. */
    List<String> paged() {
        return "page".equals(routing) && !suppressed ? channels : List.of();
    }

    /** Recorded, paged nowhere: {@code why} ("acknowledged", "silenced") is what the raise answers as its routing. */
    public void heldAs(String why) {
        routedTo(why, List.of());
    }

    void routedTo(String how, List<String> toChannels) {
        this.routing = how;
        this.channels = List.copyOf(toChannels);
    }

    /**
     * A page or digest entry the routing chose: inserted when the raise is committed, if it wins its
     * dedup claim. The routing steps only decide; the record step commits (without a waiting thread
     * when the raise came over HTTP).
     */
    void queue(QueueEntry entry) {
        List<QueueEntry> more = new java.util.ArrayList<>(queued);
        more.add(entry);
        queued = List.copyOf(more);
    }

    List<QueueEntry> queued() {
        return queued;
    }

    /** Pages for the outbox, not sent yet: they go out once the raise is recorded. */
    void holdPages(List<Page> pages) {
        this.heldPages = List.copyOf(pages);
    }

    List<Page> heldPages() {
        return heldPages;
    }

    void holdDigestEntry(String id) {
        this.digestEntry = id;
    }

    String digestEntry() {
        return digestEntry;
    }

    public String routing() {
        return routing;
    }

    public List<String> channels() {
        return channels;
    }
}
