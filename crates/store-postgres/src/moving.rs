//! The whole store as records ([`entrack_store::moving`]): read in one repeatable-read
//! transaction, loaded into an empty store in one transaction (the big tables by COPY).

use crate::accounts::role;
use crate::{
    backend, batch_from, event_from, filter_of, get, instant, invariant, nanos, service_since_at,
    svc_key, tenant_id, PgStore, BATCH_SELECT, EVENT_SELECT, SERVICE_COLUMNS, SLOTS, TENANT_SLOT,
};
use entrack_core::{Service, Tenant};
use entrack_store::accounts::{ApiToken, Assignment, Stored, User};
use entrack_store::moving::{LogLine, Record};
use entrack_store::packed;
use entrack_store::{Result, StoreError};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::Transaction;

const NO_PARAMS: [&(dyn ToSql + Sync); 0] = [];

fn hash32(b: &[u8]) -> Result<[u8; 32]> {
    b.try_into()
        .map_err(|_| invariant("a stored hash of the wrong length"))
}

/// Streams the rows of `sql`, one at a time, to `each`.
fn each(
    tx: &mut Transaction<'_>,
    sql: &str,
    mut each: impl FnMut(&postgres::Row) -> Result<()>,
) -> Result<()> {
    let mut it = tx.query_raw(sql, NO_PARAMS).map_err(backend)?;
    while let Some(r) = it.next().map_err(backend)? {
        each(&r)?;
    }
    Ok(())
}

pub(crate) fn dump(
    tx: &mut Transaction<'_>,
    sink: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    each(
        tx,
        "SELECT org_id, name, created_at, allow_poor_notes FROM organisations ORDER BY org_id",
        |r| {
            sink(Record::Org {
                id: get(r, 0)?,
                name: get(r, 1)?,
                created_at: instant(get(r, 2)?)?,
                allow_poor_notes: get(r, 3)?,
            })
        },
    )?;
    each(
        tx,
        "SELECT tenant_no, tenant_id, tenant_name, org_id, removed FROM tenants ORDER BY tenant_no",
        |r| {
            sink(Record::Tenant {
                no: get(r, 0)?,
                tenant: Tenant {
                    tenant_id: tenant_id(get(r, 1)?)?,
                    tenant_name: get(r, 2)?,
                },
                org: get(r, 3)?,
                removed: get(r, 4)?,
            })
        },
    )?;
    // Services with their rows, a tenant's in the order of their codes.
    let sql = format!(
        "SELECT t.tenant_id, s.removed, s.digest, s.{} FROM services s
         JOIN tenants t ON t.tenant_no = s.svc_key >> 8 ORDER BY s.svc_key",
        SERVICE_COLUMNS.replace(", ", ", s.")
    );
    let mut pending: Vec<Record> = Vec::new();
    let mut last: Option<i64> = None;
    let flush = |pending: &mut Vec<Record>, sink: &mut dyn FnMut(Record) -> Result<()>| {
        pending.sort_by_key(|r| match r {
            Record::Service { state, .. } => state.service.code(),
            _ => "",
        });
        pending.drain(..).try_for_each(&mut *sink)
    };
    each(tx, &sql, |r| {
        let (no, _) = crate::split_key(get(r, 3)?)?;
        if last != Some(no) {
            flush(&mut pending, sink)?;
            last = Some(no);
        }
        let (state, at) = service_since_at(tenant_id(get(r, 0)?)?, r, 3)?;
        let since = entrack_store::moving::since_by_path(&state, at);
        pending.push(Record::Service {
            no,
            state,
            removed: get(r, 1)?,
            digest: get(r, 2)?,
            since,
        });
        Ok(())
    })?;
    flush(&mut pending, sink)?;
    // Events a page at a time: a creation's changes are read from its state in between.
    let portal = tx
        .bind(&format!("{EVENT_SELECT} ORDER BY e.seq"), &[])
        .map_err(backend)?;
    loop {
        let rows = tx.query_portal(&portal, 1000).map_err(backend)?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let key: i64 = get(r, 5)?;
            sink(Record::Event {
                no: key.div_euclid(SLOTS),
                event: event_from(tx, r)?,
            })?;
        }
    }
    let mut batches = Vec::new();
    each(tx, BATCH_SELECT, |r| {
        batches.push(batch_from(r)?);
        Ok(())
    })?;
    entrack_store::moving::sink_batches(batches, sink)?;
    each(
        tx,
        "SELECT user_id, org_id, username, display_name, role, password_hash, disabled, created_at FROM users ORDER BY user_id",
        |r| {
            sink(Record::User {
                user: User {
                    id: get(r, 0)?,
                    org: get(r, 1)?,
                    username: get(r, 2)?,
                    display_name: get(r, 3)?,
                    role: role(get(r, 4)?)?,
                    password_hash: get(r, 5)?,
                    disabled: get(r, 6)?,
                },
                created_at: instant(get(r, 7)?)?,
            })
        },
    )?;
    each(
        tx,
        "SELECT user_id, secret, last_step FROM second_factors WHERE secret IS NOT NULL ORDER BY user_id",
        |r| {
            sink(Record::SecondFactor {
                user: get(r, 0)?,
                secret: get(r, 1)?,
                last_step: get(r, 2)?,
            })
        },
    )?;
    each(
        tx,
        "SELECT token_id, user_id, name, created_at, last_used_at, revoked_at, token_hash FROM api_tokens ORDER BY token_id",
        |r| {
            sink(Record::Token {
                token: ApiToken {
                    id: get(r, 0)?,
                    user: get(r, 1)?,
                    name: get(r, 2)?,
                    created_at: instant(get(r, 3)?)?,
                    last_used_at: get::<Option<i64>>(r, 4)?.map(instant).transpose()?,
                    revoked_at: get::<Option<i64>>(r, 5)?.map(instant).transpose()?,
                },
                hash: hash32(get(r, 6)?)?,
            })
        },
    )?;
    each(
        tx,
        "SELECT a.assignment_id, t.tenant_id, a.user_id, a.role, a.service, a.is_primary, a.assigned_by, a.assigned_at, a.tenant_no
         FROM assignments a JOIN tenants t ON t.tenant_no = a.tenant_no ORDER BY a.assignment_id",
        |r| {
            let service: &str = get(r, 4)?;
            sink(Record::Assignment {
                no: get(r, 8)?,
                assignment: Assignment {
                    id: get(r, 0)?,
                    tenant: tenant_id(get(r, 1)?)?,
                    user: get(r, 2)?,
                    role: role(get(r, 3)?)?,
                    service: if service.is_empty() {
                        None
                    } else {
                        Some(Service::from_code(service).ok_or_else(|| invariant(format!("unknown service {service}")))?)
                    },
                    primary: get(r, 5)?,
                    assigned_by: get(r, 6)?,
                    assigned_at: instant(get(r, 7)?)?,
                },
            })
        },
    )?;
    each(
        tx,
        "SELECT seq, at, actor, action, tenant_no, user_id, role, service, is_primary FROM assignment_log ORDER BY seq",
        |r| {
            sink(Record::AssignmentLog(LogLine {
                seq: get(r, 0)?,
                at: instant(get(r, 1)?)?,
                actor: get(r, 2)?,
                action: get(r, 3)?,
                no: get(r, 4)?,
                user: get(r, 5)?,
                role: get(r, 6)?,
                service: get(r, 7)?,
                primary: get(r, 8)?,
            }))
        },
    )?;
    each(
        tx,
        "SELECT user_id, key, request_hash, status, body, created_at FROM idempotency ORDER BY user_id, key COLLATE \"C\"",
        |r| {
            sink(Record::Idempotency {
                user: get(r, 0)?,
                key: get(r, 1)?,
                stored: Stored {
                    request: hash32(get(r, 2)?)?,
                    status: u16::try_from(get::<i32>(r, 3)?).map_err(invariant)?,
                    body: get(r, 4)?,
                    created_at: instant(get(r, 5)?)?,
                },
            })
        },
    )
}

impl PgStore {
    pub(crate) fn load_records(
        &self,
        next: &mut dyn FnMut() -> Result<Option<Record>>,
    ) -> Result<()> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction().map_err(backend)?;
        let used: i64 = get(
            &tx.query_one(
                "SELECT (SELECT COUNT(*) FROM tenants) + (SELECT COUNT(*) FROM users)
                      + (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM organisations WHERE org_id <> 1)",
                &[],
            )
            .map_err(backend)?,
            0,
        )?;
        if used > 0 {
            return Err(StoreError::AlreadyExists(format!(
                "data in {} (the target of a move must be empty)",
                self.target()
            )));
        }
        let mut buffers = crate::copy::Buffers::default();
        let mut changes = Vec::with_capacity(4096);
        let mut blob = Vec::with_capacity(4096);
        type Who = (
            jiff::Timestamp,
            String,
            entrack_core::history::Source,
            Option<String>,
        );
        let mut meta: Option<(Who, i64)> = None;
        // The newest event of each chain (a service's, or a tenant's own), as events come in
        // history order.
        let mut chains: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        while let Some(record) = next()? {
            let fail = |e: postgres::Error| {
                StoreError::Backend(format!("cannot load {}: {}", record.describe(), backend(e)))
            };
            match &record {
                Record::Tenant {
                    no,
                    tenant,
                    org,
                    removed,
                } => buffers.tenant_line(*no, tenant, *org, *removed, None),
                Record::Service {
                    no,
                    state,
                    removed,
                    digest,
                    since,
                } => {
                    let at = |r: &entrack_core::StatusRow| {
                        let path = r.key().path();
                        since
                            .binary_search_by(|(p, _)| p.as_str().cmp(&path))
                            .ok()
                            .map(|i| since[i].1)
                    };
                    packed::encode_state(state, at, &mut blob);
                    let filter = filter_of(state, &at);
                    buffers.service_line(
                        svc_key(*no, state.service),
                        i64::try_from(state.version).map_err(invariant)?,
                        *removed,
                        false,
                        None,
                        digest.as_deref(),
                        None,
                        &blob,
                        &filter,
                    );
                }
                Record::Event { no, event } => {
                    entrack_core::history::encode_changes_into(&event.changes, &mut changes);
                    let text = std::str::from_utf8(&changes).map_err(invariant)?;
                    let who = (
                        event.at,
                        event.actor.clone(),
                        event.source,
                        event.batch.clone(),
                    );
                    let meta_no = match &meta {
                        Some((w, n)) if *w == who => *n,
                        _ => {
                            let r = tx
                                .query_one(
                                    "INSERT INTO event_meta (at, actor, source, batch) VALUES ($1, $2, $3, $4)
                                     RETURNING meta_no",
                                    &[&nanos(event.at), &event.actor, &event.source.code(), &event.batch],
                                )
                                .map_err(fail)?;
                            let n: i64 = get(&r, 0)?;
                            meta = Some((who, n));
                            n
                        }
                    };
                    let key = match event.service.as_deref() {
                        Some(code) => svc_key(
                            *no,
                            entrack_core::Service::from_code(code)
                                .ok_or_else(|| invariant(format!("unknown service {code}")))?,
                        ),
                        None => no * SLOTS + TENANT_SLOT,
                    };
                    let prev = chains.insert(key, event.seq);
                    buffers.event(
                        event.seq,
                        key,
                        i64::try_from(event.version).map_err(invariant)?,
                        event.kind.code(),
                        meta_no,
                        prev,
                        Some(text),
                        None,
                    );
                }
                other => {
                    // The small tables go in by statement, after what they refer to.
                    buffers.rows.send(&mut tx)?;
                    insert(&mut tx, other).map_err(fail)?;
                }
            }
            if buffers.full() {
                buffers.rows.send(&mut tx)?;
            }
        }
        buffers.rows.send(&mut tx)?;
        tx.batch_execute(
            "UPDATE services s SET last_seq = l.seq
             FROM (SELECT svc_key, max(seq) AS seq FROM events GROUP BY svc_key) l
             WHERE s.svc_key = l.svc_key;
             UPDATE tenants t SET last_seq = l.seq
             FROM (SELECT svc_key >> 8 AS no, max(seq) AS seq FROM events WHERE (svc_key & 255) = 255 GROUP BY 1) l
             WHERE t.tenant_no = l.no;
             DELETE FROM pivot;
             INSERT INTO pivot (org_id, service, l1, l2, rows, entitlements)
             SELECT t.org_id, c.code, split_part(f, chr(31), 1), split_part(f, chr(31), 2), COUNT(*),
                    SUM(split_part(f, chr(31), 8)::bigint)
             FROM services s JOIN tenants t ON t.tenant_no = s.svc_key >> 8
             JOIN service_codes c ON c.service_no = (s.svc_key & 255), unnest(s.filter) AS f
             WHERE NOT s.removed
             GROUP BY 1, 2, 3, 4;
             SELECT setval(pg_get_serial_sequence('organisations', 'org_id'), (SELECT max(org_id) FROM organisations));
             SELECT setval(pg_get_serial_sequence('tenants', 'tenant_no'), COALESCE((SELECT max(tenant_no) FROM tenants), 0) + 1, false);
             SELECT setval('events_seq', COALESCE((SELECT max(seq) FROM events), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('users', 'user_id'), COALESCE((SELECT max(user_id) FROM users), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('api_tokens', 'token_id'), COALESCE((SELECT max(token_id) FROM api_tokens), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('assignments', 'assignment_id'), COALESCE((SELECT max(assignment_id) FROM assignments), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('assignment_log', 'seq'), COALESCE((SELECT max(seq) FROM assignment_log), 0) + 1, false);",
        )
        .map_err(backend)?;
        tx.commit().map_err(backend)?;
        crate::analyze(&mut conn)
    }
}

fn insert(tx: &mut Transaction<'_>, r: &Record) -> std::result::Result<u64, postgres::Error> {
    match r {
        Record::Org { id, name, created_at, allow_poor_notes } => tx.execute(
            "INSERT INTO organisations (org_id, name, created_at, allow_poor_notes) VALUES ($1, $2, $3, $4)
             ON CONFLICT (org_id) DO UPDATE SET name = EXCLUDED.name, created_at = EXCLUDED.created_at,
             allow_poor_notes = EXCLUDED.allow_poor_notes",
            &[id, name, &nanos(*created_at), allow_poor_notes],
        ),
        Record::Batch(b) => tx.execute(
            "INSERT INTO batches (batch, kind, at, actor, file, undoes, first_seq, last_seq, summary)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[&b.id, &b.kind.code(), &nanos(b.at), &b.actor, &b.file, &b.undoes, &b.first_seq, &b.last_seq, &b.summary],
        ),
        Record::User { user: u, created_at } => tx.execute(
            "INSERT INTO users (user_id, org_id, username, display_name, role, password_hash, disabled, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[&u.id, &u.org, &u.username, &u.display_name, &u.role.code(), &u.password_hash, &u.disabled, &nanos(*created_at)],
        ),
        Record::SecondFactor {
            user,
            secret,
            last_step,
        } => tx.execute(
            "INSERT INTO second_factors (user_id, secret, last_step) VALUES ($1, $2, $3)",
            &[user, secret, last_step],
        ),
        Record::Token { token: t, hash } => tx.execute(
            "INSERT INTO api_tokens (token_id, user_id, name, token_hash, created_at, last_used_at, revoked_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&t.id, &t.user, &t.name, &&hash[..], &nanos(t.created_at), &t.last_used_at.map(nanos), &t.revoked_at.map(nanos)],
        ),
        Record::Assignment { no, assignment: a } => tx.execute(
            "INSERT INTO assignments (assignment_id, tenant_no, user_id, role, service, is_primary, assigned_by, assigned_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[&a.id, no, &a.user, &a.role.code(), &a.service.map(|s| s.code()).unwrap_or(""), &a.primary, &a.assigned_by, &nanos(a.assigned_at)],
        ),
        Record::AssignmentLog(l) => tx.execute(
            "INSERT INTO assignment_log (seq, at, actor, action, tenant_no, user_id, role, service, is_primary)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[&l.seq, &nanos(l.at), &l.actor, &l.action, &l.no, &l.user, &l.role, &l.service, &l.primary],
        ),
        Record::Idempotency { user, key, stored: s } => tx.execute(
            "INSERT INTO idempotency (user_id, key, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            &[user, key, &&s.request[..], &i32::from(s.status), &s.body, &nanos(s.created_at)],
        ),
        Record::Tenant { .. } | Record::Service { .. } | Record::Event { .. } => Ok(0),
    }
}
