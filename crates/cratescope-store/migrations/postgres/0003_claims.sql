-- Claims: several `update`s (or `serve` processes) on one store share a run.
-- A run is pre-populated with one 'pending' row per tracked crate; a worker
-- claims the next row atomically (FOR UPDATE SKIP LOCKED), keeps its claim
-- alive while it evaluates, and marks it 'done' or 'failed'. claimed_at is
-- unix MILLISECONDS (see the SQLite migration).
--
-- One open run per as_of day: older duplicate open runs are closed, the
-- newest is kept.
UPDATE update_runs SET finished_at = started_at
 WHERE finished_at IS NULL
   AND id NOT IN (SELECT MAX(id) FROM update_runs WHERE finished_at IS NULL GROUP BY as_of);
CREATE UNIQUE INDEX update_runs_one_open_per_day ON update_runs (as_of) WHERE finished_at IS NULL;

ALTER TABLE update_items ALTER COLUMN finished_at DROP NOT NULL;
ALTER TABLE update_items ADD COLUMN claimed_by TEXT;
ALTER TABLE update_items ADD COLUMN claimed_at BIGINT;
ALTER TABLE update_items ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
UPDATE update_items SET status = 'failed' WHERE status <> 'done';
UPDATE update_items SET claimed_at = finished_at * 1000, attempts = 1;
ALTER TABLE update_items ADD CONSTRAINT update_items_status
    CHECK (status IN ('pending', 'claimed', 'done', 'failed'));
CREATE INDEX update_items_by_status ON update_items (run_id, status);

-- Rows that could not be read back are moved here with the reason.
CREATE TABLE quarantine (
    id BIGSERIAL PRIMARY KEY,
    evaluation_id BIGINT NOT NULL,
    crate TEXT NOT NULL,
    reason TEXT NOT NULL,
    row_json TEXT NOT NULL,
    quarantined_at BIGINT NOT NULL
);
