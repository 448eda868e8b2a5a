-- A dimension without a score only because its sources report just the
-- present (a backfilled past day): shown as "n/r", not as missing data.
ALTER TABLE dimensions ADD COLUMN not_reconstructible BOOLEAN NOT NULL DEFAULT FALSE;
-- Rows written before this column said so only in their note.
UPDATE dimensions SET not_reconstructible = TRUE
 WHERE score IS NULL AND note LIKE '%not reconstructible%';
