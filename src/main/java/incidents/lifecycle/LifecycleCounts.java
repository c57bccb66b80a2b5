package incidents.lifecycle;

/**
 * The lifecycle figures of the 24 h summary.
 *
 * @param open                 incidents open now
 * @param acknowledged         incidents acknowledged and not resolved now
 * @param resolved             incidents resolved within the window
 * @param escalations          incidents escalated within the window
 * @param silencedRaises       raises a silence kept from paging, of incidents raised within the window
 * @param meanTimeToAckSeconds mean time from first raise to acknowledgement, of those acknowledged in the window
 * @param meanTimeToResolveSeconds mean time from first raise to resolution, of those resolved in the window
 */
public record LifecycleCounts(long open, long acknowledged, long resolved, long escalations, long silencedRaises,
                              Long meanTimeToAckSeconds, Long meanTimeToResolveSeconds) {
}
