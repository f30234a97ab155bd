-- Static data per vessel, upserted from types 5, 19, 24 and AISStream static reports. Columns are null
-- until some message says otherwise; updated_at keeps a late, older message from overwriting newer data.
CREATE TABLE vessels (
    mmsi         integer PRIMARY KEY,
    name         text,
    callsign     text,
    imo          integer,
    ship_type    smallint,
    to_bow       smallint,
    to_stern     smallint,
    to_port      smallint,
    to_starboard smallint,
    destination  text,
    eta          timestamptz,
    draught      real,
    updated_at   timestamptz NOT NULL
);

CREATE INDEX vessels_name_idx ON vessels (name);
