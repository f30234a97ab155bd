-- Alert rules per fleet, the alerts they raise (one row per episode) and the durable, ordered event log
-- that the alerts stream replays from (its ids are alert_events.seq).
CREATE TABLE alert_rules (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fleet_id    bigint      NOT NULL REFERENCES fleets (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    kind        text        NOT NULL,
    severity    text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    parameters  jsonb       NOT NULL,
    recipients  text[],
    cooldown    interval    NOT NULL DEFAULT '0',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE alerts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id          bigint      NOT NULL,
    rule_name        text        NOT NULL,
    kind             text        NOT NULL,
    severity         text        NOT NULL,
    fleet_id         bigint      NOT NULL,
    mmsi             integer     NOT NULL,
    vessel_name      text,
    message          text        NOT NULL,
    lat              double precision,
    lon              double precision,
    value            double precision,
    threshold        double precision,
    evidence_at      timestamptz NOT NULL,
    raised_at        timestamptz NOT NULL,
    status           text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    recipients       text[]      NOT NULL,
    acknowledged_by  text,
    acknowledged_at  timestamptz,
    ack_note         text,
    resolved_at      timestamptz
);

CREATE INDEX alerts_open_idx ON alerts (rule_id, mmsi) WHERE resolved_at IS NULL;
CREATE INDEX alerts_status_idx ON alerts (status, raised_at DESC);

CREATE TABLE alert_events (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id   bigint      NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    type       text        NOT NULL CHECK (type IN ('alert', 'alert-acknowledged', 'alert-resolved')),
    payload    jsonb       NOT NULL,
    recipients text[]      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
