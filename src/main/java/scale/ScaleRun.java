package scale;

/**
 * One recorded decision: the seed's data object, and, when an apply failed at the actuator,
 * why (the count then stays as it was).
 */
public record ScaleRun(ScaleReport data, String actuatorError) {
    public boolean actuatorFailed() {
        return actuatorError != null;
    }
}
