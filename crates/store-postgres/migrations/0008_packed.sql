-- entrack on PostgreSQL, schema 8: a service is one record, as in schema 8 of the
-- embedded store.
--  * A service is keyed by svc_key = tenant_no * 256 + service_no, where service_no is the
--    service's place in the catalogue (recorded in service_codes and checked on opening).
--    Its fields and status rows are packed into its state (the format of the embedded
--    store: entrack-store's packed module), each row with since when it has had its status.
--    What the tenant list filters on is kept beside it, one text per row: l1, l2, l3,
--    owner, next action date, target date, since and seats, separated by chr(31).
--    A big import sends one service record where it sent a record per row.
--  * Events name their tenant and service by the same key (a tenant's own events by
--    tenant_no * 256 + 255), and who, when, through which door and in which batch by a row
--    of event_meta: the many events of one commit share one. A service's (and a tenant's
--    own) events are chained newest to oldest: the record names its last event (last_seq),
--    each event the one before it (prev_seq); history is read along the chain.
--  * An event that creates a service (none stored, or a removed one) keeps no copy of its
--    changes while the service still has the state it created: changes is NULL, digest
--    holds the state's digest and the record is open. Before the service is written
--    again, that state is kept in event_states.
--  * Services and events refer to their tenant by key instead of a foreign key, and
--    tenants to their organisation without one (a check per row would cost a big import
--    more than its rows); tenants and organisations are never deleted (removal is a flag),
--    by trigger, and every write resolves its tenant and organisation in the same
--    transaction.
--  * status_rows goes; the pivot stays as it is.
-- Between the two halves, the migration's code numbers the services, packs each service's
-- rows into its record and copies the events.

CREATE TABLE service_codes (
    service_no integer PRIMARY KEY CHECK (service_no BETWEEN 0 AND 254),
    code       text NOT NULL UNIQUE
);

CREATE TABLE event_meta (
    meta_no bigserial PRIMARY KEY,
    at      bigint NOT NULL,
    actor   text NOT NULL,
    source  text NOT NULL,
    batch   text
);

CREATE TABLE services8 (
    svc_key     bigint PRIMARY KEY,
    version     bigint NOT NULL CHECK (version >= 1),
    removed     boolean NOT NULL DEFAULT false,
    open        boolean NOT NULL DEFAULT false,
    last_seq    bigint,
    digest      bytea,
    file_digest bytea,
    state       bytea NOT NULL,
    filter      text[] NOT NULL
);

CREATE TABLE events8 (
    seq      bigint PRIMARY KEY,
    svc_key  bigint NOT NULL,
    version  bigint NOT NULL,
    kind     text NOT NULL,
    meta_no  bigint NOT NULL,
    prev_seq bigint,
    changes  text,
    digest   bytea,
    CHECK ((changes IS NULL) = (digest IS NOT NULL)),
    CHECK (prev_seq < seq)
);

ALTER TABLE tenants ADD COLUMN last_seq bigint;

-- @step

-- The events, their who/when shared, each chained to the one before it of its service (or
-- of its tenant's own).
INSERT INTO event_meta (at, actor, source, batch)
SELECT at, actor, source, batch FROM events GROUP BY at, actor, source, batch ORDER BY min(seq);
INSERT INTO events8 (seq, svc_key, version, kind, meta_no, prev_seq, changes)
SELECT e.seq, e.tenant_no * 256 + COALESCE(c.service_no, 255), e.version, e.kind, m.meta_no,
       lag(e.seq) OVER (PARTITION BY e.tenant_no, e.service ORDER BY e.seq), e.changes
FROM events e
LEFT JOIN service_codes c ON c.code = e.service
JOIN event_meta m ON m.at = e.at AND m.actor = e.actor AND m.source = e.source
                 AND m.batch IS NOT DISTINCT FROM e.batch;
UPDATE services8 s SET last_seq = l.seq
FROM (SELECT svc_key, max(seq) AS seq FROM events8 GROUP BY svc_key) l
WHERE s.svc_key = l.svc_key;
UPDATE tenants t SET last_seq = l.seq
FROM (SELECT svc_key >> 8 AS no, max(seq) AS seq FROM events8 WHERE svc_key & 255 = 255 GROUP BY 1) l
WHERE t.tenant_no = l.no;

DROP TABLE status_rows;
DROP TABLE services;
DROP TABLE events;
ALTER TABLE services8 RENAME TO services;
ALTER TABLE services RENAME CONSTRAINT services8_pkey TO services_pkey;
ALTER TABLE events8 RENAME TO events;
ALTER TABLE events RENAME CONSTRAINT events8_pkey TO events_pkey;

-- The planner needs little of a service record: how keys spread and how many are removed.
-- A small sample tells that, and renewing it after a big import then reads a few thousand
-- rows instead of most of the table.
ALTER TABLE services ALTER COLUMN svc_key SET STATISTICS 10,
                     ALTER COLUMN removed SET STATISTICS 10;

CREATE SEQUENCE events_seq OWNED BY events.seq;
SELECT setval('events_seq', (SELECT COALESCE(MAX(seq), 0) + 1 FROM events), false);

CREATE TABLE event_states (
    seq   bigint PRIMARY KEY,
    state bytea NOT NULL
);

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION entrack_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION entrack_append_only();
CREATE TRIGGER event_meta_append_only BEFORE UPDATE OR DELETE ON event_meta
    FOR EACH ROW EXECUTE FUNCTION entrack_append_only();
CREATE TRIGGER event_meta_no_truncate BEFORE TRUNCATE ON event_meta
    FOR EACH STATEMENT EXECUTE FUNCTION entrack_append_only();
CREATE TRIGGER event_states_append_only BEFORE UPDATE OR DELETE ON event_states
    FOR EACH ROW EXECUTE FUNCTION entrack_append_only();
CREATE TRIGGER event_states_no_truncate BEFORE TRUNCATE ON event_states
    FOR EACH STATEMENT EXECUTE FUNCTION entrack_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON events, event_meta, event_states FROM PUBLIC;

-- Tenant ids compare byte-wise, as every query that orders by them already asks: their
-- unique index then compares bytes instead of calling the collation for each of a big
-- import's tenants. (The search key is made from the id; it goes while the id's type
-- changes and comes back the same.)
ALTER TABLE tenants DROP COLUMN search_key;
ALTER TABLE tenants ALTER COLUMN tenant_id TYPE text COLLATE "C";
ALTER TABLE tenants ADD COLUMN search_key text COLLATE "C"
    GENERATED ALWAYS AS (lower(tenant_name) || chr(31) || lower(tenant_id)) STORED;

-- Tenants sort by their search key (lower-cased name, chr(31), id: the order of name then
-- id, byte-wise), kept once per tenant, instead of indexes that lower-case the name again
-- for each of them. Every list the server shows is one organisation's: the tenants of
-- one organisation by search key have an index; by id, the unique index on the id (now
-- byte-wise) gives the order, the organisation a filter. The command line's list of every
-- organisation's tenants sorts them. Each index a tenant goes into costs a big import
-- about a tenth of its tenants' time.
CREATE INDEX tenants_by_org_key ON tenants (org_id, search_key);
DROP INDEX tenants_by_org_c;
DROP INDEX tenants_by_name_c;
DROP INDEX tenants_by_org_id_c;

-- A tenant is taken away by a flag; its row stays, so every key that names it stays valid.
CREATE FUNCTION entrack_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% keeps its rows: they cannot be deleted', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER tenants_never_deleted BEFORE DELETE ON tenants
    FOR EACH ROW EXECUTE FUNCTION entrack_never_deleted();
CREATE TRIGGER tenants_no_truncate BEFORE TRUNCATE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION entrack_never_deleted();
-- Organisations are never deleted either: a tenant's organisation is checked once per
-- write instead of once per row by a foreign key.
CREATE TRIGGER organisations_never_deleted BEFORE DELETE ON organisations
    FOR EACH ROW EXECUTE FUNCTION entrack_never_deleted();
CREATE TRIGGER organisations_no_truncate BEFORE TRUNCATE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION entrack_never_deleted();
ALTER TABLE tenants DROP CONSTRAINT tenants_org_id_fkey;
