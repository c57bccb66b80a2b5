package scale;

import java.time.Instant;

/** What one decision looked at and decided: the persisted state, the count it started from, the metrics. */
record ScaleEvaluation(Instant now, ScaleStateRepository.State state, CurrentWorkers current, ScaleMetrics metrics,
                       ScaleDecision decision) {
}
