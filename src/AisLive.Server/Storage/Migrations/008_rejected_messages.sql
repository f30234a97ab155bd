-- Bad input kept aside (SPEC 5.1): frames the pipeline would not believe (range checks, clocks off) and rows the
-- database refused for their content (SQLSTATE classes 22 and 23). `raw` is the frame as received, or for a refused
-- row the row as JSON; bytea, since a frame may hold what a text column cannot (a NUL).
CREATE TABLE rejected_messages (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rejected_at timestamptz NOT NULL,
    received_at timestamptz,
    source      text        NOT NULL,
    stage       text        NOT NULL CHECK (stage IN ('decode', 'validate', 'storage')),
    reason      text        NOT NULL,
    mmsi        integer,
    raw         bytea       NOT NULL
);
CREATE INDEX rejected_messages_rejected_at_idx ON rejected_messages (rejected_at);
