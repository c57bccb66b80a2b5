package costs;

import java.util.Map;

/** One evaluation: the seed's data object, its level, why, and the allow answers it implies. */
record CostStatus(Map<String, Object> data, CostLevel level, String reason, String figures, AllowTable allow) {
}
