package incidents.camel;

import java.util.Map;

import base.ApiRequest;
import incidents.IncidentDesk;
import incidents.IncidentsApi;
import incidents.Raise;
import org.apache.camel.Processor;

/**
 * The fixed steps of the raise path as Processors, for {@code process: ref:} in incidents.camel.yaml:
 * a {@code bean:} step binds its method by reflection on every call (parameter expressions, result
 * handling), which the profile of the raise path showed at about a twentieth of its CPU. The routing
 * steps an operator edits (the pager's pageNow, addToDigest, pageOn) stay bean calls.
 */
public final class RaiseSteps {
    private RaiseSteps() {
    }

    /** POST /api/incidents/raise's body as the Map direct:incident-raise takes. */
    public static Processor fields(IncidentsApi api) {
        return exchange -> exchange.getMessage().setBody(api.fields(exchange.getMessage().getMandatoryBody(ApiRequest.class)));
    }

    /** The raise's outcome as the API's answer. */
    @SuppressWarnings("unchecked") // direct:incident-raise answers its outcome as a Map with string keys
    public static Processor raised(IncidentsApi api) {
        return exchange -> exchange.getMessage().setBody(api.raised(exchange.getMessage().getMandatoryBody(Map.class)));
    }

    /** {"severity","msg","source"} -> a validated, fingerprinted {@link Raise}. */
    public static Processor accept(IncidentDesk desk) {
        return exchange -> exchange.getMessage().setBody(desk.accept(exchange.getMessage().getMandatoryBody(Map.class)));
    }

    /** Records the routed raise; its outcome becomes the body ({@link RecordStep}: without a parked thread on the event loop). */
    public static Processor record(IncidentDesk desk) {
        return new RecordStep(desk);
    }
}
