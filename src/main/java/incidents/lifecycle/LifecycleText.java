package incidents.lifecycle;

import incidents.Incident;
import incidents.PageText;

/** What the lifecycle's messages say, per channel: RESOLVED notices, escalations, a pressed page's new text. */
final class LifecycleText {
    private LifecycleText() {
    }

    static String resolvedSubject(Incident i, String by) {
        return "[RESOLVED] " + PageText.emailSubject(i) + " (by " + by + ")";
    }

    static String resolved(String channel, IncidentState s) {
        Incident i = s.incident();
        String footer = "Resolved by " + s.resolvedBy() + " at " + s.resolvedAt() + " (raised " + s.count() + (s.count() == 1 ? " time" : " times") + " since "
                + s.firstSeen() + ")";
        return telegram(channel) ? PageText.telegram(i, "\u2705", "RESOLVED: " + i.severity().name() + " INCIDENT", footer)
                : "RESOLVED\n\n" + PageText.emailBody(i) + "\n" + footer + "\n";
    }

    static String escalatedSubject(Incident i) {
        return "[ESCALATED] " + PageText.emailSubject(i);
    }

    static String escalated(String channel, IncidentState s, long afterMinutes) {
        Incident i = s.incident();
        String footer = "Not acknowledged within " + afterMinutes + " min of " + s.firstSeen() + "; acknowledge it with"
                + " POST /api/incidents/ack";
        return telegram(channel) ? PageText.telegram(i, "\u23EB", "ESCALATED: " + i.severity().name() + " INCIDENT", footer)
                : "ESCALATED\n\n" + PageText.emailBody(i) + "\n" + footer + "\n";
    }

    /** A pressed Telegram page, edited to say who acknowledged or resolved it and when. */
    static String pressed(IncidentState s) {
        String footer = s.state() == IncidentStatus.RESOLVED ? "\u2705 Resolved by " + s.resolvedBy() + " at " + s.resolvedAt()
                : "\uD83D\uDC40 Acknowledged by " + s.acknowledgedBy() + " at " + s.acknowledgedAt();
        return PageText.telegram(s.incident(), "\uD83D\uDEA8", s.severity() + " INCIDENT", footer);
    }

    private static boolean telegram(String channel) {
        return channel.equals("telegram");
    }
}
