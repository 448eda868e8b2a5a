-- Claims: several `update`s (or `serve` processes) on one store share a run.
-- A run is pre-populated with one 'pending' row per tracked crate; a worker
-- claims the next row atomically (status 'claimed', claimed_by, claimed_at),
-- keeps its claim alive while it evaluates, and marks it 'done' or 'failed'.
-- claimed_at is unix MILLISECONDS: a failed row is retried only by an
-- invocation that started after the failure, and invocations a few
-- milliseconds apart must be told apart.
--
-- One open run per as_of day: older duplicate open runs (left by concurrent
-- `update`s before this migration) are closed, the newest is kept (it is the
-- one `update` resumed).
UPDATE update_runs SET finished_at = started_at
 WHERE finished_at IS NULL
   AND id NOT IN (SELECT MAX(id) FROM update_runs WHERE finished_at IS NULL GROUP BY as_of);
CREATE UNIQUE INDEX update_runs_one_open_per_day ON update_runs (as_of) WHERE finished_at IS NULL;

-- SQLite cannot drop NOT NULL from finished_at: rebuild the table.
CREATE TABLE update_items_v3 (
    run_id INTEGER NOT NULL REFERENCES update_runs (id) ON DELETE CASCADE,
    crate TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'claimed', 'done', 'failed')),
    evaluation_id INTEGER,
    error TEXT,
    finished_at INTEGER,
    claimed_by TEXT,
    claimed_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, crate)
);
INSERT INTO update_items_v3 (run_id, crate, status, evaluation_id, error, finished_at, claimed_by, claimed_at, attempts)
SELECT run_id, crate,
       CASE WHEN status = 'done' THEN 'done' ELSE 'failed' END,
       evaluation_id, error, finished_at, NULL, finished_at * 1000, 1
  FROM update_items;
DROP TABLE update_items;
ALTER TABLE update_items_v3 RENAME TO update_items;
CREATE INDEX update_items_by_status ON update_items (run_id, status);

-- Rows that could not be read back (a bad tier, date or JSON) are moved here
-- with the reason instead of failing `history` and `update` for that crate
-- forever.
CREATE TABLE quarantine (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    evaluation_id INTEGER NOT NULL,
    crate TEXT NOT NULL,
    reason TEXT NOT NULL,
    row_json TEXT NOT NULL,
    quarantined_at INTEGER NOT NULL
);
