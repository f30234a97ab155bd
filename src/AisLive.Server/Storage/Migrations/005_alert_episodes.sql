-- At most one open alert per (rule, vessel), enforced by the database so that no bug, restart or replay can
-- open a second episode while one is open. Duplicates left by earlier versions are closed first, keeping
-- the newest open one (their resolution is administrative, so it writes no stream event).
UPDATE alerts AS older
SET status = 'resolved', resolved_at = now()
WHERE older.resolved_at IS NULL
  AND EXISTS (SELECT 1 FROM alerts AS newer
              WHERE newer.rule_id = older.rule_id AND newer.mmsi = older.mmsi
                AND newer.resolved_at IS NULL AND newer.id > older.id);

DROP INDEX IF EXISTS alerts_open_idx;
CREATE UNIQUE INDEX alerts_one_open_per_rule_vessel ON alerts (rule_id, mmsi) WHERE resolved_at IS NULL;

-- A raise older than the newest episode already stored for its (rule, vessel) is a replay (the evaluator
-- warms up from recent positions after a restart): this index makes that check one index probe.
CREATE INDEX alerts_rule_vessel_evidence_idx ON alerts (rule_id, mmsi, evidence_at DESC);
