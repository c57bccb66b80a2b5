package scale;

import java.nio.file.Path;
import java.time.Duration;

import base.ConfigException;
import base.Settings;

/**
 * The autoscaler's settings: worker bounds, cooldown, the seed's thresholds, dry-run, the job
 * period (gauge staleness is measured in periods) and the actuator endpoint (shown in decisions;
 * route scale-actuator reads the same property).
 */
public record ScaleSettings(ScaleLimits limits, boolean dryRun, Duration interval, String actuatorUri) {

    public static ScaleSettings from(Settings s, Path logsDir) {
        int min = s.integer("SCALE_MIN", 1, 10_000);
        int max = s.integer("SCALE_MAX", 1, 10_000);
        if (max < min) {
            throw new ConfigException("SCALE_MAX", "'" + max + "' is below SCALE_MIN (" + min + "); set SCALE_MAX >= SCALE_MIN");
        }
        double p95High = s.positiveDouble("SCALE_P95_HIGH_MS");
        double p95Low = s.positiveDouble("SCALE_P95_LOW_MS");
        if (p95Low >= p95High) {
            throw new ConfigException("SCALE_P95_LOW_MS", "'" + p95Low + "' must be below SCALE_P95_HIGH_MS (" + p95High + ")");
        }
        double arrivalHigh = s.positiveDouble("SCALE_ARRIVAL_HIGH_PER_MIN");
        double arrivalLow = s.positiveDouble("SCALE_ARRIVAL_LOW_PER_MIN");
        if (arrivalLow >= arrivalHigh) {
            throw new ConfigException("SCALE_ARRIVAL_LOW_PER_MIN",
                    "'" + arrivalLow + "' must be below SCALE_ARRIVAL_HIGH_PER_MIN (" + arrivalHigh + ")");
        }
        ScaleLimits limits = new ScaleLimits(min, max, s.integer("SCALE_COOLDOWN_MIN", 0, 7 * 24 * 60),
                p95High, p95Low, arrivalHigh, arrivalLow);
        // application.properties defaults it to file:$LOGS_DIR?fileName=workers.desired; route scale-actuator sends there
        String actuator = s.optional("SCALE_ACTUATOR_URI").orElseThrow(() -> new ConfigException("SCALE_ACTUATOR_URI",
                "the value is empty; unset it to write " + logsDir.resolve("workers.desired") + ", or set a Camel endpoint URI"
                        + " such as https://scaler.example/workers"));
        return new ScaleSettings(limits, s.bool("SCALE_DRY_RUN"), s.duration("SCALE_INTERVAL"), actuator);
    }
}
