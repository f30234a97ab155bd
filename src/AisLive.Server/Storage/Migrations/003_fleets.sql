-- Fleets: named sets of vessels with the people who watch them. Admins are global (from their token) and
-- are not listed as members; a member is an operator (acts on alerts, edits rules) or a viewer (reads).
CREATE TABLE fleets (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fleet_vessels (
    fleet_id bigint  NOT NULL REFERENCES fleets (id) ON DELETE CASCADE,
    mmsi     integer NOT NULL,
    PRIMARY KEY (fleet_id, mmsi)
);

CREATE INDEX fleet_vessels_mmsi_idx ON fleet_vessels (mmsi);

CREATE TABLE fleet_members (
    fleet_id bigint NOT NULL REFERENCES fleets (id) ON DELETE CASCADE,
    user_id  text   NOT NULL,
    role     text   NOT NULL CHECK (role IN ('operator', 'viewer')),
    PRIMARY KEY (fleet_id, user_id)
);

CREATE INDEX fleet_members_user_idx ON fleet_members (user_id);
