package scale;

import java.util.Map;

/**
 * One recorded decision: the seed's data object, and, when an apply failed at the actuator,
 * why (the count then stays as it was).
 */
public record ScaleRun(Map<String, Object> data, String actuatorError) {
    public boolean actuatorFailed() {
        return actuatorError != null;
    }
}
