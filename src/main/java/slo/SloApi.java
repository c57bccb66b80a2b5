package slo;

import base.ApiProblem;
import base.ApiReply;
import base.ComputedReply;

/** The SLO's HTTP answers: GET /api/slo/budget and POST /api/slo/rebaseline. */
public final class SloApi {
    private final SloBudget budget;
    /** The budget's answer, serialised once per run: the GET is the dashboard's and the deploy gate's poll. */
    private final ComputedReply<SloRun> latest = new ComputedReply<>(run -> ApiReply.data(run.report()));

    public SloApi(SloBudget budget) {
        this.budget = budget;
    }

    /** The last computed budget; the timer computes it, a request never does. */
    public ApiReply budget() {
        SloRun run = budget.latest();
        if (run == null) {
            throw new ApiProblem(503, "the first SLO run has not finished yet; retry in a few seconds");
        }
        return latest.of(run);
    }

    /** Answers with a budget the route has just computed (refresh, rebaseline). */
    public ApiReply computed(SloRun run) {
        return ApiReply.data(run.report());
    }
}
