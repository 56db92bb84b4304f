-- entrack embedded store, schema 3: partner organisations, users and their access.
--  * Every tenant belongs to one organisation; the default organisation (1) holds the
--    tenants of a store made before organisations existed.
--  * The pivot is kept per organisation, so a scoped report reads only its own lines.
--  * Secrets are stored as hashes: Argon2id for passwords, BLAKE3 for session ids and
--    API tokens (random 256-bit values, where a fast hash is enough).
--  * Assignment changes are logged append-only.

CREATE TABLE organisations (
    org_id     INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
) STRICT;
INSERT INTO organisations (org_id, name, created_at)
VALUES (1, 'default', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- With foreign keys on, an added column cannot carry a REFERENCES clause and a default;
-- the store checks the organisation when it creates a tenant.
ALTER TABLE tenants ADD COLUMN org_id INTEGER NOT NULL DEFAULT 1;
CREATE INDEX tenants_by_org ON tenants (org_id, tenant_name COLLATE NOCASE, tenant_id);

CREATE TABLE pivot3 (
    org_id       INTEGER NOT NULL,
    service      TEXT NOT NULL,
    l1           TEXT NOT NULL,
    l2           TEXT NOT NULL,
    rows         INTEGER NOT NULL CHECK (rows >= 0),
    entitlements INTEGER NOT NULL CHECK (entitlements >= 0),
    PRIMARY KEY (org_id, service, l1, l2)
) STRICT, WITHOUT ROWID;
INSERT INTO pivot3 SELECT 1, service, l1, l2, rows, entitlements FROM pivot;
DROP TABLE pivot;
ALTER TABLE pivot3 RENAME TO pivot;

CREATE TABLE users (
    user_id       INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations (org_id),
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX users_by_org ON users (org_id, username);

CREATE TABLE sessions (
    session_hash BLOB PRIMARY KEY NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (user_id),
    csrf         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE api_tokens (
    token_id     INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (user_id),
    name         TEXT NOT NULL,
    token_hash   BLOB NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;

CREATE TABLE assignments (
    assignment_id INTEGER PRIMARY KEY,
    tenant_no     INTEGER NOT NULL REFERENCES tenants (tenant_no),
    user_id       INTEGER NOT NULL REFERENCES users (user_id),
    role          TEXT NOT NULL,
    service       TEXT NOT NULL DEFAULT '',
    is_primary    INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    assigned_by   TEXT NOT NULL,
    assigned_at   TEXT NOT NULL,
    UNIQUE (tenant_no, user_id, role, service)
) STRICT;
CREATE UNIQUE INDEX assignments_one_primary ON assignments (tenant_no, service, role) WHERE is_primary = 1;
CREATE INDEX assignments_by_user ON assignments (user_id, tenant_no);

CREATE TABLE assignment_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('assign', 'unassign')),
    tenant_no  INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    role       TEXT NOT NULL,
    service    TEXT NOT NULL,
    is_primary INTEGER NOT NULL
) STRICT;
CREATE TRIGGER assignment_log_no_update BEFORE UPDATE ON assignment_log
BEGIN SELECT RAISE(ABORT, 'the assignment log is append-only'); END;
CREATE TRIGGER assignment_log_no_delete BEFORE DELETE ON assignment_log
BEGIN SELECT RAISE(ABORT, 'the assignment log is append-only'); END;

CREATE TABLE idempotency (
    user_id      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    request_hash BLOB NOT NULL,
    status       INTEGER NOT NULL,
    body         BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
) STRICT, WITHOUT ROWID;
