-- Behaviour between ships and places (SPEC 9.3).
-- Places: ports, anchorages, terminals, canals. Their areas are what the port-call, encounter and loitering rules test
-- against; a change to them raises the rules' revision, since every node reloads places with its rules.
CREATE TABLE places (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('port', 'anchorage', 'terminal', 'canal', 'other')),
    unlocode    text,
    area        geometry(Geometry, 4326) NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX places_area_idx ON places USING gist (area);

CREATE TRIGGER places_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON places
    FOR EACH STATEMENT EXECUTE FUNCTION raise_config_revision('rules');

-- Every port call of a watched vessel, alerted or not: arrival, and departure once it left. One row per call (the
-- arrival time is the key, so a call replayed after a restart is written once).
CREATE TABLE port_calls (
    mmsi         integer     NOT NULL,
    place_id     bigint      NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    arrived_at   timestamptz NOT NULL,
    departed_at  timestamptz,
    arrival_lat  double precision,
    arrival_lon  double precision,
    PRIMARY KEY (mmsi, place_id, arrived_at)
);
CREATE INDEX port_calls_vessel_idx ON port_calls (mmsi, arrived_at DESC);
CREATE INDEX port_calls_place_idx ON port_calls (place_id, arrived_at DESC);

-- Evidence on every alert (the thresholds that applied and the fixes that raised it), and the other vessel of an
-- encounter. One open alert per rule, vessel and other vessel: a ship may meet two others at once.
ALTER TABLE alerts ADD COLUMN evidence jsonb;
ALTER TABLE alerts ADD COLUMN other_mmsi integer;
ALTER TABLE alerts ADD COLUMN other_name text;
DROP INDEX IF EXISTS alerts_one_open_per_rule_vessel;
CREATE UNIQUE INDEX alerts_one_open_per_rule_vessel ON alerts (rule_id, mmsi, coalesce(other_mmsi, 0)) WHERE resolved_at IS NULL;

-- An open episode's evidence moving on (an encounter going on) is an event of its own on the alerts stream.
ALTER TABLE alert_events DROP CONSTRAINT alert_events_type_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_type_check
    CHECK (type IN ('alert', 'alert-acknowledged', 'alert-resolved', 'alert-escalated', 'alert-updated'));
