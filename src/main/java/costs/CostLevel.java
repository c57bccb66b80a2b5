package costs;

import java.math.BigDecimal;

/**
 * The seed's thresholds: under 90 % of a cap OK, from 90 % WARNING (alert administrators), from
 * 100 % CRITICAL (throttle AI calls and raise an incident). Compared exactly, never on rounded
 * figures.
 */
enum CostLevel {
    OK("NONE"), WARNING("ALERT"), CRITICAL("THROTTLE");

    private static final BigDecimal NINE = BigDecimal.valueOf(9);
    private static final BigDecimal TEN = BigDecimal.TEN;

    final String action;

    CostLevel(String action) {
        this.action = action;
    }

    static CostLevel of(long spentNanos, BigDecimal cap) {
        BigDecimal spent = Money.usd(spentNanos);
        if (spent.compareTo(cap) >= 0) {
            return CRITICAL;
        }
        return spent.multiply(TEN).compareTo(cap.multiply(NINE)) >= 0 ? WARNING : OK;
    }

    CostLevel worst(CostLevel other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    boolean above(CostLevel other) {
        return ordinal() > other.ordinal();
    }
}
