package base;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Display rounding: figures are computed at full precision and rounded only when shown. */
public final class Rounding {
    private Rounding() {
    }

    public static BigDecimal twoPlaces(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }
}
