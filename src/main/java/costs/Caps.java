package costs;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The caps in force: the settings, overridden by caps set over HTTP (which win until changed
 * again over HTTP; a model cap removed over HTTP stays removed even if MODEL_CAPS_JSON has one).
 */
record Caps(BigDecimal daily, Map<String, BigDecimal> models) {

    static Caps of(CostSettings settings, Map<String, Optional<BigDecimal>> overrides) {
        BigDecimal daily = settings.dailyCap();
        Map<String, BigDecimal> models = new TreeMap<>(settings.modelCaps());
        for (Map.Entry<String, Optional<BigDecimal>> o : overrides.entrySet()) {
            String model = CapRepository.modelOf(o.getKey());
            if (model == null) {
                daily = o.getValue().orElse(daily);
            } else if (o.getValue().isPresent()) {
                models.put(model, o.getValue().get());
            } else {
                models.remove(model);
            }
        }
        return new Caps(daily, models);
    }

    /** The model's cap, or null when it has none. */
    BigDecimal of(String model) {
        return models.get(model);
    }
}
