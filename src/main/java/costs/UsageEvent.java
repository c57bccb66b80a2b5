package costs;

/** One LLM call's cost, as parsed: when, which model, how much (nano-dollars). */
record UsageEvent(long epochMillis, String model, long nanos) {
}
