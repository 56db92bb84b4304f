//! Schema 8's code (see `migrations/0008_packed.sql`): numbers the services and packs each
//! service's status rows into its record. And, on every opening, the check that the
//! store's service numbers still name the catalogue's services.

use crate::migrations::MigrateError;
use crate::{filter_of, svc_key};
use entrack_core::model::{EngagementScenario, Review, RowKey, Scenario, ServicePhase};
use entrack_core::{Service, ServiceState, StatusRow, TenantId};
use entrack_store::packed;
use postgres::GenericClient;

fn data(what: impl std::fmt::Display) -> MigrateError {
    MigrateError::Data(what.to_string())
}

/// Records the number of every catalogue service not numbered yet; refuses numbers that
/// name another code than the catalogue's (the catalogue only grows at its end). Answers
/// how many it recorded.
pub(crate) fn record_numbers(c: &mut impl GenericClient) -> Result<usize, String> {
    let stored: Vec<(i32, String)> = c
        .query("SELECT service_no, code FROM service_codes", &[])
        .map_err(|e| e.to_string())?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let mut added = 0;
    for s in Service::all() {
        let no = s.index() as i32;
        match stored.iter().find(|(n, _)| *n == no) {
            Some((_, code)) if code == s.code() => {}
            Some((_, code)) => {
                return Err(format!(
                "service number {no} is {code} in this store and {} in this entrack's catalogue",
                s.code()
            ))
            }
            None => {
                c.execute(
                    "INSERT INTO service_codes (service_no, code) VALUES ($1, $2)",
                    &[&no, &s.code()],
                )
                .map_err(|e| format!("service {} cannot get number {no}: {e}", s.code()))?;
                added += 1;
            }
        }
    }
    Ok(added)
}

/// On opening: every catalogue service has its number, and no number changed meaning.
pub(crate) fn number_services(conn: &mut postgres::Client) -> entrack_store::Result<()> {
    let known: i64 = conn
        .query_one("SELECT COUNT(*) FROM service_codes", &[])
        .map_err(crate::backend)?
        .get(0);
    if known as usize == Service::all().count() {
        return record_numbers(conn)
            .map(|_| ())
            .map_err(entrack_store::StoreError::Invariant);
    }
    let mut tx = conn.transaction().map_err(crate::backend)?;
    tx.execute("LOCK TABLE service_codes IN EXCLUSIVE MODE", &[])
        .map_err(crate::backend)?;
    record_numbers(&mut tx).map_err(entrack_store::StoreError::Invariant)?;
    tx.commit().map_err(crate::backend)
}

/// A tenant id for states packed without their tenant (the record's key names it).
fn placeholder() -> TenantId {
    TenantId::parse("00000000-0000-0000-0000-000000000000").expect("a well-formed id")
}

fn stored_code<T>(v: Option<String>, f: fn(&str) -> Option<T>) -> Result<Option<T>, MigrateError> {
    v.map(|x| f(&x).ok_or_else(|| data(format!("a service holds an unknown code {x}"))))
        .transpose()
}

/// The migration step.
pub(crate) fn run(tx: &mut postgres::Transaction<'_>) -> Result<(), MigrateError> {
    record_numbers(tx).map_err(data)?;
    let unknown: Vec<String> = tx
        .query(
            "SELECT DISTINCT service FROM services WHERE service NOT IN (SELECT code FROM service_codes)
             UNION SELECT DISTINCT service FROM events
             WHERE service IS NOT NULL AND service NOT IN (SELECT code FROM service_codes)",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if !unknown.is_empty() {
        return Err(data(format!(
            "the store holds services entrack does not know: {}",
            unknown.join(", ")
        )));
    }
    pack_services(tx)
}

/// One old service, read with its rows.
struct Old {
    no: i64,
    service: Service,
    state: ServiceState,
    since: Vec<Option<i64>>,
    removed: bool,
    digest: Option<Vec<u8>>,
    file: Option<Vec<u8>>,
}

fn pack_services(tx: &mut postgres::Transaction<'_>) -> Result<(), MigrateError> {
    // Services with their rows, in one ordered stream read a page at a time (the inserts
    // run between the pages).
    let portal = tx.bind(
        "SELECT s.tenant_no, s.service, s.total_entitlements, s.scenario, s.engagement_scenario,
                s.service_status, s.engagement_start_date::text, s.review, s.version, s.removed,
                s.digest, s.file_digest,
                r.l1, r.l2, r.l3, r.entitlements, r.target_date::text, r.owner, r.note,
                r.next_action, r.next_action_date::text, r.since
         FROM services s LEFT JOIN status_rows r ON r.tenant_no = s.tenant_no AND r.service = s.service
         ORDER BY s.tenant_no, s.service",
        &[],
    )?;
    let insert = tx.prepare(
        "INSERT INTO services8 (svc_key, version, removed, digest, file_digest, state, filter)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )?;
    let mut current: Option<Old> = None;
    let mut blob = Vec::new();
    loop {
        let rows = tx.query_portal(&portal, 2000)?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let no: i64 = r.get(0);
            let code: String = r.get(1);
            let service = Service::from_code(&code)
                .ok_or_else(|| data(format!("an unknown service {code}")))?;
            if current
                .as_ref()
                .is_none_or(|c| c.no != no || c.service != service)
            {
                if let Some(old) = current.take() {
                    write(tx, &insert, old, &mut blob)?;
                }
                let mut state = ServiceState::new(placeholder(), service);
                state.total_entitlements = u64::try_from(r.get::<_, i64>(2)).map_err(data)?;
                state.scenario = stored_code(r.get(3), Scenario::from_code)?;
                state.engagement_scenario =
                    stored_code(Some(r.get(4)), EngagementScenario::from_code)?.unwrap_or_default();
                state.service_status = stored_code(r.get(5), ServicePhase::from_code)?;
                state.engagement_start_date = r
                    .get::<_, Option<String>>(6)
                    .map(|d| d.parse().map_err(data))
                    .transpose()?;
                state.review = stored_code(r.get(7), Review::parse)?;
                state.version = u64::try_from(r.get::<_, i64>(8)).map_err(data)?;
                current = Some(Old {
                    no,
                    service,
                    state,
                    since: Vec::new(),
                    removed: r.get(9),
                    digest: r.get(10),
                    file: r.get(11),
                });
            }
            let Some(l1) = r.get::<_, Option<String>>(12) else {
                continue; // a service without rows
            };
            let (l2, l3): (String, String) = (r.get(13), r.get(14));
            let key = RowKey::from_codes(&l1, &l2, &l3)
                .ok_or_else(|| data(format!("an unknown status {l1}/{l2}/{l3}")))?;
            let mut row = StatusRow::new(key, u64::try_from(r.get::<_, i64>(15)).map_err(data)?);
            let date = |v: Option<String>| -> Result<_, MigrateError> {
                v.map(|d| d.parse().map_err(data)).transpose()
            };
            row.target_date = date(r.get(16))?;
            row.owner = r.get(17);
            row.note = r.get(18);
            row.next_action = r.get(19);
            row.next_action_date = date(r.get(20))?;
            let old = current.as_mut().expect("set above");
            old.state.rows.push(row);
            old.since.push(r.get(21));
        }
    }
    if let Some(old) = current.take() {
        write(tx, &insert, old, &mut blob)?;
    }
    Ok(())
}

fn write(
    tx: &mut postgres::Transaction<'_>,
    insert: &postgres::Statement,
    old: Old,
    blob: &mut Vec<u8>,
) -> Result<(), MigrateError> {
    let Old {
        no,
        service,
        mut state,
        since,
        removed,
        digest,
        file,
    } = old;
    let mut both: Vec<(StatusRow, Option<i64>)> = state.rows.drain(..).zip(since).collect();
    both.sort_by_key(|(r, _)| r.key());
    let (rows, since): (Vec<_>, Vec<_>) = both.into_iter().unzip();
    state.rows = rows;
    let at = |r: &StatusRow| {
        state
            .rows
            .iter()
            .position(|x| std::ptr::eq(x, r))
            .and_then(|i| since[i])
    };
    packed::encode_state(&state, at, blob);
    let filter = filter_of(&state, &at);
    tx.execute(
        insert,
        &[
            &svc_key(no, service),
            &(state.version as i64),
            &removed,
            &digest,
            &file,
            &*blob,
            &filter,
        ],
    )?;
    Ok(())
}
