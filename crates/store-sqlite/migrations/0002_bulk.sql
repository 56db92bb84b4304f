-- entrack embedded store, schema 2: built for programme-sized imports.
--  * Tenants get a local integer key (tenant_no) in arrival order; everything else refers to
--    it, so a big import appends to the end of each B-tree instead of scattering GUIDs.
--  * Service entitlements and status rows are WITHOUT ROWID tables clustered on their keys.
--  * Each service keeps a digest of its total and rows, so an unchanged re-import reads no rows.
--  * The pivot (service x L1 x L2) is kept as a table, updated with every write.
--  * Services and tenants taken away by an undo are marked removed; their versions go on.
--  * Import batches are recorded with the range of events they wrote.

CREATE TABLE tenants2 (
    tenant_no   INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL UNIQUE,
    tenant_name TEXT NOT NULL,
    removed     INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
) STRICT;
INSERT INTO tenants2 (tenant_id, tenant_name) SELECT tenant_id, tenant_name FROM tenants ORDER BY rowid;

CREATE TABLE services2 (
    tenant_no             INTEGER NOT NULL REFERENCES tenants2 (tenant_no),
    service               TEXT NOT NULL,
    total_entitlements    INTEGER NOT NULL CHECK (total_entitlements >= 0),
    scenario              TEXT,
    engagement_scenario   TEXT NOT NULL,
    service_status        TEXT,
    engagement_start_date TEXT,
    review                TEXT,
    version               INTEGER NOT NULL CHECK (version >= 1),
    digest                BLOB,
    removed               INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    PRIMARY KEY (tenant_no, service)
) STRICT, WITHOUT ROWID;
INSERT INTO services2 (tenant_no, service, total_entitlements, scenario, engagement_scenario,
                       service_status, engagement_start_date, version)
SELECT t.tenant_no, s.service, s.total_entitlements, s.scenario, s.engagement_scenario,
       s.service_status, s.engagement_start_date, s.version
FROM service_entitlements s JOIN tenants2 t ON t.tenant_id = s.tenant_id;

CREATE TABLE rows2 (
    tenant_no        INTEGER NOT NULL,
    service          TEXT NOT NULL,
    l1               TEXT NOT NULL,
    l2               TEXT NOT NULL DEFAULT '',
    l3               TEXT NOT NULL DEFAULT '',
    entitlements     INTEGER NOT NULL CHECK (entitlements >= 0),
    target_date      TEXT,
    owner            TEXT,
    note             TEXT,
    next_action      TEXT,
    next_action_date TEXT,
    PRIMARY KEY (tenant_no, service, l1, l2, l3),
    FOREIGN KEY (tenant_no, service) REFERENCES services2 (tenant_no, service)
) STRICT, WITHOUT ROWID;
INSERT INTO rows2
SELECT t.tenant_no, r.service, r.l1, r.l2, r.l3, r.entitlements, r.target_date, r.owner, r.note,
       r.next_action, r.next_action_date
FROM status_rows r JOIN tenants2 t ON t.tenant_id = r.tenant_id;

CREATE TABLE pivot (
    service      TEXT NOT NULL,
    l1           TEXT NOT NULL,
    l2           TEXT NOT NULL,
    rows         INTEGER NOT NULL CHECK (rows >= 0),
    entitlements INTEGER NOT NULL CHECK (entitlements >= 0),
    PRIMARY KEY (service, l1, l2)
) STRICT, WITHOUT ROWID;
INSERT INTO pivot SELECT service, l1, l2, COUNT(*), SUM(entitlements) FROM rows2 GROUP BY service, l1, l2;

CREATE TABLE events2 (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    source    TEXT NOT NULL,
    tenant_no INTEGER NOT NULL REFERENCES tenants2 (tenant_no),
    service   TEXT,
    kind      TEXT NOT NULL,
    version   INTEGER NOT NULL,
    changes   TEXT NOT NULL,
    batch     TEXT
) STRICT;
INSERT INTO events2 (seq, at, actor, source, tenant_no, service, kind, version, changes, batch)
SELECT e.seq, e.at, e.actor, e.source, t.tenant_no, e.service, e.kind, e.version, e.changes, e.batch
FROM events e JOIN tenants2 t ON t.tenant_id = e.tenant_id ORDER BY e.seq;

CREATE TABLE batches (
    batch     TEXT PRIMARY KEY NOT NULL,
    kind      TEXT NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    file      TEXT,
    undoes    TEXT REFERENCES batches (batch),
    first_seq INTEGER,
    last_seq  INTEGER,
    summary   TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX batches_undone_once ON batches (undoes) WHERE undoes IS NOT NULL;

DROP TABLE events;
DROP TABLE status_rows;
DROP TABLE service_entitlements;
DROP TABLE tenants;
ALTER TABLE tenants2 RENAME TO tenants;
ALTER TABLE services2 RENAME TO services;
ALTER TABLE rows2 RENAME TO status_rows;
ALTER TABLE events2 RENAME TO events;

CREATE INDEX tenants_by_name ON tenants (tenant_name COLLATE NOCASE, tenant_id);
CREATE UNIQUE INDEX events_by_service ON events (tenant_no, service, version);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be updated'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be deleted'); END;
