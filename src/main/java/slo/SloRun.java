package slo;

import java.util.Map;

/** The result of one SLO run: the seed's data object and what the deploy gate did. */
public record SloRun(Map<String, Object> data, DeployGate.Change gateChange) {
    public boolean gateOpened() {
        return gateChange == DeployGate.Change.OPENED;
    }
}
