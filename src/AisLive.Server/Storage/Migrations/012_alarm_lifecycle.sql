-- The alarm lifecycle of a control room (SPEC 9.4; IEC 62682 / ISA-18.2): an alert's state follows from its
-- condition (active or ended), its acknowledgement and its shelving. An episode that ends before anyone acknowledged
-- it is "returned-unacknowledged" and stays in the attention list until acknowledged.
ALTER TABLE alerts ADD COLUMN shelved_until timestamptz;
ALTER TABLE alerts ADD COLUMN shelved_by text;
ALTER TABLE alerts ADD COLUMN shelve_reason text;
ALTER TABLE alerts ADD COLUMN state text GENERATED ALWAYS AS (
    CASE
        WHEN shelved_until IS NOT NULL THEN 'shelved'
        WHEN resolved_at IS NULL AND acknowledged_by IS NULL THEN 'unacknowledged'
        WHEN resolved_at IS NULL THEN 'acknowledged'
        WHEN acknowledged_by IS NULL THEN 'returned-unacknowledged'
        ELSE 'closed'
    END) STORED;
CREATE INDEX alerts_state_idx ON alerts (state, raised_at DESC) WHERE state <> 'closed';

-- Shelving parks a known, expected alarm: that rule and vessel raise nothing notified until the shelf expires.
CREATE TABLE alert_shelves (
    rule_id    bigint      NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
    mmsi       integer     NOT NULL,
    until      timestamptz NOT NULL,
    shelved_by text        NOT NULL,
    reason     text        NOT NULL,
    shelved_at timestamptz NOT NULL,
    PRIMARY KEY (rule_id, mmsi)
);

-- A vessel out of service in a fleet (in dry dock, laid up) raises no alerts there until it returns.
CREATE TABLE vessel_out_of_service (
    fleet_id   bigint      NOT NULL REFERENCES fleets (id) ON DELETE CASCADE,
    mmsi       integer     NOT NULL,
    until      timestamptz,
    reason     text        NOT NULL,
    set_by     text        NOT NULL,
    set_at     timestamptz NOT NULL,
    PRIMARY KEY (fleet_id, mmsi)
);

ALTER TABLE alert_events DROP CONSTRAINT alert_events_type_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_type_check
    CHECK (type IN ('alert', 'alert-acknowledged', 'alert-resolved', 'alert-escalated', 'alert-updated',
                    'alert-returned', 'alert-shelved', 'alert-unshelved'));

-- A channel that was told of ends keeps being told of them: an end nobody acknowledged is now alert-returned.
UPDATE notification_channels SET events = events || ARRAY['alert-returned'] WHERE 'alert-resolved' = ANY(events);
