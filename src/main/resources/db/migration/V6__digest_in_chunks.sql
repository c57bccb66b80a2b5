-- A digest run takes the queue in chunks, each its own short transaction (DigestQueue): entries are
-- found by the chunk that took them, and a run whose pages are in the outbox is recorded until its
-- taken entries are deleted, so that entries left by a replica that died mid-run are deleted (their
-- digest was queued) or put back (it was not), never listed twice.
CREATE INDEX incident_digest_taken ON incident_digest (taken_by);

CREATE TABLE incident_digest_runs (run VARCHAR(40) PRIMARY KEY, queued_at BIGINT NOT NULL);
