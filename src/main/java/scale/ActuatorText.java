package scale;

import org.apache.camel.util.URISupport;

/**
 * What may be shown of the actuator in answers, files and logs: its URI and its errors without
 * secrets. Camel's sanitizer masks passwords and known secret options; on top of that a URL keeps
 * only "?..." of its query string, where webhook tokens live under any name.
 */
final class ActuatorText {
    private ActuatorText() {
    }

    /** SCALE_ACTUATOR_URI as it may be shown. */
    static String describe(String uri) {
        return withoutSecrets(uri);
    }

    /** The innermost message of a failure, its first line, without secrets. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return withoutSecrets(message.split("\n")[0]);
    }

    private static String withoutSecrets(String text) {
        // queries first: the sanitizer masks a secret option up to the next '&', which in a sentence is its end
        String noQueries = text.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://[^\\s?]*)\\?\\S*", "$1?...");
        return URISupport.sanitizeUri(noQueries);
    }
}
