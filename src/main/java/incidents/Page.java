package incidents;

/** One message for one channel, as kept in the outbox until it is delivered. */
public record Page(String id, String channel, String kind, String fingerprint, String subject, String text,
                   long createdAt, int attempts) {
    public static final String CRITICAL = "page";
    public static final String DIGEST = "digest";
    /** A RESOLVED notice, on the channels the incident was paged on. */
    public static final String NOTICE = "notice";
    /** A CRITICAL incident paged again because nobody acknowledged it (ESCALATE_AFTER_MIN). */
    public static final String ESCALATION = "escalation";
}
