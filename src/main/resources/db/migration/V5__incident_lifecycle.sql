-- The incident lifecycle (incidents.lifecycle): one row per incident, open -> acknowledged ->
-- resolved, with who moved it and when; at most one incident per fingerprint is not resolved.
CREATE TABLE incident_states (
  id VARCHAR(40) PRIMARY KEY, fingerprint VARCHAR(16) NOT NULL, severity VARCHAR(16) NOT NULL,
  source VARCHAR(1000) NOT NULL, msg VARCHAR(4000) NOT NULL, status VARCHAR(16) NOT NULL,
  raise_count BIGINT NOT NULL, silenced BIGINT NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL,
  pages BIGINT NOT NULL, paged_channels VARCHAR(400) NOT NULL,
  acknowledged_at BIGINT, acknowledged_by VARCHAR(200), resolved_at BIGINT, resolved_by VARCHAR(200),
  escalated_at BIGINT);
CREATE UNIQUE INDEX incident_states_active ON incident_states (fingerprint) WHERE status <> 'resolved';
CREATE INDEX incident_states_seen ON incident_states (last_seen);

-- Silences (Alertmanager's model): matchers, a time window, who and why.
CREATE TABLE incident_silences (
  id VARCHAR(40) PRIMARY KEY, source VARCHAR(1000), severity VARCHAR(16), fingerprint VARCHAR(16),
  msg_regex VARCHAR(1000), starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL,
  comment VARCHAR(1000) NOT NULL, created_by VARCHAR(200) NOT NULL);
CREATE INDEX incident_silences_ends ON incident_silences (ends_at);
