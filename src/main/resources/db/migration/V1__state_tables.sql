-- The state database as the releases before versioned migrations created it, table by table.
-- IF NOT EXISTS because such a database is baselined at version 0 and then runs this script over
-- the tables it already has; a column those releases added in place is added by V2 when missing.
-- Portable SQL: SQLite (single node) and PostgreSQL (cluster mode) run the same script.
-- Rule for every later script: add, never drop or rename in the same release, so that the
-- previous version keeps running beside this one during a rolling upgrade.

CREATE TABLE IF NOT EXISTS incident_raises (
  ts BIGINT NOT NULL, severity VARCHAR(16) NOT NULL, source VARCHAR(1000) NOT NULL,
  fingerprint VARCHAR(16) NOT NULL, msg VARCHAR(400) NOT NULL, suppressed INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS incident_raises_ts ON incident_raises (ts);

CREATE TABLE IF NOT EXISTS incident_dedup (fingerprint VARCHAR(16) PRIMARY KEY, paged_at BIGINT NOT NULL);

CREATE TABLE IF NOT EXISTS incident_outbox (
  id VARCHAR(40) PRIMARY KEY, channel VARCHAR(16) NOT NULL, kind VARCHAR(16) NOT NULL,
  fingerprint VARCHAR(16), subject VARCHAR(1000) NOT NULL, text VARCHAR(20000) NOT NULL,
  created_at BIGINT NOT NULL, attempts INTEGER NOT NULL, failed_attempts INTEGER NOT NULL,
  delivered_at BIGINT, last_error VARCHAR(1000), refused_at BIGINT);
CREATE INDEX IF NOT EXISTS incident_outbox_pending ON incident_outbox (delivered_at, created_at);

CREATE TABLE IF NOT EXISTS incident_digest (
  id VARCHAR(40) PRIMARY KEY, ts BIGINT NOT NULL, severity VARCHAR(16) NOT NULL,
  source VARCHAR(1000) NOT NULL, msg VARCHAR(20000) NOT NULL, fingerprint VARCHAR(16) NOT NULL);

CREATE TABLE IF NOT EXISTS cost_usage_minutes (
  model VARCHAR(200) NOT NULL, bucket_start BIGINT NOT NULL, nano_usd BIGINT NOT NULL, events BIGINT NOT NULL,
  PRIMARY KEY (model, bucket_start));
CREATE INDEX IF NOT EXISTS cost_usage_minutes_start ON cost_usage_minutes (bucket_start);

CREATE TABLE IF NOT EXISTS cost_caps (scope VARCHAR(210) PRIMARY KEY, cap_usd VARCHAR(64), updated_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_state (id INTEGER PRIMARY KEY, paged_level VARCHAR(16) NOT NULL);

CREATE TABLE IF NOT EXISTS scale_state (id INTEGER PRIMARY KEY, current_workers INTEGER NOT NULL, last_change_ms BIGINT);
CREATE TABLE IF NOT EXISTS scale_gauge (id INTEGER PRIMARY KEY, ts_ms BIGINT NOT NULL, queue_depth BIGINT NOT NULL, workers INTEGER);

CREATE TABLE IF NOT EXISTS request_minutes (
  bucket_start BIGINT PRIMARY KEY, total BIGINT NOT NULL, failures BIGINT NOT NULL, latency BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS request_hours (
  bucket_start BIGINT PRIMARY KEY, total BIGINT NOT NULL, failures BIGINT NOT NULL, latency BYTEA NOT NULL,
  minute_counts BYTEA NOT NULL);

CREATE TABLE IF NOT EXISTS read_positions (
  input VARCHAR(64) PRIMARY KEY, file_key VARCHAR(256) NOT NULL, head_hash BIGINT NOT NULL,
  head_length INTEGER NOT NULL, byte_offset BIGINT NOT NULL, skipped_lines BIGINT NOT NULL DEFAULT 0);

CREATE TABLE IF NOT EXISTS slo_state (
  id INTEGER PRIMARY KEY, baseline_ms BIGINT, critical_since_ms BIGINT, gate_since_ms BIGINT,
  gate_burn_pct DOUBLE PRECISION);

CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY);
