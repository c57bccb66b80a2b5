package costs;

import java.util.Map;

/**
 * The result of one cost run: the data object the route publishes, and the incident to hand to
 * the pager (null when the level did not rise since the last page).
 */
public record CostRun(CostReport data, Map<String, Object> incident) {
}
