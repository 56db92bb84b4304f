//! The whole store as records ([`entrack_store::moving`]): read in one read transaction,
//! loaded into an empty store in one write transaction.

use crate::accounts::{role, ts};
use crate::{
    backend, event_from, int_at, invariant, parse_batch, parse_event, service_since_at, svc_key,
    tenant_id, text_at, SqliteStore, BATCH_SELECT, EVENT_SELECT, SERVICE_COLUMNS,
};
use entrack_core::{Service, Tenant};
use entrack_store::accounts::{ApiToken, Assignment, Stored, User};
use entrack_store::moving::{LogLine, Record};
use entrack_store::packed;
use entrack_store::{Result, StoreError};
use jiff::Timestamp;
use rusqlite::{params, Connection, TransactionBehavior};

fn opt_ts(s: Option<&str>) -> Result<Option<Timestamp>> {
    s.map(ts).transpose()
}

fn hash32(b: &[u8]) -> Result<[u8; 32]> {
    b.try_into()
        .map_err(|_| invariant("a stored hash of the wrong length"))
}

pub(crate) fn dump(conn: &Connection, sink: &mut dyn FnMut(Record) -> Result<()>) -> Result<()> {
    let q = |sql: &str| conn.prepare(sql).map_err(backend);
    let mut st =
        q("SELECT org_id, name, created_at, allow_poor_notes FROM organisations ORDER BY org_id")?;
    let mut rows = st.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        sink(Record::Org {
            id: int_at(r, 0)?,
            name: r.get(1).map_err(backend)?,
            created_at: ts(text_at(r, 2)?.unwrap_or(""))?,
            allow_poor_notes: r.get(3).map_err(backend)?,
        })?;
    }
    drop(rows);
    let mut ids = std::collections::HashMap::new();
    let mut st = q(
        "SELECT tenant_no, tenant_id, tenant_name, org_id, removed FROM tenants ORDER BY tenant_no",
    )?;
    let mut rows = st.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        let no = int_at(r, 0)?;
        let tenant = Tenant {
            tenant_id: tenant_id(r.get(1).map_err(backend)?)?,
            tenant_name: r.get(2).map_err(backend)?,
        };
        ids.insert(no, tenant.tenant_id.clone());
        sink(Record::Tenant {
            no,
            tenant,
            org: int_at(r, 3)?,
            removed: r.get(4).map_err(backend)?,
        })?;
    }
    drop(rows);
    // Services with their rows, a tenant's in the order of their codes.
    let mut services = q(&format!(
        "SELECT tenant_no, removed, digest, {SERVICE_COLUMNS} FROM services ORDER BY svc_key"
    ))?;
    let mut cur = services.query([]).map_err(backend)?;
    let mut pending: Vec<Record> = Vec::new();
    let mut flush = |pending: &mut Vec<Record>| -> Result<()> {
        pending.sort_by_key(|r| match r {
            Record::Service { state, .. } => state.service.code(),
            _ => "",
        });
        pending.drain(..).try_for_each(&mut *sink)
    };
    let mut last = None;
    while let Some(r) = cur.next().map_err(backend)? {
        let no = int_at(r, 0)?;
        if last != Some(no) {
            flush(&mut pending)?;
            last = Some(no);
        }
        let tenant = ids
            .get(&no)
            .cloned()
            .ok_or_else(|| invariant(format!("service of unknown tenant {no}")))?;
        let (state, at) = service_since_at(tenant, r, 3)?;
        let since = entrack_store::moving::since_by_path(&state, at);
        pending.push(Record::Service {
            no,
            state,
            removed: r.get(1).map_err(backend)?,
            digest: r.get(2).map_err(backend)?,
            since,
        });
    }
    flush(&mut pending)?;
    drop(cur);
    let mut st = q(&format!("{EVENT_SELECT} ORDER BY e.seq"))?;
    let mut rows = st.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        let row = event_from(r).map_err(backend)?;
        let no = row.tenant_no;
        let event = parse_event(conn, row)?;
        sink(Record::Event { no, event })?;
    }
    drop(rows);
    let mut st = q(BATCH_SELECT)?;
    let mut rows = st.query([]).map_err(backend)?;
    let mut batches = Vec::new();
    while let Some(r) = rows.next().map_err(backend)? {
        batches.push(parse_batch(crate::batch_row(r).map_err(backend)?)?);
    }
    drop(rows);
    entrack_store::moving::sink_batches(batches, sink)?;
    let mut st = q("SELECT user_id, org_id, username, display_name, role, password_hash, disabled, created_at FROM users ORDER BY user_id")?;
    let mut rows = st.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        sink(Record::User {
            user: User {
                id: int_at(r, 0)?,
                org: int_at(r, 1)?,
                username: r.get(2).map_err(backend)?,
                display_name: r.get(3).map_err(backend)?,
                role: role(text_at(r, 4)?.unwrap_or(""))?,
                password_hash: r.get(5).map_err(backend)?,
                disabled: r.get(6).map_err(backend)?,
            },
            created_at: ts(text_at(r, 7)?.unwrap_or(""))?,
        })?;
    }
    drop(rows);
    let mut st = q("SELECT user_id, secret, last_step FROM second_factors WHERE secret IS NOT NULL ORDER BY user_id")?;
    let mut rows = st.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        sink(Record::SecondFactor {
            user: int_at(r, 0)?,
            secret: r.get(1).map_err(backend)?,
            last_step: int_at(r, 2)?,
        })?;
    }
    drop(rows);
    let mut st = q("SELECT token_id, user_id, name, created_at, last_used_at, revoked_at, token_hash FROM api_tokens ORDER BY token_id")?;
    let mut rows = st.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        let hash: Vec<u8> = r.get(6).map_err(backend)?;
        sink(Record::Token {
            token: ApiToken {
                id: int_at(r, 0)?,
                user: int_at(r, 1)?,
                name: r.get(2).map_err(backend)?,
                created_at: ts(text_at(r, 3)?.unwrap_or(""))?,
                last_used_at: opt_ts(text_at(r, 4)?)?,
                revoked_at: opt_ts(text_at(r, 5)?)?,
            },
            hash: hash32(&hash)?,
        })?;
    }
    drop(rows);
    let mut st = q("SELECT a.assignment_id, t.tenant_id, a.user_id, a.role, a.service, a.is_primary, a.assigned_by, a.assigned_at, a.tenant_no
                    FROM assignments a JOIN tenants t ON t.tenant_no = a.tenant_no ORDER BY a.assignment_id")?;
    let mut rows = st.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        let service = text_at(r, 4)?.unwrap_or("");
        sink(Record::Assignment {
            no: int_at(r, 8)?,
            assignment: Assignment {
                id: int_at(r, 0)?,
                tenant: tenant_id(r.get(1).map_err(backend)?)?,
                user: int_at(r, 2)?,
                role: role(text_at(r, 3)?.unwrap_or(""))?,
                service: if service.is_empty() {
                    None
                } else {
                    Some(
                        Service::from_code(service)
                            .ok_or_else(|| invariant(format!("unknown service {service}")))?,
                    )
                },
                primary: r.get(5).map_err(backend)?,
                assigned_by: r.get(6).map_err(backend)?,
                assigned_at: ts(text_at(r, 7)?.unwrap_or(""))?,
            },
        })?;
    }
    drop(rows);
    let mut st = q("SELECT seq, at, actor, action, tenant_no, user_id, role, service, is_primary FROM assignment_log ORDER BY seq")?;
    let mut rows = st.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        sink(Record::AssignmentLog(LogLine {
            seq: int_at(r, 0)?,
            at: ts(text_at(r, 1)?.unwrap_or(""))?,
            actor: r.get(2).map_err(backend)?,
            action: r.get(3).map_err(backend)?,
            no: int_at(r, 4)?,
            user: int_at(r, 5)?,
            role: r.get(6).map_err(backend)?,
            service: r.get(7).map_err(backend)?,
            primary: r.get(8).map_err(backend)?,
        }))?;
    }
    drop(rows);
    let mut st = q("SELECT user_id, key, request_hash, status, body, created_at FROM idempotency ORDER BY user_id, key")?;
    let mut rows = st.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        let hash: Vec<u8> = r.get(2).map_err(backend)?;
        sink(Record::Idempotency {
            user: int_at(r, 0)?,
            key: r.get(1).map_err(backend)?,
            stored: Stored {
                request: hash32(&hash)?,
                status: u16::try_from(int_at(r, 3)?).map_err(invariant)?,
                body: r.get(4).map_err(backend)?,
                created_at: ts(text_at(r, 5)?.unwrap_or(""))?,
            },
        })?;
    }
    Ok(())
}

impl SqliteStore {
    pub(crate) fn load_records(
        &self,
        next: &mut dyn FnMut() -> Result<Option<Record>>,
    ) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        let used: i64 = tx
            .query_row(
                "SELECT (SELECT COUNT(*) FROM tenants) + (SELECT COUNT(*) FROM users)
                      + (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM organisations WHERE org_id <> 1)",
                [],
                |r| r.get(0),
            )
            .map_err(backend)?;
        if used > 0 {
            return Err(StoreError::AlreadyExists(format!(
                "data in {} (the target of a move must be empty)",
                self.path().display()
            )));
        }
        let mut changes = Vec::with_capacity(4096);
        let mut blob = Vec::with_capacity(4096);
        // Tenant → organisation, for the pivot.
        let mut orgs: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        let mut pivot: std::collections::BTreeMap<
            (i64, &'static str, &'static str, &'static str),
            (i64, i64),
        > = std::collections::BTreeMap::new();
        type Who = (
            Timestamp,
            String,
            entrack_core::history::Source,
            Option<String>,
        );
        let mut meta: Option<(Who, i64)> = None;
        // The newest event of each chain (a service's, or a tenant's own), as events come in
        // history order.
        let mut chains: std::collections::HashMap<(i64, Option<i64>), i64> =
            std::collections::HashMap::new();
        while let Some(record) = next()? {
            let done = match &record {
                Record::Org { id, name, created_at, allow_poor_notes } => tx.execute(
                    "INSERT INTO organisations (org_id, name, created_at, allow_poor_notes) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (org_id) DO UPDATE SET name = excluded.name, created_at = excluded.created_at,
                     allow_poor_notes = excluded.allow_poor_notes",
                    params![id, name, created_at.to_string(), allow_poor_notes],
                ),
                Record::Tenant { no, tenant, org, removed } => {
                    orgs.insert(*no, *org);
                    tx.execute(
                        "INSERT INTO tenants (tenant_no, tenant_id, tenant_name, org_id, removed) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![no, tenant.tenant_id.as_str(), tenant.tenant_name, org, removed],
                    )
                }
                Record::Service { no, state: s, removed, digest, since } => {
                    let at = |r: &entrack_core::StatusRow| {
                        let path = r.key().path();
                        since
                            .binary_search_by(|(p, _)| p.as_str().cmp(&path))
                            .ok()
                            .map(|i| since[i].1)
                    };
                    packed::encode_state(s, at, &mut blob);
                    if !removed {
                        let org = orgs.get(no).copied().ok_or_else(|| {
                            invariant(format!("service of unknown tenant {no}"))
                        })?;
                        for r in &s.rows {
                            let line = pivot
                                .entry((
                                    org,
                                    s.service.code(),
                                    r.l1.code(),
                                    r.l2.map(|x| x.code()).unwrap_or(""),
                                ))
                                .or_insert((0, 0));
                            line.0 += 1;
                            line.1 += r.entitlements as i64;
                        }
                    }
                    tx.prepare_cached(
                        "INSERT INTO services (svc_key, version, removed, digest, state)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )
                    .and_then(|mut st| {
                        st.execute(params![
                            svc_key(*no, s.service),
                            s.version as i64,
                            removed,
                            digest,
                            blob,
                        ])
                    })
                }
                Record::Event { no, event: e } => {
                    entrack_core::history::encode_changes_into(&e.changes, &mut changes);
                    let text = std::str::from_utf8(&changes).map_err(invariant)?;
                    let who = (e.at, e.actor.clone(), e.source, e.batch.clone());
                    let meta_no = match &meta {
                        Some((w, n)) if *w == who => *n,
                        _ => {
                            tx.prepare_cached(
                                "INSERT INTO event_meta (at, actor, source, batch) VALUES (?1, ?2, ?3, ?4)",
                            )
                            .and_then(|mut st| {
                                st.execute(params![e.at.to_string(), e.actor, e.source.code(), e.batch])
                            })
                            .map_err(backend)?;
                            let n = tx.last_insert_rowid();
                            meta = Some((who, n));
                            n
                        }
                    };
                    let service = e
                        .service
                        .as_deref()
                        .map(|c| {
                            Service::from_code(c)
                                .map(|s| s.index() as i64)
                                .ok_or_else(|| invariant(format!("unknown service {c}")))
                        })
                        .transpose()?;
                    let prev = chains.insert((*no, service), e.seq);
                    tx.prepare_cached(
                        "INSERT INTO events (seq, svc_key, version, kind, meta_no, changes, prev_seq)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    )
                    .and_then(|mut st| {
                        st.execute(params![
                            e.seq,
                            no * crate::SLOTS + service.unwrap_or(crate::TENANT_SLOT),
                            e.version as i64,
                            e.kind.code(),
                            meta_no,
                            text,
                            prev,
                        ])
                    })
                }
                Record::Batch(b) => tx.execute(
                    "INSERT INTO batches (batch, kind, at, actor, file, undoes, first_seq, last_seq, summary)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![b.id, b.kind.code(), b.at.to_string(), b.actor, b.file, b.undoes, b.first_seq, b.last_seq, b.summary],
                ),
                Record::User { user: u, created_at } => tx.execute(
                    "INSERT INTO users (user_id, org_id, username, display_name, role, password_hash, disabled, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![u.id, u.org, u.username, u.display_name, u.role.code(), u.password_hash, u.disabled, created_at.to_string()],
                ),
                Record::SecondFactor {
                    user,
                    secret,
                    last_step,
                } => tx.execute(
                    "INSERT INTO second_factors (user_id, secret, last_step) VALUES (?1, ?2, ?3)",
                    params![user, secret, last_step],
                ),
                Record::Token { token: t, hash } => tx.execute(
                    "INSERT INTO api_tokens (token_id, user_id, name, token_hash, created_at, last_used_at, revoked_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        t.id,
                        t.user,
                        t.name,
                        &hash[..],
                        t.created_at.to_string(),
                        t.last_used_at.map(|x| x.to_string()),
                        t.revoked_at.map(|x| x.to_string())
                    ],
                ),
                Record::Assignment { no, assignment: a } => tx.execute(
                    "INSERT INTO assignments (assignment_id, tenant_no, user_id, role, service, is_primary, assigned_by, assigned_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        a.id,
                        no,
                        a.user,
                        a.role.code(),
                        a.service.map(|s| s.code()).unwrap_or(""),
                        a.primary,
                        a.assigned_by,
                        a.assigned_at.to_string()
                    ],
                ),
                Record::AssignmentLog(l) => tx.execute(
                    "INSERT INTO assignment_log (seq, at, actor, action, tenant_no, user_id, role, service, is_primary)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![l.seq, l.at.to_string(), l.actor, l.action, l.no, l.user, l.role, l.service, l.primary],
                ),
                Record::Idempotency { user, key, stored: s } => tx.execute(
                    "INSERT INTO idempotency (user_id, key, request_hash, status, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![user, key, &s.request[..], s.status as i64, s.body, s.created_at.to_string()],
                ),
            };
            done.map_err(|e| {
                StoreError::Backend(format!("cannot load {}: {e}", record.describe()))
            })?;
        }
        for ((no, service), seq) in chains {
            match service {
                Some(s) => tx.execute(
                    "UPDATE services SET last_seq = ?2 WHERE svc_key = ?1",
                    params![no * crate::SLOTS + s, seq],
                ),
                None => tx.execute(
                    "UPDATE tenants SET last_seq = ?2 WHERE tenant_no = ?1",
                    params![no, seq],
                ),
            }
            .map_err(backend)?;
        }
        tx.execute("DELETE FROM pivot", []).map_err(backend)?;
        for ((org, service, l1, l2), (rows, n)) in pivot {
            tx.prepare_cached(
                "INSERT INTO pivot (org_id, service, l1, l2, rows, entitlements) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut st| st.execute(params![org, service, l1, l2, rows, n]))
            .map_err(backend)?;
        }
        tx.commit().map_err(backend)
    }
}
