-- One row per live daemon on this database (cluster.ClusterMembers): a none-mode daemon refuses to
-- start beside another live one, and a replica refuses to join while a none-mode daemon is live.
CREATE TABLE cluster_members (
  node_id VARCHAR(255) PRIMARY KEY, mode VARCHAR(255) NOT NULL, role VARCHAR(16) NOT NULL,
  started_ms BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL);
