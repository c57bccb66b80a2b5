package costs;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import base.ConfigException;
import base.Settings;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The cost settings, validated at start: the global daily cap, per-model caps, per-model token
 * prices and each model's cheaper fallback. A bad value stops start-up naming the variable.
 */
public record CostSettings(BigDecimal dailyCap, Map<String, BigDecimal> modelCaps, Map<String, ModelPrice> prices,
                           Map<String, String> fallbacks) {
    static final int MAX_MODEL_NAME = 200;
    static final String CAPS = "MODEL_CAPS_JSON";
    static final String PRICES = "MODEL_PRICES_JSON";
    static final String FALLBACKS = "MODEL_FALLBACKS_JSON";

    public static CostSettings from(Settings s) {
        return new CostSettings(s.positiveDecimal("COST_CAP_DAILY_USD"), caps(s.jsonObject(CAPS)),
                prices(s.jsonObject(PRICES)), fallbacks(s.jsonObject(FALLBACKS)));
    }

    private static Map<String, BigDecimal> caps(JsonNode json) {
        Map<String, BigDecimal> caps = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkName(CAPS, e.getKey());
            if (!e.getValue().isNumber() || e.getValue().decimalValue().signum() <= 0) {
                throw new ConfigException(CAPS, "the cap of \"" + e.getKey()
                        + "\" must be a number of USD greater than 0, like {\"gpt-4o\":15}");
            }
            caps.put(e.getKey(), e.getValue().decimalValue());
        }
        return Map.copyOf(caps);
    }

    private static Map<String, ModelPrice> prices(JsonNode json) {
        Map<String, ModelPrice> prices = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkName(PRICES, e.getKey());
            JsonNode p = e.getValue();
            String example = " like {\"gpt-4o\":{\"input_per_1k\":0.0025,\"output_per_1k\":0.01}}";
            if (!p.isObject()) {
                throw new ConfigException(PRICES, "the price of \"" + e.getKey() + "\" must be an object" + example);
            }
            p.fieldNames().forEachRemaining(f -> {
                if (!f.equals("input_per_1k") && !f.equals("output_per_1k")) {
                    throw new ConfigException(PRICES, "unknown field \"" + f + "\" in the price of \""
                            + e.getKey() + "\"; use input_per_1k and output_per_1k" + example);
                }
            });
            if (p.size() == 0) {
                throw new ConfigException(PRICES, "the price of \"" + e.getKey() + "\" is empty;" + example);
            }
            prices.put(e.getKey(), new ModelPrice(perK(e.getKey(), p, "input_per_1k"), perK(e.getKey(), p, "output_per_1k")));
        }
        return Map.copyOf(prices);
    }

    private static BigDecimal perK(String model, JsonNode price, String field) {
        JsonNode v = price.get(field);
        if (v == null || v.isNull()) {
            return BigDecimal.ZERO;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0) {
            throw new ConfigException(PRICES, field + " of \"" + model + "\" must be a number of USD, 0 or more");
        }
        return v.decimalValue();
    }

    private static Map<String, String> fallbacks(JsonNode json) {
        Map<String, String> fallbacks = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkName(FALLBACKS, e.getKey());
            JsonNode v = e.getValue();
            if (!v.isTextual() || v.asText().isBlank() || v.asText().equals(e.getKey())) {
                throw new ConfigException(FALLBACKS, "the fallback of \"" + e.getKey()
                        + "\" must be the name of another model, like {\"gpt-4o\":\"gpt-4o-mini\"}");
            }
            checkName(FALLBACKS, v.asText());
            fallbacks.put(e.getKey(), v.asText());
        }
        return Map.copyOf(fallbacks);
    }

    private static void checkName(String variable, String model) {
        if (model.isBlank() || model.length() > MAX_MODEL_NAME) {
            throw new ConfigException(variable, "model names must be 1 to " + MAX_MODEL_NAME + " characters");
        }
    }
}
