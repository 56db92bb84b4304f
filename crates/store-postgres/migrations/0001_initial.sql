-- entrack on PostgreSQL, schema 1. Released migrations are never edited; add a new file.
-- The same model as the embedded store's schema 3:
--  * tenants keyed locally by tenant_no; services and status rows clustered on it;
--  * a digest per service, so an unchanged re-import reads no rows;
--  * the pivot (organisation x service x L1 x L2) kept as a table in the same transaction
--    as every write, so a report reads a few hundred lines whatever the number of rows;
--  * history (events) and the assignment log append-only, enforced by triggers;
--  * instants as nanoseconds since the Unix epoch (exact, as the embedded store keeps
--    them), dates as date.

CREATE TABLE organisations (
    org_id     bigserial PRIMARY KEY,
    name       text NOT NULL,
    created_at bigint NOT NULL
);
CREATE UNIQUE INDEX organisations_by_name ON organisations (lower(name));
INSERT INTO organisations (org_id, name, created_at)
VALUES (1, 'default', (extract(epoch FROM now()) * 1e9)::bigint);
SELECT setval(pg_get_serial_sequence('organisations', 'org_id'), 1);

CREATE TABLE tenants (
    tenant_no   bigserial PRIMARY KEY,
    tenant_id   text NOT NULL UNIQUE,
    tenant_name text NOT NULL,
    org_id      bigint NOT NULL REFERENCES organisations (org_id),
    removed     boolean NOT NULL DEFAULT false
);
CREATE INDEX tenants_by_name ON tenants (lower(tenant_name), tenant_id);
CREATE INDEX tenants_by_org ON tenants (org_id, lower(tenant_name), tenant_id);

CREATE TABLE services (
    tenant_no             bigint NOT NULL REFERENCES tenants (tenant_no),
    service               text NOT NULL,
    total_entitlements    bigint NOT NULL CHECK (total_entitlements >= 0),
    scenario              text,
    engagement_scenario   text NOT NULL,
    service_status        text,
    engagement_start_date date,
    review                text,
    version               bigint NOT NULL CHECK (version >= 1),
    digest                bytea,
    removed               boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_no, service)
);

CREATE TABLE status_rows (
    tenant_no        bigint NOT NULL,
    service          text NOT NULL,
    l1               text NOT NULL,
    l2               text NOT NULL DEFAULT '',
    l3               text NOT NULL DEFAULT '',
    entitlements     bigint NOT NULL CHECK (entitlements >= 0),
    target_date      date,
    owner            text,
    note             text,
    next_action      text,
    next_action_date date,
    PRIMARY KEY (tenant_no, service, l1, l2, l3),
    FOREIGN KEY (tenant_no, service) REFERENCES services (tenant_no, service)
);
-- The tenant list's row filters: by status, by next action date, by target date.
CREATE INDEX status_rows_by_status ON status_rows (l1, l2, l3, tenant_no);
CREATE INDEX status_rows_by_next_action ON status_rows (next_action_date, tenant_no)
    WHERE next_action_date IS NOT NULL;
CREATE INDEX status_rows_by_target ON status_rows (target_date, tenant_no)
    WHERE target_date IS NOT NULL;

CREATE TABLE pivot (
    org_id       bigint NOT NULL,
    service      text NOT NULL,
    l1           text NOT NULL,
    l2           text NOT NULL,
    rows         bigint NOT NULL CHECK (rows >= 0),
    entitlements bigint NOT NULL CHECK (entitlements >= 0),
    PRIMARY KEY (org_id, service, l1, l2)
);

CREATE TABLE events (
    seq       bigserial PRIMARY KEY,
    at        bigint NOT NULL,
    actor     text NOT NULL,
    source    text NOT NULL,
    tenant_no bigint NOT NULL REFERENCES tenants (tenant_no),
    service   text,
    kind      text NOT NULL,
    version   bigint NOT NULL,
    changes   text NOT NULL,
    batch     text
);
CREATE UNIQUE INDEX events_by_service ON events (tenant_no, service, version);
CREATE INDEX events_by_batch ON events (batch, seq) WHERE batch IS NOT NULL;

CREATE TABLE batches (
    batch     text PRIMARY KEY,
    kind      text NOT NULL,
    at        bigint NOT NULL,
    actor     text NOT NULL,
    file      text,
    undoes    text REFERENCES batches (batch),
    first_seq bigint,
    last_seq  bigint,
    summary   text NOT NULL
);
CREATE UNIQUE INDEX batches_undone_once ON batches (undoes) WHERE undoes IS NOT NULL;
CREATE INDEX batches_by_time ON batches (at DESC);

CREATE TABLE users (
    user_id       bigserial PRIMARY KEY,
    org_id        bigint NOT NULL REFERENCES organisations (org_id),
    username      text NOT NULL,
    display_name  text NOT NULL,
    role          text NOT NULL,
    password_hash text,
    disabled      boolean NOT NULL DEFAULT false,
    created_at    bigint NOT NULL
);
CREATE UNIQUE INDEX users_by_name ON users (lower(username));
CREATE INDEX users_by_org ON users (org_id, lower(username));

CREATE TABLE sessions (
    session_hash bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (user_id),
    csrf         text NOT NULL,
    created_at   bigint NOT NULL,
    expires_at   bigint NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    token_id     bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (user_id),
    name         text NOT NULL,
    token_hash   bytea NOT NULL UNIQUE,
    created_at   bigint NOT NULL,
    last_used_at bigint,
    revoked_at   bigint
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

CREATE TABLE assignments (
    assignment_id bigserial PRIMARY KEY,
    tenant_no     bigint NOT NULL REFERENCES tenants (tenant_no),
    user_id       bigint NOT NULL REFERENCES users (user_id),
    role          text NOT NULL,
    service       text NOT NULL DEFAULT '',
    is_primary    boolean NOT NULL DEFAULT false,
    assigned_by   text NOT NULL,
    assigned_at   bigint NOT NULL,
    UNIQUE (tenant_no, user_id, role, service)
);
CREATE UNIQUE INDEX assignments_one_primary ON assignments (tenant_no, service, role) WHERE is_primary;
CREATE INDEX assignments_by_user ON assignments (user_id, tenant_no);

CREATE TABLE assignment_log (
    seq        bigserial PRIMARY KEY,
    at         bigint NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL CHECK (action IN ('assign', 'unassign')),
    tenant_no  bigint NOT NULL,
    user_id    bigint NOT NULL,
    role       text NOT NULL,
    service    text NOT NULL,
    is_primary boolean NOT NULL
);

CREATE TABLE idempotency (
    user_id      bigint NOT NULL,
    key          text NOT NULL,
    request_hash bytea NOT NULL,
    status       integer NOT NULL,
    body         bytea NOT NULL,
    created_at   bigint NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- History and the assignment log are append-only, for every role (an owner included).
CREATE FUNCTION entrack_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION entrack_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION entrack_append_only();
CREATE TRIGGER assignment_log_append_only BEFORE UPDATE OR DELETE ON assignment_log
    FOR EACH ROW EXECUTE FUNCTION entrack_append_only();
CREATE TRIGGER assignment_log_no_truncate BEFORE TRUNCATE ON assignment_log
    FOR EACH STATEMENT EXECUTE FUNCTION entrack_append_only();
-- Nobody but the owner is granted anything by default; a deployment that gives the
-- application its own role grants it INSERT and SELECT on the logs, never UPDATE or DELETE.
REVOKE UPDATE, DELETE, TRUNCATE ON events, assignment_log FROM PUBLIC;
