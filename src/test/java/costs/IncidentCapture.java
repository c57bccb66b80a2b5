package costs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.builder.RouteBuilder;

/**
 * Stands in for the pager's entry route (direct:incident-raise, built on another branch): records
 * every map it is sent, exactly as sent.
 */
final class IncidentCapture extends RouteBuilder {
    final List<Map<String, Object>> raised = new CopyOnWriteArrayList<>();

    @Override
    @SuppressWarnings("unchecked")
    public void configure() {
        from("direct:incident-raise").routeId("test-incident-capture")
                .process(e -> raised.add(new LinkedHashMap<>(e.getMessage().getMandatoryBody(Map.class))));
    }
}
