package scale;

import java.io.IOException;

import base.ApiProblem;
import base.ApiReply;
import base.ApiRequest;
import base.Json;
import com.fasterxml.jackson.databind.JsonNode;

/** The autoscaler's HTTP answers: GET /api/scale/status, POST /api/scale/apply, POST /api/scale/metrics. */
public final class ScaleApi {
    private final Autoscaler autoscaler;
    private final GaugeStore gauges;
    private final java.time.Clock clock;

    public ScaleApi(Autoscaler autoscaler, GaugeStore gauges, java.time.Clock clock) {
        this.autoscaler = autoscaler;
        this.gauges = gauges;
        this.clock = clock;
    }

    /** The last decision recorded by any replica; the timer computes it, a status request never does. */
    public ApiReply status() {
        return ApiReply.data(autoscaler.shared().orElseThrow(() -> new ApiProblem(503,
                "the first autoscale decision has not been made yet; retry in a few seconds")));
    }

    /** The answer to an apply: 502 with the decision when the actuator refused the change. */
    public ApiReply applied(ScaleRun run) {
        if (!run.actuatorFailed()) {
            return ApiReply.data(run.data());
        }
        return ApiReply.errorWith(502, run.actuatorError(), new Decision(run.data()));
    }

    /** Takes a queue gauge {"ts","queue_depth","workers"}; the next decision uses it. */
    public ApiReply metrics(ApiRequest request) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not valid JSON; send {\"ts\":\"2025-10-20T18:00:00Z\",\"queue_depth\":12,\"workers\":2}");
        }
        QueueGauge gauge;
        long now = clock.millis();
        try {
            gauge = QueueGauge.parse(node, now, now);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        gauges.record(gauge);
        return ApiReply.okWith(new GaugeTaken(gauge.toJson(), gauges.file().toString()));
    }

    private record Decision(ScaleReport data) {
    }

    private record GaugeTaken(QueueGauge.Wire gauge, String file) {
    }
}
