-- Positions, partitioned by day on ts. The primary key (mmsi, ts) makes a replayed batch a no-op
-- and doubles as the btree for a vessel's track. A default partition catches timestamps outside
-- the daily partitions created ahead of time, so no insert ever fails for want of a partition.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE positions (
    mmsi        integer          NOT NULL,
    ts          timestamptz      NOT NULL,
    received_at timestamptz      NOT NULL,
    geom        geometry(Point, 4326) NOT NULL,
    sog         real,
    cog         real,
    heading     smallint,
    nav_status  smallint,
    rot         smallint,
    msg_type    smallint         NOT NULL,
    PRIMARY KEY (mmsi, ts)
) PARTITION BY RANGE (ts);

CREATE INDEX positions_geom_idx ON positions USING gist (geom);

CREATE TABLE positions_default PARTITION OF positions DEFAULT;

-- Creates the daily partitions from start_day for the given number of days, if missing.
CREATE FUNCTION ensure_position_partitions(start_day date, days integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    d date;
    name text;
BEGIN
    FOR i IN 0 .. days - 1 LOOP
        d := start_day + i;
        name := format('positions_%s', to_char(d, 'YYYYMMDD'));
        IF to_regclass(name) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF positions FOR VALUES FROM (%L) TO (%L)',
                               name, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
            EXCEPTION WHEN check_violation THEN
                -- Rows for that day already sit in the default partition; they stay there.
                RAISE NOTICE 'partition % skipped: default partition holds its rows', name;
            END;
        END IF;
    END LOOP;
END $$;
