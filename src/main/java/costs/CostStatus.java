package costs;

/** One evaluation: the seed's data object, its level, why, and the allow answers it implies. */
record CostStatus(CostReport data, CostLevel level, String reason, String figures, AllowTable allow) {
}
