package support;

import java.util.stream.Stream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** What a GreenMail server received, picked by subject. */
public final class Mailbox {
    private Mailbox() {
    }

    /** The received messages whose subject contains {@code part}, in the order they arrived. */
    public static MimeMessage[] withSubject(GreenMailExtension smtp, String part) {
        return Stream.of(smtp.getReceivedMessages()).filter(m -> subjectOf(m).contains(part)).toArray(MimeMessage[]::new);
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (MessagingException e) {
            return "";
        }
    }
}
