package costs;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as whole nano-dollars (1e-9 USD) in a long: sums are exact integers, so the rolling 24 h
 * total never drifts however many events it holds ($9.2 billion fits). A nano-dollar is fine
 * enough that a token-priced event ($0.0000025 a token) is recorded without rounding. Figures are
 * rounded only for display.
 */
final class Money {
    static final int SCALE = 9;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Money() {
    }

    static long nanos(BigDecimal usd) {
        return usd.movePointRight(SCALE).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    static BigDecimal usd(long nanos) {
        return BigDecimal.valueOf(nanos, SCALE);
    }

    /** Dollars with two decimals, as the seed shows them (18.50). */
    static BigDecimal display(long nanos) {
        return usd(nanos).setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * spent / cap x 100, cut (not rounded) to two decimals so that a figure never shows a
     * threshold the level has not reached (89.996 shows 89.99, not 90.0); at least one decimal,
     * as the seed shows it (82.0).
     */
    static BigDecimal utilizationPct(long spentNanos, BigDecimal cap) {
        BigDecimal pct = usd(spentNanos).multiply(HUNDRED).divide(cap, 2, RoundingMode.DOWN).stripTrailingZeros();
        return pct.scale() < 1 ? pct.setScale(1) : pct;
    }
}
