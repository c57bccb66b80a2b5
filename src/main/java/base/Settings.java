package base;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.util.TimeUtils;

/**
 * Typed, validated access to the settings of application.properties, whose keys are the
 * environment variable names. Every accessor names the variable when its value is unusable.
 */
public final class Settings {
    private final Function<String, String> lookup;

    public Settings(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** Settings as the CamelContext resolves them (application.properties, env, overrides). */
    public static Settings of(org.apache.camel.CamelContext context) {
        org.apache.camel.spi.PropertiesComponent pc = context.getPropertiesComponent();
        return new Settings(key -> pc.resolveProperty(key).orElseGet(() -> literal(pc, key)));
    }

    /**
     * Camel's placeholder parser refuses a value that holds "}}" without "{{" (nested JSON such as
     * MODEL_PRICES_JSON={"gpt-4o":{"input_per_1k":0.0025}}) and resolves it to nothing. Such a
     * value is taken literally: an override as set, or the environment variable the property maps.
     */
    private static String literal(org.apache.camel.spi.PropertiesComponent pc, String key) {
        String raw = pc.loadProperties().getProperty(key);
        if (raw == null || !raw.contains("{{")) {
            return raw;
        }
        return raw.startsWith("{{env:" + key + ":") ? System.getenv(key) : null;
    }

    public Optional<String> optional(String name) {
        String v = lookup.apply(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String text(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public Path path(String name, Path fallback) {
        return optional(name).map(Path::of).orElse(fallback);
    }

    public int integer(String name, int min, int max) {
        String v = required(name);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new ConfigException(name, "'" + v + "' is out of range; use a whole number from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "'" + v + "' is not a whole number");
        }
    }

    public BigDecimal positiveDecimal(String name) {
        String v = required(name);
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.signum() <= 0) {
                throw new ConfigException(name, "'" + v + "' must be greater than 0");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "'" + v + "' is not a number");
        }
    }

    public double positiveDouble(String name) {
        return positiveDecimal(name).doubleValue();
    }

    public boolean bool(String name) {
        String v = required(name).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name, "'" + v + "' is not true or false");
        };
    }

    /** A Camel duration such as 2s, 15m, 1h or a number of milliseconds. */
    public Duration duration(String name) {
        String v = required(name);
        try {
            long ms = TimeUtils.toMilliSeconds(v);
            if (ms <= 0) {
                throw new ConfigException(name, "'" + v + "' must be longer than 0");
            }
            return Duration.ofMillis(ms);
        } catch (RuntimeException e) {
            if (e instanceof ConfigException) {
                throw e;
            }
            throw new ConfigException(name, "'" + v + "' is not a duration; write it like 30s, 15m or 1h");
        }
    }

    /**
     * A timeout people write as "30" as often as "30s": a whole number is seconds (not Camel's
     * milliseconds), anything else a Camel duration; from 1 s to 1 h.
     */
    public Duration secondsOrDuration(String name) {
        String v = required(name);
        Duration d = v.chars().allMatch(Character::isDigit) && v.length() <= 9 ? Duration.ofSeconds(Long.parseLong(v)) : duration(name);
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException(name, "'" + v + "' is out of range; use 1s to 1h (a whole number is seconds)");
        }
        return d;
    }

    /** A JSON object such as {"gpt-4o":15}. */
    public JsonNode jsonObject(String name) {
        String v = text(name, "{}");
        try {
            JsonNode node = Json.MAPPER.readTree(v);
            if (node == null || !node.isObject()) {
                throw new ConfigException(name, "must be a JSON object like {\"gpt-4o\":15}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name, "is empty; set a value or unset it to use the default"));
    }
}
