//! Schema 8's code (see `migrations/0008_packed.sql`): numbers the services, packs each
//! service's status rows into its record and copies the events, their who/when/where
//! shared through `event_meta`. And, on every opening, the check that the store's service
//! numbers still name the catalogue's services.

use crate::migrations::MigrateError;
use crate::{row_at, svc_key, ROW_COLUMNS};
use entrack_core::model::{EngagementScenario, Review, Scenario, ServicePhase};
use entrack_core::{Service, ServiceState, TenantId};
use entrack_store::packed;
use entrack_store::{Result, StoreError};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

fn data(what: impl std::fmt::Display) -> MigrateError {
    MigrateError::Data(what.to_string())
}

/// Records the number of every catalogue service not numbered yet; refuses numbers that
/// name another code than the catalogue's (the catalogue only grows at its end).
fn record_numbers(conn: &Connection) -> std::result::Result<usize, String> {
    let mut added = 0;
    for s in Service::all() {
        let stored: Option<String> = conn
            .query_row(
                "SELECT code FROM service_codes WHERE service_no = ?1",
                [s.index() as i64],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| e.to_string())?;
        match stored {
            Some(code) if code == s.code() => {}
            Some(code) => {
                return Err(format!(
                    "service number {} is {code} in this store and {} in this entrack's catalogue",
                    s.index(),
                    s.code()
                ))
            }
            None => {
                conn.execute(
                    "INSERT INTO service_codes (service_no, code) VALUES (?1, ?2)",
                    params![s.index() as i64, s.code()],
                )
                .map_err(|e| {
                    format!("service {} cannot get number {}: {e}", s.code(), s.index())
                })?;
                added += 1;
            }
        }
    }
    Ok(added)
}

/// On opening: every catalogue service has its number, and no number changed meaning.
pub(crate) fn number_services(conn: &mut Connection) -> Result<()> {
    let known: i64 = conn
        .query_row("SELECT COUNT(*) FROM service_codes", [], |r| r.get(0))
        .map_err(crate::backend)?;
    let check = |conn: &Connection| record_numbers(conn).map_err(StoreError::Invariant);
    if known as usize == Service::all().count() {
        // Only reads; a store from a newer entrack with more services is refused by its
        // schema version before this.
        return check(conn).map(|_| ());
    }
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(crate::backend)?;
    check(&tx)?;
    tx.commit().map_err(crate::backend)
}

/// The migration step.
pub(crate) fn run(tx: &Transaction<'_>) -> std::result::Result<(), MigrateError> {
    record_numbers(tx).map_err(data)?;
    pack_services(tx)?;
    copy_events(tx)
}

fn pack_services(tx: &Transaction<'_>) -> std::result::Result<(), MigrateError> {
    let mut services = tx.prepare(
        "SELECT tenant_no, service, total_entitlements, scenario, engagement_scenario, service_status,
                engagement_start_date, review, version, removed, digest, file_digest
         FROM services ORDER BY tenant_no, service",
    )?;
    let mut rows = tx.prepare(&format!(
        "SELECT {ROW_COLUMNS}, since FROM status_rows WHERE tenant_no = ?1 AND service = ?2"
    ))?;
    let mut insert = tx.prepare(
        "INSERT INTO services8 (svc_key, version, removed, digest, file_digest, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut cur = services.query([])?;
    let mut blob = Vec::new();
    while let Some(s) = cur.next()? {
        let no: i64 = s.get(0)?;
        let code: String = s.get(1)?;
        let service = Service::from_code(&code).ok_or_else(|| {
            data(format!(
                "tenant {no} has a service {code} entrack does not know"
            ))
        })?;
        let mut found = Vec::new();
        let mut r = rows.query(params![no, code])?;
        while let Some(x) = r.next()? {
            let row = row_at(x, 0).map_err(data)?;
            found.push((row, x.get::<_, Option<i64>>(9)?));
        }
        found.sort_by_key(|(row, _)| row.key());
        // The old columns, read as the old store read them.
        let mut state = ServiceState::new(placeholder(), service);
        state.total_entitlements = u64::try_from(s.get::<_, i64>(2)?).map_err(data)?;
        state.scenario = stored_code(s.get(3)?, Scenario::from_code)?;
        state.engagement_scenario =
            stored_code(Some(s.get(4)?), EngagementScenario::from_code)?.unwrap_or_default();
        state.service_status = stored_code(s.get(5)?, ServicePhase::from_code)?;
        state.engagement_start_date = s
            .get::<_, Option<String>>(6)?
            .map(|d| d.parse::<jiff::civil::Date>().map_err(data))
            .transpose()?;
        state.review = stored_code(s.get(7)?, Review::parse)?;
        let mut since = Vec::with_capacity(found.len());
        for (row, at) in found {
            state.rows.push(row);
            since.push(at);
        }
        packed::encode_state(
            &state,
            |r| {
                state
                    .rows
                    .iter()
                    .position(|x| std::ptr::eq(x, r))
                    .and_then(|i| since[i])
            },
            &mut blob,
        );
        insert.execute(params![
            svc_key(no, service),
            s.get::<_, i64>(8)?,
            s.get::<_, i64>(9)?,
            s.get::<_, Option<Vec<u8>>>(10)?,
            s.get::<_, Option<Vec<u8>>>(11)?,
            blob,
        ])?;
    }
    Ok(())
}

/// A tenant id for states packed without their tenant (the record's key names it).
fn placeholder() -> TenantId {
    TenantId::parse("00000000-0000-0000-0000-000000000000").expect("a well-formed id")
}

/// A stored code read back, or the migration fails naming it.
fn stored_code<T>(
    v: Option<String>,
    f: fn(&str) -> Option<T>,
) -> std::result::Result<Option<T>, MigrateError> {
    v.map(|x| f(&x).ok_or_else(|| data(format!("a service holds an unknown code {x}"))))
        .transpose()
}

fn copy_events(tx: &Transaction<'_>) -> std::result::Result<(), MigrateError> {
    let mut events = tx.prepare(
        "SELECT seq, at, actor, source, tenant_no, service, kind, version, changes, batch
         FROM events ORDER BY seq",
    )?;
    let mut meta =
        tx.prepare("INSERT INTO event_meta (at, actor, source, batch) VALUES (?1, ?2, ?3, ?4)")?;
    let mut insert = tx.prepare(
        "INSERT INTO events8 (seq, svc_key, version, kind, meta_no, prev_seq, changes, digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL)",
    )?;
    type Who = (String, String, String, Option<String>);
    let mut last: Option<(Who, i64)> = None;
    // The newest event so far of each chain: a service's, or a tenant's own (no service).
    let mut chains: std::collections::HashMap<(i64, Option<i64>), i64> =
        std::collections::HashMap::new();
    let mut cur = events.query([])?;
    while let Some(e) = cur.next()? {
        let who: Who = (e.get(1)?, e.get(2)?, e.get(3)?, e.get(9)?);
        let meta_no = match &last {
            Some((w, no)) if *w == who => *no,
            _ => {
                meta.execute(params![who.0, who.1, who.2, who.3])?;
                let no = tx.last_insert_rowid();
                last = Some((who, no));
                no
            }
        };
        let service: Option<String> = e.get(5)?;
        let service_no = service
            .map(|code| {
                Service::from_code(&code)
                    .map(|s| s.index() as i64)
                    .ok_or_else(|| {
                        data(format!(
                            "an event names a service {code} entrack does not know"
                        ))
                    })
            })
            .transpose()?;
        let (seq, no): (i64, i64) = (e.get(0)?, e.get(4)?);
        let prev = chains.insert((no, service_no), seq);
        insert.execute(params![
            seq,
            no * crate::SLOTS + service_no.unwrap_or(crate::TENANT_SLOT),
            e.get::<_, i64>(7)?,
            e.get::<_, String>(6)?,
            meta_no,
            prev,
            e.get::<_, String>(8)?,
        ])?;
    }
    let mut service = tx.prepare("UPDATE services8 SET last_seq = ?2 WHERE svc_key = ?1")?;
    let mut tenant = tx.prepare("UPDATE tenants SET last_seq = ?2 WHERE tenant_no = ?1")?;
    for ((no, service_no), seq) in chains {
        match service_no {
            Some(s) => service.execute(params![no * crate::SLOTS + s, seq])?,
            None => tenant.execute(params![no, seq])?,
        };
    }
    Ok(())
}
