-- Delivery beyond the page (SPEC 9.2): escalation deadlines stored with each alert (a restart keeps them), webhook
-- channels per fleet, and the webhook outbox: one delivery per (channel, alert event), written in the transaction
-- that appends the event, with every attempt recorded.
ALTER TABLE alert_events DROP CONSTRAINT alert_events_type_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_type_check
    CHECK (type IN ('alert', 'alert-acknowledged', 'alert-resolved', 'alert-escalated'));

ALTER TABLE alert_rules ADD COLUMN escalation jsonb;

ALTER TABLE alerts
    ADD COLUMN escalate_at  timestamptz,
    ADD COLUMN escalate_to  text[],
    ADD COLUMN escalated_at timestamptz,
    ADD COLUMN escalated_to text[];
CREATE INDEX alerts_escalation_due_idx ON alerts (escalate_at) WHERE status = 'open' AND escalated_at IS NULL AND escalate_at IS NOT NULL;

CREATE TABLE notification_channels (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fleet_id        bigint      NOT NULL REFERENCES fleets (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('webhook')),
    url             text        NOT NULL,
    secret          text        NOT NULL, -- needed in clear to sign; readable only by whoever can read the database
    min_severity    text        NOT NULL CHECK (min_severity IN ('info', 'warning', 'critical')),
    events          text[]      NOT NULL,
    format          text        NOT NULL CHECK (format IN ('standard', 'chat')),
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    disabled_at     timestamptz,
    disabled_reason text
);

CREATE TABLE webhook_deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel_id      bigint      NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
    alert_id        bigint      NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    event_seq       bigint      NOT NULL REFERENCES alert_events (seq) ON DELETE CASCADE,
    event_type      text        NOT NULL,
    message_id      text        NOT NULL UNIQUE,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL, -- also the lease while an attempt is in flight: a crashed sender's claim lapses
    failure         text,                 -- why a failed delivery stopped (attempts used up, channel disabled)
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, event_seq)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_alert_idx ON webhook_deliveries (alert_id);

CREATE TABLE webhook_attempts (
    delivery_id bigint      NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    status      text        NOT NULL CHECK (status IN ('delivered', 'failed')),
    status_code integer,
    error       text,
    at          timestamptz NOT NULL,
    duration_ms integer     NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
