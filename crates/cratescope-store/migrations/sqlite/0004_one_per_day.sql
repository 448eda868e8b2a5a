-- One stored evaluation per crate and day: a crate evaluated twice on one
-- as_of day (a server's on-demand evaluation and a scheduled `update`, two
-- updates) keeps the latest. Older duplicates are removed (their dimensions
-- and signals go with them), and the database keeps it so.
DELETE FROM evaluations
 WHERE id NOT IN (
   SELECT id FROM (
     SELECT id, ROW_NUMBER() OVER (PARTITION BY crate, as_of ORDER BY evaluated_at DESC, id DESC) AS rn
       FROM evaluations
   ) WHERE rn = 1
 );
CREATE UNIQUE INDEX evaluations_one_per_day ON evaluations (crate, as_of);
