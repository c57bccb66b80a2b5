package costs;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import base.ApiProblem;
import base.ApiReply;
import base.ApiRequest;
import base.ComputedReply;
import base.Excerpt;
import base.Json;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

/** The cost HTTP answers: status, allow, and set-cap (parsed here, stored by the guard). */
public final class CostsApi {
    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> CAP_FIELDS = Set.of("model", "cap_usd");
    private static final String CAP_USAGE = "send {\"cap_usd\":N} for the daily cap or {\"model\":\"gpt-4o\",\"cap_usd\":N}"
            + " for a model, N a number of USD greater than 0 (null removes a model's cap)";

    /** At most this many answers to allow are kept per table: the model name is the client's to choose. */
    static final int ALLOW_REPLIES_KEPT = 1024;

    private final CostGuard guard;
    private final ComputedReply<CostStatus> status = new ComputedReply<>(s -> ApiReply.data(s.data()));
    /** The allow answers serialised so far, for the table they were decided by; a new table starts afresh. */
    private volatile AllowReplies allowReplies = new AllowReplies(null);

    private record AllowReplies(AllowTable table, Map<String, ApiReply> normal, Map<String, ApiReply> admin) {
        AllowReplies(AllowTable table) {
            this(table, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    CostsApi(CostGuard guard) {
        this.guard = guard;
    }

    /** GET /api/costs/status: the last computed status; runs compute it, a request never does. */
    public ApiReply status() {
        return status.of(guard.latest());
    }

    /** GET /api/costs/allow?model=m[&priority=admin]: answered from the precomputed table. */
    public ApiReply allow(ApiRequest request) {
        String model = request.param("model");
        if (model == null || model.isBlank() || model.length() > CostSettings.MAX_MODEL_NAME) {
            throw ApiProblem.badRequest("missing or bad model; ask /api/costs/allow?model=gpt-4o (add &priority=admin for admin calls)");
        }
        String priority = request.param("priority");
        if (priority != null && !priority.isEmpty() && !priority.equals("admin") && !priority.equals("normal")) {
            throw ApiProblem.badRequest("priority must be admin or normal (or left out), not " + Excerpt.of(priority));
        }
        boolean admin = "admin".equals(priority);
        AllowTable table = guard.allowTable();
        AllowReplies kept = allowReplies;
        if (kept.table() != table) {
            kept = new AllowReplies(table);
            allowReplies = kept;
        }
        // the table is fixed between cost runs, so is each model's answer: serialised once per run
        Map<String, ApiReply> replies = admin ? kept.admin() : kept.normal();
        ApiReply reply = replies.get(model);
        if (reply == null) {
            reply = ApiReply.okWith(table.decide(model, admin));
            if (replies.size() < ALLOW_REPLIES_KEPT) {
                replies.put(model, reply);
            }
        }
        return reply;
    }

    /** POST /api/costs/set-cap: validates the body and stores the cap. */
    public CapChange setCap(ApiRequest request) {
        JsonNode body;
        try {
            body = READER.readTree(request.body());
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not valid JSON (" + String.valueOf(e.getMessage()).split("\n")[0] + "); " + CAP_USAGE);
        }
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object; " + CAP_USAGE);
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!CAP_FIELDS.contains(f)) {
                throw ApiProblem.badRequest("unknown field \"" + Excerpt.of(f) + "\"; " + CAP_USAGE);
            }
        });
        String model = model(body.get("model"));
        JsonNode cap = body.get("cap_usd");
        if (cap == null) {
            throw ApiProblem.badRequest("missing cap_usd; " + CAP_USAGE);
        }
        if (cap.isNull()) {
            if (model == null) {
                throw ApiProblem.badRequest("the daily cap cannot be removed, only changed; " + CAP_USAGE);
            }
            return guard.setCap(model, null);
        }
        if (!cap.isNumber() || cap.decimalValue().signum() <= 0 || cap.decimalValue().compareTo(UsageEventParser.MAX_COST_USD) > 0) {
            throw ApiProblem.badRequest("cap_usd must be a number of USD greater than 0 (at most " + UsageEventParser.MAX_COST_USD
                    + "), not " + cap + "; " + CAP_USAGE);
        }
        return guard.setCap(model, cap.decimalValue());
    }

    /** The answer to set-cap, once the status has been recomputed with the new cap. */
    public ApiReply capSet(CapChange change) {
        return ApiReply.okWith(new CapSetReply(change.model(), change.oldCap(), change.newCap(), guard.latest().data()));
    }

    private record CapSetReply(String model, BigDecimal oldCapUsd, BigDecimal capUsd, CostReport data) {
    }

    private static String model(JsonNode model) {
        if (model == null || model.isNull()) {
            return null;
        }
        if (!model.isTextual() || model.asText().isBlank() || model.asText().length() > CostSettings.MAX_MODEL_NAME) {
            throw ApiProblem.badRequest("model must be the model's name (1 to " + CostSettings.MAX_MODEL_NAME
                    + " characters); " + CAP_USAGE);
        }
        return model.asText();
    }
}
