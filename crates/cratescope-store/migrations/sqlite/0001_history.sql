-- Evaluation history (SQLite). Instants are INTEGER unix seconds, days are
-- TEXT 'YYYY-MM-DD' (sorts as dates); sqlx has no jiff support.
CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    crate TEXT NOT NULL,
    version TEXT NOT NULL,
    as_of TEXT NOT NULL,
    evaluated_at INTEGER NOT NULL,
    model_version TEXT NOT NULL,
    composite REAL,
    confidence REAL NOT NULL,
    tier TEXT NOT NULL,
    provisional INTEGER NOT NULL,
    backfill INTEGER NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    evaluation_json TEXT NOT NULL
);
CREATE INDEX evaluations_by_crate ON evaluations (crate, as_of, evaluated_at);

CREATE TABLE dimensions (
    evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    dimension TEXT NOT NULL,
    score REAL,
    confidence REAL NOT NULL,
    note TEXT,
    PRIMARY KEY (evaluation_id, dimension)
);

CREATE TABLE signals (
    evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    position INTEGER NOT NULL,
    signal TEXT NOT NULL,
    raw_json TEXT,
    unit TEXT,
    normalised REAL,
    weight REAL,
    evidence TEXT,
    source TEXT,
    fetched_at INTEGER,
    unavailable TEXT
);
CREATE INDEX signals_by_evaluation ON signals (evaluation_id);

CREATE TABLE tracked (
    crate TEXT PRIMARY KEY,
    added_at INTEGER NOT NULL
);

CREATE TABLE update_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    finished_at INTEGER
);

CREATE TABLE update_items (
    run_id INTEGER NOT NULL REFERENCES update_runs (id) ON DELETE CASCADE,
    crate TEXT NOT NULL,
    status TEXT NOT NULL,
    evaluation_id INTEGER,
    error TEXT,
    finished_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, crate)
);
