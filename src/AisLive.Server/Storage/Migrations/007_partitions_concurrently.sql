-- Two callers may create the same day's partition at once: the worker's first run and an explicit call, or two
-- cluster nodes starting together. Both see it missing; the second CREATE then fails with duplicate_table, which
-- (or, racing in the catalog, unique_violation) means the partition exists, the outcome both wanted.
CREATE OR REPLACE FUNCTION ensure_position_partitions(start_day date, days integer) RETURNS void
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
            EXCEPTION
                WHEN check_violation THEN
                    -- Rows for that day already sit in the default partition; they stay there.
                    RAISE NOTICE 'partition % skipped: default partition holds its rows', name;
                WHEN duplicate_table OR unique_violation THEN
                    NULL; -- created meanwhile by another caller
            END;
        END IF;
    END LOOP;
END $$;
