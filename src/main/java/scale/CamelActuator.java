package scale;

import java.util.Map;

import app.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.URISupport;

/**
 * Sends {"workers":N} to SCALE_ACTUATOR_URI, any Camel endpoint: the default file
 * (file:$LOGS_DIR?fileName=workers.desired), an HTTP webhook (http://..., POSTed as JSON), ...
 * The adapter between the autoscaler and Camel; the decision logic never sees Camel types.
 */
public final class CamelActuator implements Actuator {
    private final CamelContext context;
    private final String uri;
    private volatile ProducerTemplate template;

    public CamelActuator(CamelContext context, String uri) {
        this.context = context;
        this.uri = uri;
    }

    @Override
    public void send(int workers) {
        Throwable failure;
        try {
            Exchange done = template().send(uri, ex -> {
                ex.getIn().setBody(Json.line(Map.of("workers", workers)));
                ex.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
                ex.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            });
            failure = done.getException();
        } catch (RuntimeException e) {
            // an endpoint that cannot even be created (unknown scheme, bad option)
            failure = e;
        }
        if (failure != null) {
            throw new ActuatorException(describe() + " did not accept {\"workers\":" + workers + "}: " + reason(failure));
        }
    }

    @Override
    public String describe() {
        return withoutQueries(URISupport.sanitizeUri(uri));
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }

    /** The innermost message, with the query part of any URL cut (webhook tokens live there). */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return withoutQueries(message.split("\n")[0]);
    }

    private static String withoutQueries(String text) {
        return text.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://[^\\s?]*)\\?\\S*", "$1?...");
    }
}
