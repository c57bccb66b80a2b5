-- The dedup claim moves onto the incident's own row (incidents.lifecycle.IncidentStates): the raise's
-- count upsert also claims the page for INCIDENT_DEDUP_WINDOW_MIN, so a raise touches one row keyed by
-- fingerprint instead of two (incident_dedup's index page was a second random page written per raise).
-- paged_at: when the claim that pages was won; paged_by: the raise that won it. Claims in force on an
-- incident not resolved carry over; a resolved incident's claim was already forgotten. incident_dedup
-- stays for replicas of the previous release during a rolling upgrade (docs/operations.md) and is
-- dropped by a later release.
ALTER TABLE incident_states ADD COLUMN paged_at BIGINT;
ALTER TABLE incident_states ADD COLUMN paged_by VARCHAR(40);
UPDATE incident_states SET paged_at = (SELECT d.paged_at FROM incident_dedup d WHERE d.fingerprint = incident_states.fingerprint),
  paged_by = 'carried-over' WHERE status <> 'resolved';
UPDATE incident_states SET paged_by = NULL WHERE paged_at IS NULL;
