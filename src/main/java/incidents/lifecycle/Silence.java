package incidents.lifecycle;

/**
 * A silence, Alertmanager-style: while it lasts, a raise that matches every matcher it sets is
 * recorded and counted as silenced, never paged. Unset matchers are null; times are ISO-8601.
 *
 * @param msgRegex an RE2 pattern (linear time) found anywhere in the raise's msg; anchor it with ^...$
 */
public record Silence(String id, Matchers matchers, String startsAt, String endsAt, String comment, String createdBy) {

    /** What a raise must all match; at least one is set. */
    public record Matchers(String source, String severity, String fingerprint, String msgRegex) {
    }
}
