package slo;

import base.ApiProblem;
import base.ApiReply;
import base.ComputedReply;
import com.fasterxml.jackson.databind.JsonNode;

/** The SLO's HTTP answers: GET /api/slo/budget and POST /api/slo/rebaseline. */
public final class SloApi {
    private final SloBudget budget;
    /** The budget's answer, serialised once per result read from the shared state: the GET is the dashboard's and the deploy gate's poll. */
    private final ComputedReply<JsonNode> latest = new ComputedReply<>(ApiReply::data);

    public SloApi(SloBudget budget) {
        this.budget = budget;
    }

    /** The last budget computed by any replica; the timer computes it, a request never does. */
    public ApiReply budget() {
        return latest.of(budget.shared().orElseThrow(() -> new ApiProblem(503,
                "the first SLO run has not finished yet; retry in a few seconds")));
    }

    /** Answers with a budget the route has just computed (refresh, rebaseline). */
    public ApiReply computed(SloRun run) {
        return ApiReply.data(run.report());
    }
}
