package costs;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

import base.Json;
import base.Timestamps;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Parses and validates one usage event: {"ts":"...","model":"gpt-4o","cost_usd":0.0123}, or with
 * input_tokens/output_tokens and no cost, priced with MODEL_PRICES_JSON. cost_usd wins when both
 * are present. Other fields are ignored. Numbers are read as decimals, so 0.1 stays 0.1.
 */
final class UsageEventParser {
    /** Sanity bounds: one call costing more than this, or this many tokens, is a broken event. */
    static final BigDecimal MAX_COST_USD = BigDecimal.valueOf(1_000_000);
    static final long MAX_TOKENS = 1_000_000_000_000L;
    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, ModelPrice> prices;

    UsageEventParser(Map<String, ModelPrice> prices) {
        this.prices = prices;
    }

    /** A parsed event, or the reason the line is not one. */
    record Parsed(UsageEvent event, String problem) {
        static Parsed problem(String why) {
            return new Parsed(null, why);
        }
    }

    Parsed parse(byte[] b, int off, int len) {
        JsonNode node;
        try {
            node = READER.readTree(b, off, len);
        } catch (IOException e) {
            return Parsed.problem("invalid JSON (" + String.valueOf(e.getMessage()).split("\n")[0] + ")");
        }
        return node != null && node.isObject() ? event(node) : Parsed.problem("not a JSON object");
    }

    private Parsed event(JsonNode e) {
        long ts = ts(e.get("ts"));
        if (ts < 0) {
            return Parsed.problem("missing or bad \"ts\" (ISO-8601 with zone, epoch seconds or epoch milliseconds)");
        }
        JsonNode model = e.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()
                || model.asText().length() > CostSettings.MAX_MODEL_NAME) {
            return Parsed.problem("missing or bad \"model\" (the model's name, 1 to " + CostSettings.MAX_MODEL_NAME + " characters)");
        }
        String name = model.asText();
        JsonNode cost = e.get("cost_usd");
        if (cost != null && !cost.isNull()) {
            if (!cost.isNumber() || cost.decimalValue().signum() < 0 || cost.decimalValue().compareTo(MAX_COST_USD) > 0) {
                return Parsed.problem("\"cost_usd\" must be a number of USD from 0 to " + MAX_COST_USD);
            }
            return new Parsed(new UsageEvent(ts, name, Money.nanos(cost.decimalValue())), null);
        }
        return priced(e, ts, name);
    }

    private Parsed priced(JsonNode e, long ts, String model) {
        JsonNode in = e.get("input_tokens");
        JsonNode out = e.get("output_tokens");
        if (absent(in) && absent(out)) {
            return Parsed.problem("no \"cost_usd\" and no \"input_tokens\"/\"output_tokens\"; send the call's cost in USD");
        }
        long inTokens = tokens(in);
        long outTokens = tokens(out);
        if (inTokens < 0 || outTokens < 0) {
            return Parsed.problem("\"input_tokens\" and \"output_tokens\" must be whole numbers from 0 to " + MAX_TOKENS);
        }
        ModelPrice price = prices.get(model);
        if (price == null) {
            return Parsed.problem("no \"cost_usd\" and no price for \"" + model
                    + "\" in MODEL_PRICES_JSON; send cost_usd or add the model's price per 1k tokens");
        }
        return new Parsed(new UsageEvent(ts, model, price.nanos(inTokens, outTokens)), null);
    }

    private static long ts(JsonNode ts) {
        if (ts == null) {
            return -1;
        }
        if (ts.isTextual()) {
            return Timestamps.fromIso(ts.asText());
        }
        return ts.isNumber() ? Timestamps.fromNumber(ts.doubleValue()) : -1;
    }

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull();
    }

    /** The token count, 0 when absent, -1 when unusable. */
    private static long tokens(JsonNode n) {
        if (absent(n)) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0 || n.asLong() > MAX_TOKENS) {
            return -1;
        }
        return n.asLong();
    }
}
