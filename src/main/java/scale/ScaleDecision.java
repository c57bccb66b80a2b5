package scale;

/**
 * One decision: the count now, the count wanted after the safety checks, and why.
 *
 * @param rule         the scaling rule that fired before clamp, cooldown and deploy gate
 * @param ruleDesired  the count that rule asked for, clamped to min..max
 * @param explanation  one sentence an operator can read
 */
public record ScaleDecision(int current, int desired, ScaleReason reason, ScaleReason rule, int ruleDesired,
                            long cooldownRemainingSec, boolean gateActive, String explanation) {

    public boolean changes() {
        return desired != current;
    }
}
