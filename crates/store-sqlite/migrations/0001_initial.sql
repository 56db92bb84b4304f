-- entrack embedded store, schema 1. Released migrations are never edited; add a new file.
CREATE TABLE tenants (
    tenant_id   TEXT PRIMARY KEY NOT NULL,
    tenant_name TEXT NOT NULL
) STRICT;
CREATE INDEX tenants_by_name ON tenants (tenant_name COLLATE NOCASE, tenant_id);

CREATE TABLE service_entitlements (
    tenant_id             TEXT NOT NULL REFERENCES tenants (tenant_id),
    service               TEXT NOT NULL,
    total_entitlements    INTEGER NOT NULL CHECK (total_entitlements >= 0),
    scenario              TEXT,
    engagement_scenario   TEXT NOT NULL,
    service_status        TEXT,
    engagement_start_date TEXT,
    version               INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (tenant_id, service)
) STRICT;

CREATE TABLE status_rows (
    tenant_id        TEXT NOT NULL,
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
    PRIMARY KEY (tenant_id, service, l1, l2, l3),
    FOREIGN KEY (tenant_id, service) REFERENCES service_entitlements (tenant_id, service)
) STRICT;
-- Covers the reporting pivot (service x L1 x L2) without touching the table.
CREATE INDEX status_rows_pivot ON status_rows (service, l1, l2, entitlements);

CREATE TABLE events (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    source    TEXT NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
    service   TEXT,
    kind      TEXT NOT NULL,
    version   INTEGER NOT NULL,
    changes   TEXT NOT NULL,
    batch     TEXT
) STRICT;
CREATE INDEX events_by_service ON events (tenant_id, service, seq);
CREATE UNIQUE INDEX events_one_per_version ON events (tenant_id, service, version) WHERE service IS NOT NULL;

-- History is append-only: nothing updates or deletes an event.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be updated'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'history is append-only: events cannot be deleted'); END;
