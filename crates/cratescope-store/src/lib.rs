//! Evaluation history store for cratescope: SQLite and PostgreSQL.
