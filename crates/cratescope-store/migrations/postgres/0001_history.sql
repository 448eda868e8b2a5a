-- Evaluation history (PostgreSQL). Instants are BIGINT unix seconds, days are
-- TEXT 'YYYY-MM-DD' (sorts as dates); sqlx has no jiff support.
CREATE TABLE evaluations (
    id BIGSERIAL PRIMARY KEY,
    crate TEXT NOT NULL,
    version TEXT NOT NULL,
    as_of TEXT NOT NULL,
    evaluated_at BIGINT NOT NULL,
    model_version TEXT NOT NULL,
    composite DOUBLE PRECISION,
    confidence DOUBLE PRECISION NOT NULL,
    tier TEXT NOT NULL,
    provisional BOOLEAN NOT NULL,
    backfill BOOLEAN NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    evaluation_json TEXT NOT NULL
);
CREATE INDEX evaluations_by_crate ON evaluations (crate, as_of, evaluated_at);

CREATE TABLE dimensions (
    evaluation_id BIGINT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    dimension TEXT NOT NULL,
    score DOUBLE PRECISION,
    confidence DOUBLE PRECISION NOT NULL,
    note TEXT,
    PRIMARY KEY (evaluation_id, dimension)
);

CREATE TABLE signals (
    evaluation_id BIGINT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    position BIGINT NOT NULL,
    signal TEXT NOT NULL,
    raw_json TEXT,
    unit TEXT,
    normalised DOUBLE PRECISION,
    weight DOUBLE PRECISION,
    evidence TEXT,
    source TEXT,
    fetched_at BIGINT,
    unavailable TEXT
);
CREATE INDEX signals_by_evaluation ON signals (evaluation_id);

CREATE TABLE tracked (
    crate TEXT PRIMARY KEY,
    added_at BIGINT NOT NULL
);

CREATE TABLE update_runs (
    id BIGSERIAL PRIMARY KEY,
    started_at BIGINT NOT NULL,
    as_of TEXT NOT NULL,
    finished_at BIGINT
);

CREATE TABLE update_items (
    run_id BIGINT NOT NULL REFERENCES update_runs (id) ON DELETE CASCADE,
    crate TEXT NOT NULL,
    status TEXT NOT NULL,
    evaluation_id BIGINT,
    error TEXT,
    finished_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, crate)
);
