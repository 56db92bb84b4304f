-- entrack embedded store, schema 8: a service is one record.
--  * A service is keyed by svc_key = tenant_no * 256 + service_no, where service_no is the
--    service's place in the catalogue (recorded in service_codes and checked on opening);
--    tenant_no and service_no are computed from the key. Its fields and status rows are
--    packed into its state column (format in src/packed.rs), each row with since when it
--    has had its status. A big import appends one record per service.
--  * Events name their tenant and service by the same key (a tenant's own events by
--    tenant_no * 256 + 255), and who, when, through which door
--    and in which batch by a row of event_meta: the many events of one commit share one.
--    A service's (and a tenant's own) events are chained newest to oldest: the record
--    names its last event (last_seq), each event the one before it (prev_seq). History is
--    read along the chain, so an event is one append and no index entry.
--  * An event that creates a service (none stored, or a removed one) keeps no copy of its
--    changes while the service still has the state it created: changes is NULL, digest
--    holds the state's digest and the record is open (its last event is that one). Before
--    the service is written again, that state is kept in event_states; the event's changes
--    are the state itself (from nothing to every field it has).
--  * status_rows goes; the pivot stays as it is.
-- Between the two halves, the migration's code numbers the services, packs each service's
-- rows into its record and copies the events.

CREATE TABLE service_codes (
    service_no INTEGER PRIMARY KEY CHECK (service_no BETWEEN 0 AND 254),
    code       TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE event_meta (
    meta_no INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    source  TEXT NOT NULL,
    batch   TEXT
) STRICT;

CREATE TABLE services8 (
    svc_key     INTEGER PRIMARY KEY,
    tenant_no   INTEGER GENERATED ALWAYS AS (svc_key >> 8) VIRTUAL
                REFERENCES tenants (tenant_no),
    service_no  INTEGER GENERATED ALWAYS AS (svc_key & 255) VIRTUAL
                REFERENCES service_codes (service_no),
    version     INTEGER NOT NULL CHECK (version >= 1),
    removed     INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    open        INTEGER NOT NULL DEFAULT 0 CHECK (open IN (0, 1)),
    last_seq    INTEGER,
    digest      BLOB,
    file_digest BLOB,
    state       BLOB NOT NULL
) STRICT;

CREATE TABLE events8 (
    seq        INTEGER PRIMARY KEY,
    svc_key    INTEGER NOT NULL,
    tenant_no  INTEGER GENERATED ALWAYS AS (svc_key >> 8) VIRTUAL
               REFERENCES tenants (tenant_no),
    service_no INTEGER GENERATED ALWAYS AS (nullif(svc_key & 255, 255)) VIRTUAL
               REFERENCES service_codes (service_no),
    version    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    meta_no    INTEGER NOT NULL REFERENCES event_meta (meta_no),
    prev_seq   INTEGER,
    changes    TEXT,
    digest     BLOB,
    CHECK ((changes IS NULL) = (digest IS NOT NULL)),
    CHECK (prev_seq < seq)
) STRICT;

ALTER TABLE tenants ADD COLUMN last_seq INTEGER;

-- @step

DROP TABLE status_rows;
DROP TABLE services;
DROP TABLE events;
ALTER TABLE services8 RENAME TO services;
ALTER TABLE events8 RENAME TO events;

CREATE TABLE event_states (
    seq   INTEGER PRIMARY KEY REFERENCES events (seq),
    state BLOB NOT NULL
) STRICT;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be updated'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be deleted'); END;
CREATE TRIGGER event_meta_no_update BEFORE UPDATE ON event_meta
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be updated'); END;
CREATE TRIGGER event_meta_no_delete BEFORE DELETE ON event_meta
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be deleted'); END;
CREATE TRIGGER event_states_no_update BEFORE UPDATE ON event_states
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be updated'); END;
CREATE TRIGGER event_states_no_delete BEFORE DELETE ON event_states
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be deleted'); END;
