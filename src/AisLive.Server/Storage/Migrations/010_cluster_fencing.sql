-- A cluster under faults (SPEC 13.1).
-- Fencing: the highest leadership term that has begun. A node that takes the feed registers its term here before it
-- evaluates anything; an alert transition of a lower term (a paused former leader waking up) is refused in the
-- transaction that would write it. One process never registers a term and is never refused.
CREATE TABLE leadership_term (
    id   integer PRIMARY KEY CHECK (id = 1),
    term bigint  NOT NULL
);
INSERT INTO leadership_term VALUES (1, 0);

-- Revisions of what every node holds in memory (fleets, rules): raised by every statement that writes them, so a node
-- that missed a change notice (cut off from NATS) sees the revision move and reloads.
CREATE TABLE config_revisions (
    name     text   PRIMARY KEY,
    revision bigint NOT NULL
);
INSERT INTO config_revisions VALUES ('fleets', 0), ('rules', 0);

CREATE FUNCTION raise_config_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE config_revisions SET revision = revision + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END
$$;

CREATE TRIGGER fleets_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fleets
    FOR EACH STATEMENT EXECUTE FUNCTION raise_config_revision('fleets');
CREATE TRIGGER fleet_vessels_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fleet_vessels
    FOR EACH STATEMENT EXECUTE FUNCTION raise_config_revision('fleets');
CREATE TRIGGER fleet_members_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fleet_members
    FOR EACH STATEMENT EXECUTE FUNCTION raise_config_revision('fleets');
CREATE TRIGGER alert_rules_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON alert_rules
    FOR EACH STATEMENT EXECUTE FUNCTION raise_config_revision('rules');
