-- Several replicas on one database (cluster mode): leases on outbox pages and digest entries,
-- read positions per replica and file, versions that tell a replica another one wrote, the latest
-- computed results every replica answers from, and the SLO history chart in the database.

ALTER TABLE incident_outbox ADD COLUMN claimed_by VARCHAR(200);
ALTER TABLE incident_outbox ADD COLUMN claimed_until BIGINT;

ALTER TABLE incident_digest ADD COLUMN held_by VARCHAR(200);
ALTER TABLE incident_digest ADD COLUMN held_until BIGINT;
ALTER TABLE incident_digest ADD COLUMN taken_by VARCHAR(40);

-- rows written before replicas shared the table have none: they count as the first replica's
ALTER TABLE incident_raises ADD COLUMN logged_by VARCHAR(200);

-- the state version (state_versions "requests") that last wrote the hour: other replicas reload newer hours
ALTER TABLE request_hours ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- read_positions (one row per kind of input) is kept: each replica adopts its old row once
CREATE TABLE input_positions (
  owner VARCHAR(200) NOT NULL, file_path VARCHAR(1000) NOT NULL, file_key VARCHAR(256) NOT NULL,
  head_hash BIGINT NOT NULL, head_length INTEGER NOT NULL, byte_offset BIGINT NOT NULL,
  skipped_lines BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (owner, file_path));

CREATE TABLE state_versions (name VARCHAR(64) PRIMARY KEY, version BIGINT NOT NULL);

CREATE TABLE latest_results (name VARCHAR(64) PRIMARY KEY, computed_at BIGINT NOT NULL, body TEXT NOT NULL);

CREATE TABLE slo_history (ts BIGINT NOT NULL, entry VARCHAR(2000) NOT NULL);
CREATE INDEX slo_history_ts ON slo_history (ts);
