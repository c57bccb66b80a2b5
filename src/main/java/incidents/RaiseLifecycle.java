package incidents;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The incident lifecycle's part of a raise (incidents.lifecycle.IncidentStates), run in the raise's
 * own group-commit transaction: the raise, its dedup claim, its page or digest entry and its count on
 * the incident commit together, before the caller is answered, in one hand-off to the committer.
 * The dedup claim lives on the incident's row: a raise that would page or queue a digest entry has
 * an incident (an INFO raise too, when an edited route sends it to a channel); one that is only
 * logged (INFO, by default) has none.
 */
public interface RaiseLifecycle {
    /** What a raise of an acknowledged incident answers as its routing: recorded, paged nowhere. */
    String ACKNOWLEDGED = "acknowledged";
    /** What a raise a silence matched answers as its routing. */
    String SILENCED = "silenced";

    /**
     * Counts the raise on the fingerprint's incident, opening one when none is open or acknowledged,
     * and answers true when that incident is acknowledged (read in the transaction, so every replica's
     * acknowledgement counts): one upsert that returns the incident's status. A raise of an
     * acknowledged incident is not counted as silenced.
     */
    boolean countAndCheck(Connection c, Incident i, boolean silenced) throws SQLException;

    /** How a raise that would page or queue a digest entry came out of its transaction. */
    enum Claim {
        /** The incident was not paged within the dedup window: this raise pages (or queues its entry). */
        WON,
        /** Paged within the window: the raise is recorded as suppressed. */
        LOST,
        /** The incident is acknowledged: recorded, paged nowhere, nothing claimed. */
        HELD
    }

    /**
     * Counts the raise as {@link #countAndCheck} does (never as silenced) and, unless its incident is
     * acknowledged, claims the incident's page when it was not paged since {@code windowStart} (epoch ms):
     * one upsert, so every replica sees the same claim.
     */
    Claim countAndClaim(Connection c, Incident i, long windowStart) throws SQLException;

    /** Gives back the claim a raise won (the raise was taken back), if no later raise holds it, so the next raise pages. */
    void unclaim(Connection c, Incident i) throws SQLException;

    /** Adds the channels a counted raise was paged on to its incident (none: nothing changes). */
    void addPages(Connection c, Incident i, List<String> paged) throws SQLException;

    /**
     * Takes back a {@link #countAndCheck} (and {@link #addPages}) whose raise was taken back (its history line could not be written):
     * the incident's counts go down again, and an incident that raise opened is removed.
     */
    void uncount(Connection c, Incident i, boolean silenced, List<String> paged) throws SQLException;
}
