-- Retention (SPEC 10): resolved alerts older than Alerts:RetentionDays go, with their events, deliveries and attempts
-- (ON DELETE CASCADE); attempts older than Webhooks:AttemptsRetentionDays go on their own. The log remembers how far
-- it was pruned, so a stream resuming from a pruned event is told so instead of silently missing it.
CREATE TABLE alert_log_horizon (
    id             integer PRIMARY KEY CHECK (id = 1),
    pruned_through bigint  NOT NULL
);
INSERT INTO alert_log_horizon VALUES (1, 0);

CREATE INDEX alerts_resolved_at_idx ON alerts (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX webhook_attempts_at_idx ON webhook_attempts (at);
