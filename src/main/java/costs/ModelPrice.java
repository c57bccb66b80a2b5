package costs;

import java.math.BigDecimal;

/** A model's price per 1000 tokens (MODEL_PRICES_JSON), used for events that carry tokens only. */
record ModelPrice(BigDecimal inputPer1k, BigDecimal outputPer1k) {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    long nanos(long inputTokens, long outputTokens) {
        BigDecimal usd = inputPer1k.multiply(BigDecimal.valueOf(inputTokens))
                .add(outputPer1k.multiply(BigDecimal.valueOf(outputTokens)))
                .divide(THOUSAND);
        return Money.nanos(usd);
    }
}
