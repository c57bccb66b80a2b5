package costs;

import java.math.BigDecimal;

/** A cap set over HTTP: which (model null = the global daily cap), before and after (null = none). */
public record CapChange(String model, BigDecimal oldCap, BigDecimal newCap) {
}
