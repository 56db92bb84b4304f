//! The PostgreSQL store: the same contract as the embedded store, for a whole programme and
//! for several `entrack serve` processes on one database.
//!
//! * Every method is one transaction on a pooled connection. Reads that take more than one
//!   statement run in a `REPEATABLE READ READ ONLY` transaction, so they see one state.
//! * A write locks the service rows it checks (`SELECT … FOR UPDATE`): two servers that
//!   change the same service one after the other get a conflict, never a lost update.
//!   Deadlocks and serialisation failures are retried.
//! * The pivot is kept by the writes themselves, in their transaction.
//! * A bulk transaction buffers new tenants, services, rows and events and sends them with
//!   `COPY … FROM STDIN`; anything that must read or check first flushes the buffers.

mod accounts;
mod copy;
mod migrations;
mod moving;
mod tenants;

use entrack_core::digest::{status_digest, Digest};
use entrack_core::history::{decode_changes, encode_changes_into, Event, EventKind, Source};
use entrack_core::model::{EngagementScenario, Review, RowKey, Scenario, ServicePhase, StatusRow};
use entrack_core::report::{sort, ReportLine};
use entrack_core::{Service, ServiceState, Tenant, TenantId};
use entrack_store::{
    tenant_key, Batch, BatchKind, Bulk, Count, ExportQuery, Finish, HistoryQuery, Index,
    InsightQuery, Insights, Mark, OrgId, ReportQuery, Result, Store, StoreError, TenantQuery,
    Write, DEFAULT_ORG,
};
use jiff::civil::Date;
use jiff::Timestamp;
use postgres::error::SqlState;
use postgres::{GenericClient, IsolationLevel, NoTls, Row};
use r2d2_postgres::PostgresConnectionManager;
use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::time::Duration;

pub use migrations::MIGRATIONS;

type Manager = PostgresConnectionManager<NoTls>;
type Conn = r2d2::PooledConnection<Manager>;

/// Connections kept open per process.
const POOL_SIZE: u32 = 16;

/// How often a transaction that lost a deadlock or a serialisation race is tried again.
const RETRIES: usize = 5;

/// The PostgreSQL store.
pub struct PgStore {
    /// Taken only when the store is dropped.
    pool: Option<r2d2::Pool<Manager>>,
    /// Where it is, without a password (for messages).
    target: String,
    config: postgres::Config,
}

pub(crate) fn backend(e: postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => StoreError::Backend(format!("{} ({})", db.message(), db.code().code())),
        None => StoreError::Backend(e.to_string()),
    }
}

pub(crate) fn invariant(what: impl std::fmt::Display) -> StoreError {
    StoreError::Invariant(what.to_string())
}

pub(crate) fn is_code(e: &postgres::Error, code: &SqlState) -> bool {
    e.code() == Some(code)
}

/// Whether a transaction failed only because of another one and may simply run again.
fn is_retryable(e: &StoreError) -> bool {
    matches!(e, StoreError::Backend(m) if m.ends_with("(40001)") || m.ends_with("(40P01)"))
}

/// The client blocks on a runtime of its own, which a thread of an async runtime may not
/// do: called there (a multi-threaded runtime's worker), the work first leaves the
/// runtime. Elsewhere, a blocking-pool thread included, it runs as it is.
pub(crate) fn off_runtime<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        _ => f(),
    }
}

/// An instant as stored: nanoseconds since the Unix epoch.
pub(crate) fn nanos(t: Timestamp) -> i64 {
    i64::try_from(t.as_nanosecond()).unwrap_or(i64::MAX)
}

pub(crate) fn instant(n: i64) -> Result<Timestamp> {
    Timestamp::from_nanosecond(i128::from(n)).map_err(invariant)
}

pub(crate) fn tenant_id(s: &str) -> Result<TenantId> {
    TenantId::parse(s).ok_or_else(|| invariant(format!("bad tenant id {s}")))
}

pub(crate) fn get<'a, T: postgres::types::FromSql<'a>>(r: &'a Row, i: usize) -> Result<T> {
    r.try_get(i).map_err(backend)
}

pub(crate) const SERVICE_COLUMNS: &str = "service, total_entitlements, scenario, engagement_scenario, service_status, engagement_start_date, review, version";
/// Since when each row of a service had its status (unix seconds), by its path.
type Since = std::collections::HashMap<String, i64>;

pub(crate) const ROW_COLUMNS: &str =
    "l1, l2, l3, entitlements, target_date, owner, note, next_action, next_action_date";

fn code_of<T>(v: Option<&str>, f: fn(&str) -> Option<T>, what: &str) -> Result<Option<T>> {
    v.map(|s| f(s).ok_or_else(|| invariant(format!("unknown {what} {s}"))))
        .transpose()
}

/// Reads the [`SERVICE_COLUMNS`] starting at column `at` (without its rows).
pub(crate) fn service_at(tenant: TenantId, r: &Row, at: usize) -> Result<ServiceState> {
    let service = code_of(get(r, at)?, Service::from_code, "service")?
        .ok_or_else(|| invariant("a service without a code"))?;
    let mut s = ServiceState::new(tenant, service);
    s.total_entitlements = u64::try_from(get::<i64>(r, at + 1)?).map_err(invariant)?;
    s.scenario = code_of(get(r, at + 2)?, Scenario::from_code, "scenario")?;
    s.engagement_scenario = code_of(
        get(r, at + 3)?,
        EngagementScenario::from_code,
        "engagement scenario",
    )?
    .unwrap_or_default();
    s.service_status = code_of(get(r, at + 4)?, ServicePhase::from_code, "service status")?;
    s.engagement_start_date = get(r, at + 5)?;
    s.review = code_of(get(r, at + 6)?, Review::parse, "review flag")?;
    s.version = u64::try_from(get::<i64>(r, at + 7)?).map_err(invariant)?;
    Ok(s)
}

/// Reads the [`ROW_COLUMNS`] starting at column `at`.
pub(crate) fn row_at(r: &Row, at: usize) -> Result<StatusRow> {
    let l1: &str = get(r, at)?;
    let l2: &str = get(r, at + 1)?;
    let l3: &str = get(r, at + 2)?;
    let key = RowKey::from_codes(l1, l2, l3)
        .ok_or_else(|| invariant(format!("unknown status {l1}/{l2}/{l3}")))?;
    let mut row = StatusRow::new(
        key,
        u64::try_from(get::<i64>(r, at + 3)?).map_err(invariant)?,
    );
    row.target_date = get(r, at + 4)?;
    row.owner = get(r, at + 5)?;
    row.note = get(r, at + 6)?;
    row.next_action = get(r, at + 7)?;
    row.next_action_date = get(r, at + 8)?;
    Ok(row)
}

fn load_rows(c: &mut impl GenericClient, tenant_no: i64, s: &mut ServiceState) -> Result<()> {
    let rows = c
        .query(
            &format!("SELECT {ROW_COLUMNS} FROM status_rows WHERE tenant_no = $1 AND service = $2"),
            &[&tenant_no, &s.service.code()],
        )
        .map_err(backend)?;
    for r in &rows {
        s.rows.push(row_at(r, 0)?);
    }
    s.canonicalize();
    Ok(())
}

/// The local key of a tenant (removed ones included) and whether it is removed.
fn tenant_no(c: &mut impl GenericClient, tenant: &TenantId) -> Result<Option<(i64, bool)>> {
    let r = c
        .query_opt(
            "SELECT tenant_no, removed FROM tenants WHERE tenant_id = $1",
            &[&tenant.as_str()],
        )
        .map_err(backend)?;
    r.map(|r| Ok((get(&r, 0)?, get(&r, 1)?))).transpose()
}

/// The local key and organisation of a live tenant.
pub(crate) fn live_tenant(
    c: &mut impl GenericClient,
    tenant: &TenantId,
) -> Result<Option<(i64, OrgId)>> {
    let r = c
        .query_opt(
            "SELECT tenant_no, org_id FROM tenants WHERE tenant_id = $1 AND NOT removed",
            &[&tenant.as_str()],
        )
        .map_err(backend)?;
    r.map(|r| Ok((get(&r, 0)?, get(&r, 1)?))).transpose()
}

/// A live service of the tenant with local key `no`, with its rows.
fn service_of(
    c: &mut impl GenericClient,
    no: i64,
    tenant: &TenantId,
    service: Service,
) -> Result<Option<ServiceState>> {
    let Some(r) = c
        .query_opt(
            &format!(
                "SELECT {SERVICE_COLUMNS} FROM services WHERE tenant_no = $1 AND service = $2 AND NOT removed"
            ),
            &[&no, &service.code()],
        )
        .map_err(backend)?
    else {
        return Ok(None);
    };
    let mut s = service_at(tenant.clone(), &r, 0)?;
    load_rows(c, no, &mut s)?;
    Ok(Some(s))
}

fn read_service(
    c: &mut impl GenericClient,
    tenant: &TenantId,
    service: Service,
) -> Result<Option<ServiceState>> {
    let Some((no, _)) = live_tenant(c, tenant)? else {
        return Ok(None);
    };
    service_of(c, no, tenant, service)
}

/// Pivot changes gathered during a transaction and written once at its end (in key
/// order, so that two transactions never take the same lines' locks in opposite orders).
type PivotDelta = BTreeMap<(OrgId, &'static str, &'static str, &'static str), (i64, i64)>;

fn pivot_add(
    delta: &mut PivotDelta,
    org: OrgId,
    service: Service,
    row: (&'static str, &'static str),
    n: i64,
    sign: i64,
) {
    let e = delta
        .entry((org, service.code(), row.0, row.1))
        .or_default();
    e.0 += sign;
    e.1 += sign * n;
}

fn l2_code(k: &RowKey) -> &'static str {
    k.l2.map(|x| x.code()).unwrap_or("")
}

fn int(n: u64) -> Result<i64> {
    i64::try_from(n).map_err(invariant)
}

/// Services changed by one bulk write after which the planner's statistics are renewed.
const ANALYZE_AFTER: i64 = 10_000;

/// Renews the statistics of the tables the lists and pages filter on. Autovacuum does it
/// in its own time; right after a bulk write the planner would otherwise take a table of a
/// million rows for an empty one and pick plans that read all of it.
pub(crate) fn analyze(conn: &mut postgres::Client) -> Result<()> {
    conn.batch_execute("ANALYZE tenants, services, status_rows, assignments")
        .map_err(backend)
}

/// One write transaction with what it gathers on the way.
struct Tx<'c> {
    tx: postgres::Transaction<'c>,
    pivot: PivotDelta,
    /// Tenant → (local key, organisation).
    tenants: HashMap<TenantId, (i64, OrgId)>,
    first_seq: Option<i64>,
    last_seq: Option<i64>,
    changes: Vec<u8>,
    /// Set in a bulk transaction: new tenants, services, rows and events go out by COPY.
    copy: Option<copy::Buffers>,
}

impl<'c> Tx<'c> {
    fn new(tx: postgres::Transaction<'c>, bulk: bool) -> Tx<'c> {
        Tx {
            tx,
            pivot: PivotDelta::new(),
            tenants: HashMap::new(),
            first_seq: None,
            last_seq: None,
            changes: Vec::with_capacity(4096),
            copy: bulk.then(copy::Buffers::default),
        }
    }

    fn tenant(&mut self, tenant: &TenantId) -> Result<(i64, OrgId)> {
        if let Some(n) = self.tenants.get(tenant) {
            return Ok(*n);
        }
        let n = live_tenant(&mut self.tx, tenant)?
            .ok_or_else(|| StoreError::NotFound(format!("tenant {tenant}")))?;
        self.tenants.insert(tenant.clone(), n);
        Ok(n)
    }

    fn seen_seq(&mut self, seq: i64) {
        self.first_seq = Some(self.first_seq.map_or(seq, |f| f.min(seq)));
        self.last_seq = Some(self.last_seq.map_or(seq, |l| l.max(seq)));
    }

    /// Sends what the COPY buffers hold.
    fn flush(&mut self) -> Result<()> {
        if let Some(b) = self.copy.as_mut() {
            b.flush(&mut self.tx)?;
        }
        Ok(())
    }

    fn insert_event(&mut self, no: i64, e: &Event) -> Result<()> {
        encode_changes_into(&e.changes, &mut self.changes);
        let changes = std::str::from_utf8(&self.changes).map_err(invariant)?;
        if let Some(b) = self.copy.as_mut() {
            let seq = b.event(&mut self.tx, no, e, changes)?;
            self.seen_seq(seq);
            return Ok(());
        }
        let r = self
            .tx
            .query_one(
                "INSERT INTO events (at, actor, source, tenant_no, service, kind, version, changes, batch)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq",
                &[
                    &nanos(e.at),
                    &e.actor,
                    &e.source.code(),
                    &no,
                    &e.service,
                    &e.kind.code(),
                    &int(e.version)?,
                    &changes,
                    &e.batch,
                ],
            )
            .map_err(|err| {
                if is_code(&err, &SqlState::UNIQUE_VIOLATION) {
                    StoreError::Conflict {
                        what: format!(
                            "{} of tenant {}",
                            e.service.as_deref().unwrap_or(""),
                            e.tenant_id
                        ),
                        current_version: e.version,
                    }
                } else {
                    backend(err)
                }
            })?;
        let seq: i64 = get(&r, 0)?;
        self.seen_seq(seq);
        Ok(())
    }

    /// The stored version (removed services included) and whether it is removed, locked
    /// until the transaction ends.
    fn current(&mut self, no: i64, service: Service) -> Result<Option<(u64, bool)>> {
        self.flush()?;
        let r = self
            .tx
            .query_opt(
                "SELECT version, removed FROM services WHERE tenant_no = $1 AND service = $2 FOR UPDATE",
                &[&no, &service.code()],
            )
            .map_err(backend)?;
        r.map(|r| {
            Ok((
                u64::try_from(get::<i64>(&r, 0)?).map_err(invariant)?,
                get(&r, 1)?,
            ))
        })
        .transpose()
    }

    fn check_version(
        &mut self,
        no: i64,
        service: Service,
        tenant: &TenantId,
        new: u64,
    ) -> Result<Option<(u64, bool)>> {
        let current = self.current(no, service)?;
        entrack_store::check_successor(current.map(|c| c.0).unwrap_or(0), new, tenant, service)?;
        Ok(current)
    }

    /// Deletes a service's rows, taking them out of the pivot; answers since when each row
    /// had its status, by its path (`l1/l2/l3`).
    fn delete_rows(&mut self, no: i64, org: OrgId, service: Service) -> Result<Since> {
        let old = self
            .tx
            .query(
                "DELETE FROM status_rows WHERE tenant_no = $1 AND service = $2 RETURNING l1, l2, entitlements, l3, since",
                &[&no, &service.code()],
            )
            .map_err(backend)?;
        let mut since = Since::default();
        for r in &old {
            let (l1, l2, n): (&str, &str, i64) = (get(r, 0)?, get(r, 1)?, get(r, 2)?);
            let key = RowKey::from_codes(l1, l2, "")
                .ok_or_else(|| invariant(format!("unknown status {l1}/{l2}")))?;
            pivot_add(
                &mut self.pivot,
                org,
                service,
                (key.l1.code(), l2_code(&key)),
                n,
                -1,
            );
            let (l3, at): (&str, Option<i64>) = (get(r, 3)?, get(r, 4)?);
            if let Some(at) = at {
                since.insert(format!("{l1}/{l2}/{l3}"), at);
            }
        }
        Ok(since)
    }

    fn put_service(
        &mut self,
        s: &ServiceState,
        event: &Event,
        file: Option<&Digest>,
        state_digest: Option<&Digest>,
    ) -> Result<()> {
        let (no, org) = self.tenant(&s.tenant_id)?;
        let digest: Digest = state_digest.copied().unwrap_or_else(|| status_digest(s));
        // A creation may come without its changes (a bulk import leaves them to the
        // store): they are the whole state, from nothing.
        let whole;
        let creation = |event: &Event| -> Event {
            Event {
                changes: entrack_core::history::diff_service(None, s),
                ..event.clone()
            }
        };
        if s.version == 1 && self.copy.is_some() {
            let event = if event.changes.is_empty() {
                whole = creation(event);
                &whole
            } else {
                event
            };
            // A new service in a bulk transaction: the primary key refuses it at the COPY
            // if it exists after all, and the whole transaction fails.
            for r in &s.rows {
                let key = r.key();
                pivot_add(
                    &mut self.pivot,
                    org,
                    s.service,
                    (r.l1.code(), l2_code(&key)),
                    int(r.entitlements)?,
                    1,
                );
            }
            self.copy.as_mut().expect("checked above").service(
                no,
                s,
                &digest,
                file,
                event.at.as_second(),
            )?;
            return self.insert_event(no, event);
        }
        // Version 1 means "new"; the check locks nothing when there is nothing, so a
        // service created meanwhile by another transaction is caught by the primary key.
        let current = self.check_version(no, s.service, &s.tenant_id, s.version)?;
        let event = if event.changes.is_empty() && current.is_none_or(|(_, removed)| removed) {
            whole = creation(event);
            &whole
        } else {
            event
        };
        let mut since = Since::default();
        let code = s.service.code();
        let total = int(s.total_entitlements)?;
        let version = int(s.version)?;
        let scenario = s.scenario.map(|x| x.code());
        let engagement = s.engagement_scenario.code();
        let phase = s.service_status.map(|x| x.code());
        let review = s.review.map(|r| r.to_string());
        let file = file.map(|d| &d[..]);
        let values: [&(dyn postgres::types::ToSql + Sync); 11] = [
            &no,
            &code,
            &total,
            &scenario,
            &engagement,
            &phase,
            &s.engagement_start_date,
            &review,
            &version,
            &&digest[..],
            &file,
        ];
        if current.is_none() {
            self.tx
                .execute(
                    &format!(
                        "INSERT INTO services (tenant_no, {SERVICE_COLUMNS}, digest, file_digest) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                    ),
                    &values,
                )
                .map_err(|e| {
                    if is_code(&e, &SqlState::UNIQUE_VIOLATION) {
                        StoreError::Conflict {
                            what: format!("{code} of tenant {}", s.tenant_id),
                            current_version: 1,
                        }
                    } else {
                        backend(e)
                    }
                })?;
        } else {
            self.tx
                .execute(
                    "UPDATE services SET total_entitlements = $3, scenario = $4, engagement_scenario = $5,
                     service_status = $6, engagement_start_date = $7, review = $8, version = $9, digest = $10,
                     file_digest = $11, removed = false WHERE tenant_no = $1 AND service = $2",
                    &values,
                )
                .map_err(backend)?;
            since = self.delete_rows(no, org, s.service)?;
        }
        let now = event.at.as_second();
        let st = self
            .tx
            .prepare(&format!(
                "INSERT INTO status_rows (tenant_no, service, {ROW_COLUMNS}, since) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            ))
            .map_err(backend)?;
        for r in &s.rows {
            let key = r.key();
            let n = int(r.entitlements)?;
            let kept = since.get(&key.path()).copied().unwrap_or(now);
            self.tx
                .execute(
                    &st,
                    &[
                        &no,
                        &code,
                        &r.l1.code(),
                        &l2_code(&key),
                        &r.l3.map(|x| x.code()).unwrap_or(""),
                        &n,
                        &r.target_date,
                        &r.owner,
                        &r.note,
                        &r.next_action,
                        &r.next_action_date,
                        &kept,
                    ],
                )
                .map_err(backend)?;
            pivot_add(
                &mut self.pivot,
                org,
                s.service,
                (r.l1.code(), l2_code(&key)),
                n,
                1,
            );
        }
        self.insert_event(no, event)
    }

    fn create_tenant(&mut self, tenant: &Tenant, org: Option<OrgId>, event: &Event) -> Result<()> {
        let want = org.unwrap_or(DEFAULT_ORG);
        if let Some(b) = self.copy.as_mut() {
            if let Some(no) = b.new_tenant(&mut self.tx, tenant, want)? {
                self.tenants.insert(tenant.tenant_id.clone(), (no, want));
                return self.insert_event(no, event);
            }
            self.flush()?;
        }
        let exists = self
            .tx
            .query_opt("SELECT 1 FROM organisations WHERE org_id = $1", &[&want])
            .map_err(backend)?
            .is_some();
        if !exists {
            return Err(StoreError::NotFound(format!("organisation {want}")));
        }
        let found = self
            .tx
            .query_opt(
                "SELECT tenant_no, removed, org_id FROM tenants WHERE tenant_id = $1 FOR UPDATE",
                &[&tenant.tenant_id.as_str()],
            )
            .map_err(backend)?
            .map(|r| {
                Ok::<_, StoreError>((get::<i64>(&r, 0)?, get::<bool>(&r, 1)?, get::<i64>(&r, 2)?))
            })
            .transpose()?;
        let taken = || StoreError::AlreadyExists(format!("tenant {}", tenant.tenant_id));
        let (no, org) = match found {
            // A tenant id is the customer's GUID: it can be held by one organisation only,
            // removed or not.
            Some((_, false, _)) => return Err(taken()),
            Some((_, true, o)) if org.is_some_and(|org| org != o) => return Err(taken()),
            Some((no, true, o)) => {
                self.tx
                    .execute(
                        "UPDATE tenants SET removed = false, tenant_name = $2 WHERE tenant_no = $1",
                        &[&no, &tenant.tenant_name],
                    )
                    .map_err(backend)?;
                (no, o)
            }
            None => {
                // No row back: another transaction created it meanwhile.
                let r = self
                    .tx
                    .query_opt(
                        "INSERT INTO tenants (tenant_id, tenant_name, org_id) VALUES ($1, $2, $3)
                         ON CONFLICT (tenant_id) DO NOTHING RETURNING tenant_no",
                        &[&tenant.tenant_id.as_str(), &tenant.tenant_name, &want],
                    )
                    .map_err(backend)?
                    .ok_or_else(taken)?;
                (get(&r, 0)?, want)
            }
        };
        self.tenants.insert(tenant.tenant_id.clone(), (no, org));
        self.insert_event(no, event)
    }

    fn write(&mut self, w: &Write) -> Result<()> {
        match w {
            Write::CreateTenant { tenant, org, event } => self.create_tenant(tenant, *org, event),
            Write::PutService {
                state,
                event,
                file,
                state_digest,
            } => self.put_service(state, event, file.as_ref(), state_digest.as_ref()),
            Write::RemoveService {
                tenant,
                service,
                version,
                event,
            } => {
                let (no, org) = self.tenant(tenant)?;
                match self.check_version(no, *service, tenant, *version)? {
                    Some((_, false)) => {}
                    _ => {
                        return Err(StoreError::NotFound(format!(
                            "{} of tenant {tenant}",
                            service.code()
                        )))
                    }
                }
                self.tx
                    .execute(
                        "UPDATE services SET removed = true, version = $3, file_digest = NULL WHERE tenant_no = $1 AND service = $2",
                        &[&no, &service.code(), &int(*version)?],
                    )
                    .map_err(backend)?;
                self.delete_rows(no, org, *service)?;
                self.insert_event(no, event)
            }
            Write::RemoveTenant { tenant, event } => {
                self.flush()?;
                let (no, _) = self.tenant(tenant)?;
                let live = self
                    .tx
                    .query_opt(
                        "SELECT 1 FROM services WHERE tenant_no = $1 AND NOT removed LIMIT 1",
                        &[&no],
                    )
                    .map_err(backend)?
                    .is_some();
                if live {
                    return Err(invariant(format!("tenant {tenant} still has services")));
                }
                self.tx
                    .execute(
                        "UPDATE tenants SET removed = true WHERE tenant_no = $1",
                        &[&no],
                    )
                    .map_err(backend)?;
                self.tenants.remove(tenant);
                self.insert_event(no, event)
            }
            Write::RecordBatch(b) => {
                self.flush()?;
                self.tx
                    .execute(
                        "INSERT INTO batches (batch, kind, at, actor, file, undoes, first_seq, last_seq, summary)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        &[
                            &b.id,
                            &b.kind.code(),
                            &nanos(b.at),
                            &b.actor,
                            &b.file,
                            &b.undoes,
                            &self.first_seq,
                            &self.last_seq,
                            &b.summary,
                        ],
                    )
                    .map_err(|e| {
                        if is_code(&e, &SqlState::UNIQUE_VIOLATION) {
                            StoreError::AlreadyExists(format!("batch {} or its undo", b.id))
                        } else if is_code(&e, &SqlState::FOREIGN_KEY_VIOLATION) {
                            StoreError::NotFound(format!(
                                "batch {}",
                                b.undoes.as_deref().unwrap_or("")
                            ))
                        } else {
                            backend(e)
                        }
                    })?;
                Ok(())
            }
        }
    }

    /// Applies one commit's writes; returns its events with their `seq`.
    fn apply(&mut self, writes: &[Write]) -> Result<Vec<Event>> {
        let mut events = Vec::with_capacity(writes.len());
        for w in writes {
            self.write(w)?;
            let Some(event) = w.event() else {
                continue;
            };
            let mut stored = event.clone();
            stored.seq = self.last_seq.unwrap_or_default();
            events.push(stored);
        }
        Ok(events)
    }

    fn finish(mut self) -> Result<()> {
        self.flush()?;
        let pivot = std::mem::take(&mut self.pivot);
        let mut emptied = false;
        if !pivot.is_empty() {
            // An update first (a negative delta never fails a check on its way), and an
            // insert for a line that is not there yet, which another transaction may
            // just have added.
            let update = self
                .tx
                .prepare(
                    "UPDATE pivot SET rows = rows + $5, entitlements = entitlements + $6
                     WHERE org_id = $1 AND service = $2 AND l1 = $3 AND l2 = $4",
                )
                .map_err(backend)?;
            let insert = self
                .tx
                .prepare(
                    "INSERT INTO pivot (org_id, service, l1, l2, rows, entitlements) VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (org_id, service, l1, l2) DO UPDATE
                     SET rows = pivot.rows + EXCLUDED.rows, entitlements = pivot.entitlements + EXCLUDED.entitlements",
                )
                .map_err(backend)?;
            for ((org, service, l1, l2), (rows, n)) in pivot {
                if rows == 0 && n == 0 {
                    continue;
                }
                emptied |= rows < 0;
                let params: [&(dyn postgres::types::ToSql + Sync); 6] =
                    [&org, &service, &l1, &l2, &rows, &n];
                if self.tx.execute(&update, &params).map_err(backend)? == 0 {
                    self.tx.execute(&insert, &params).map_err(backend)?;
                }
            }
        }
        if emptied {
            self.tx
                .execute("DELETE FROM pivot WHERE rows = 0", &[])
                .map_err(backend)?;
        }
        self.tx.commit().map_err(backend)
    }
}

impl Bulk for Tx<'_> {
    fn service(&mut self, tenant: &TenantId, service: Service) -> Result<Option<ServiceState>> {
        self.flush()?;
        read_service(&mut self.tx, tenant, service)
    }

    fn write(&mut self, write: Write) -> Result<()> {
        Tx::write(self, &write)
    }
}

pub(crate) const EVENT_SELECT: &str = "SELECT e.seq, e.at, e.actor, e.source, t.tenant_id, e.service, e.kind, e.version, e.changes, e.batch
     FROM events e JOIN tenants t ON t.tenant_no = e.tenant_no";

pub(crate) fn event_from(r: &Row) -> Result<Event> {
    let source: &str = get(r, 3)?;
    let kind: &str = get(r, 6)?;
    Ok(Event {
        seq: get(r, 0)?,
        at: instant(get(r, 1)?)?,
        actor: get(r, 2)?,
        source: Source::from_code(source)
            .ok_or_else(|| invariant(format!("unknown source {source}")))?,
        tenant_id: tenant_id(get(r, 4)?)?,
        service: get(r, 5)?,
        kind: EventKind::from_code(kind)
            .ok_or_else(|| invariant(format!("unknown event kind {kind}")))?,
        version: u64::try_from(get::<i64>(r, 7)?).map_err(invariant)?,
        changes: decode_changes(get(r, 8)?).map_err(invariant)?,
        batch: get(r, 9)?,
    })
}

pub(crate) const BATCH_SELECT: &str =
    "SELECT b.batch, b.kind, b.at, b.actor, b.file, b.undoes, b.first_seq, b.last_seq, b.summary,
     (SELECT u.batch FROM batches u WHERE u.undoes = b.batch) FROM batches b";

pub(crate) fn batch_from(r: &Row) -> Result<Batch> {
    let kind: &str = get(r, 1)?;
    Ok(Batch {
        id: get(r, 0)?,
        kind: BatchKind::from_code(kind)
            .ok_or_else(|| invariant(format!("unknown batch kind {kind}")))?,
        at: instant(get(r, 2)?)?,
        actor: get(r, 3)?,
        file: get(r, 4)?,
        undoes: get(r, 5)?,
        first_seq: get(r, 6)?,
        last_seq: get(r, 7)?,
        summary: get(r, 8)?,
        undone_by: get(r, 9)?,
    })
}

/// Hides a password in a connection string shown to a user.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db`, with
    /// `?options=-c%20search_path%3D…` to choose a schema) and migrates it.
    pub fn open(url: &str) -> Result<PgStore> {
        off_runtime(|| PgStore::open_here(url))
    }

    fn open_here(url: &str) -> Result<PgStore> {
        let target = redact(url);
        let config = postgres::Config::from_str(url).map_err(|e| {
            StoreError::Backend(format!("{target} is not a PostgreSQL address: {e}"))
        })?;
        let mut config = config;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("entrack");
        }
        let manager = PostgresConnectionManager::new(config.clone(), NoTls);
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(0))
            .connection_timeout(Duration::from_secs(15))
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(manager);
        let store = PgStore {
            pool: Some(pool),
            target,
            config,
        };
        let mut conn = store.conn()?;
        migrations::migrate(&mut conn).map_err(|e| match e {
            migrations::MigrateError::Sql(e) => StoreError::Backend(format!(
                "{} cannot hold an entrack store: {}",
                store.target,
                backend(e)
            )),
            migrations::MigrateError::Edited { name } => invariant(format!(
                "migration {name} differs from the one applied to this store"
            )),
            migrations::MigrateError::TooNew { found, known } => invariant(format!(
                "this store has schema version {found}; this entrack knows up to {known}: upgrade entrack"
            )),
        })?;
        Ok(store)
    }

    /// Where the store is, without its password.
    pub fn target(&self) -> &str {
        &self.target
    }

    pub(crate) fn conn(&self) -> Result<Conn> {
        let pool = self.pool.as_ref().expect("taken only on drop");
        pool.get().map_err(|e| {
            // r2d2 reports a timeout; the reason is the last connection error.
            let reason = match self.config.connect(NoTls) {
                Err(e) => e.to_string(),
                Ok(_) => e.to_string(),
            };
            StoreError::Backend(format!("cannot connect to {}: {reason}", self.target))
        })
    }

    /// Runs `f` in one read-only transaction that sees one committed state.
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = self.conn()?;
        let mut tx = conn
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(backend)?;
        let out = f(&mut tx)?;
        tx.commit().map_err(backend)?;
        Ok(out)
    }

    /// Runs `f` in a read-write transaction, again when it lost a deadlock or a
    /// serialisation race; `f` commits.
    pub(crate) fn write<T>(
        &self,
        mut f: impl FnMut(postgres::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = self.conn()?;
        let mut tries = 0;
        loop {
            let tx = conn.transaction().map_err(backend)?;
            match f(tx) {
                Err(e) if is_retryable(&e) && tries < RETRIES => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(2 << tries));
                }
                other => return other,
            }
        }
    }

    /// Checks what the database does not check by itself: the pivot equals the rows, each
    /// service's rows add up, every live service's digest matches its rows. Returns the
    /// problems found.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        off_runtime(|| self.integrity_here())
    }

    fn integrity_here(&self) -> Result<Vec<String>> {
        self.read(|tx| {
            let mut out = Vec::new();
            let rows = tx
                .query(
                    "WITH actual AS (
                        SELECT t.org_id, r.service, r.l1, r.l2, COUNT(*)::bigint AS rows,
                               SUM(r.entitlements)::bigint AS entitlements
                        FROM status_rows r JOIN tenants t ON t.tenant_no = r.tenant_no
                        GROUP BY t.org_id, r.service, r.l1, r.l2)
                     SELECT COALESCE(a.service, p.service), COALESCE(a.l1, p.l1), COALESCE(a.l2, p.l2)
                     FROM actual a FULL JOIN pivot p
                       ON p.org_id = a.org_id AND p.service = a.service AND p.l1 = a.l1 AND p.l2 = a.l2
                     WHERE a.rows IS DISTINCT FROM p.rows OR a.entitlements IS DISTINCT FROM p.entitlements",
                    &[],
                )
                .map_err(backend)?;
            for r in &rows {
                out.push(format!(
                    "pivot line {}/{}/{} differs from the status rows",
                    get::<&str>(r, 0)?,
                    get::<&str>(r, 1)?,
                    get::<&str>(r, 2)?
                ));
            }
            let rows = tx
                .query(
                    "SELECT t.tenant_id, s.service FROM services s JOIN tenants t ON t.tenant_no = s.tenant_no
                     WHERE NOT s.removed AND s.total_entitlements <>
                        COALESCE((SELECT SUM(r.entitlements) FROM status_rows r
                                  WHERE r.tenant_no = s.tenant_no AND r.service = s.service), 0)",
                    &[],
                )
                .map_err(backend)?;
            for r in &rows {
                out.push(format!(
                    "the rows of {} of tenant {} do not add up to its total",
                    get::<&str>(r, 1)?,
                    get::<&str>(r, 0)?
                ));
            }
            Ok(out)
        })
    }

    /// Runs raw SQL (for tests that must show what the database itself refuses).
    pub fn execute_raw(&self, sql: &str) -> std::result::Result<u64, String> {
        off_runtime(|| self.execute_here(sql))
    }

    fn execute_here(&self, sql: &str) -> std::result::Result<u64, String> {
        let mut conn = self.conn().map_err(|e| e.to_string())?;
        conn.execute(sql, &[]).map_err(|e| match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => e.to_string(),
        })
    }
}

impl Drop for PgStore {
    /// Closing a connection blocks; on an async runtime (a server shutting down) the pool
    /// is closed on a thread of its own.
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                let _ = std::thread::spawn(move || drop(pool)).join();
            }
        }
    }
}

impl Store for PgStore {
    fn tenant(&self, id: &TenantId) -> Result<Option<Tenant>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_opt(
                    "SELECT tenant_id, tenant_name FROM tenants WHERE tenant_id = $1 AND NOT removed",
                    &[&id.as_str()],
                )
                .map_err(backend)?;
            r.map(|r| {
                Ok(Tenant {
                    tenant_id: tenant_id(get(&r, 0)?)?,
                    tenant_name: get(&r, 1)?,
                })
            })
            .transpose()
        })
    }

    fn tenants(&self, q: &TenantQuery) -> Result<Vec<Tenant>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            tenants::list(&mut *conn, q)
        })
    }

    fn service(&self, tenant: &TenantId, service: Service) -> Result<Option<ServiceState>> {
        off_runtime(|| self.read(|tx| read_service(tx, tenant, service)))
    }

    fn tenant_service(
        &self,
        tenant: &TenantId,
        service: Service,
    ) -> Result<Option<(OrgId, Option<ServiceState>)>> {
        off_runtime(|| {
            self.read(|tx| {
                let Some((no, org)) = live_tenant(tx, tenant)? else {
                    return Ok(None);
                };
                Ok(Some((org, service_of(tx, no, tenant, service)?)))
            })
        })
    }

    fn services(&self, tenant: &TenantId) -> Result<Vec<ServiceState>> {
        off_runtime(|| {
            self.read(|tx| {
                let Some((no, _)) = live_tenant(tx, tenant)? else {
                    return Ok(Vec::new());
                };
                let rows = tx
                    .query(
                        &format!(
                            "SELECT {SERVICE_COLUMNS} FROM services WHERE tenant_no = $1 AND NOT removed ORDER BY service COLLATE \"C\""
                        ),
                        &[&no],
                    )
                    .map_err(backend)?;
                let mut out = Vec::with_capacity(rows.len());
                for r in &rows {
                    out.push(service_at(tenant.clone(), r, 0)?);
                }
                let rows = tx
                    .query(
                        &format!("SELECT service, {ROW_COLUMNS} FROM status_rows WHERE tenant_no = $1"),
                        &[&no],
                    )
                    .map_err(backend)?;
                for r in &rows {
                    let code: &str = get(r, 0)?;
                    if let Some(s) = out.iter_mut().find(|s| s.service.code() == code) {
                        s.rows.push(row_at(r, 1)?);
                    }
                }
                for s in &mut out {
                    s.canonicalize();
                }
                Ok(out)
            })
        })
    }

    fn commit(&self, writes: Vec<Write>) -> Result<Vec<Event>> {
        off_runtime(|| {
            self.write(|tx| {
                let mut tx = Tx::new(tx, false);
                let events = tx.apply(&writes)?;
                tx.finish()?;
                Ok(events)
            })
        })
    }

    fn history(&self, q: &HistoryQuery) -> Result<Vec<Event>> {
        off_runtime(|| {
            self.read(|tx| {
                let no = match &q.tenant {
                    Some(t) => match tenant_no(tx, t)? {
                        Some((no, _)) => Some(no),
                        None => return Ok(Vec::new()),
                    },
                    None => None,
                };
                let limit = q.limit.map(|l| l as i64);
                let rows = tx
                    .query(
                        &format!(
                            "{EVENT_SELECT} WHERE ($1::bigint IS NULL OR e.tenant_no = $1) AND ($2::text IS NULL OR e.service = $2)
                               AND ($3::bigint IS NULL OR t.org_id = $3) AND ($4::bigint IS NULL OR e.at <= $4)
                             ORDER BY e.seq DESC LIMIT $5"
                        ),
                        &[&no, &q.service.map(|s| s.code()), &q.org, &q.until.map(nanos), &limit],
                    )
                    .map_err(backend)?;
                rows.iter().map(event_from).collect()
            })
        })
    }

    fn report(&self, q: &ReportQuery) -> Result<Vec<ReportLine>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let rows = conn
                .query(
                    "SELECT service, l1, l2, SUM(rows)::bigint, SUM(entitlements)::bigint FROM pivot
                     WHERE rows > 0 AND ($1 OR l1 <> 'duplicate-invalid') AND ($2::text IS NULL OR service = $2)
                       AND ($3::bigint IS NULL OR org_id = $3)
                     GROUP BY service, l1, l2",
                    &[&q.include_invalid, &q.service.map(|s| s.code()), &q.org],
                )
                .map_err(backend)?;
            let mut lines = rows
                .iter()
                .map(|r| {
                    Ok(ReportLine {
                        service: get(r, 0)?,
                        l1: get(r, 1)?,
                        l2: get(r, 2)?,
                        rows: u64::try_from(get::<i64>(r, 3)?).map_err(invariant)?,
                        entitlements: u64::try_from(get::<i64>(r, 4)?).map_err(invariant)?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            sort(&mut lines);
            Ok(lines)
        })
    }

    fn insights(&self, q: &InsightQuery) -> Result<Insights> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let rows = conn
                .query(
                    "SELECT r.l1, r.l2, r.l3, ($4::bigint - r.since) / 86400 AS days,
                            CASE WHEN r.next_action_date < $5 THEN COALESCE(r.owner, '') END AS late,
                            COUNT(*)::bigint, SUM(r.entitlements)::bigint
                     FROM status_rows r JOIN tenants t ON t.tenant_no = r.tenant_no
                     WHERE NOT t.removed AND ($1 OR r.l1 <> 'duplicate-invalid')
                       AND ($2::text IS NULL OR r.service = $2) AND ($3::bigint IS NULL OR t.org_id = $3)
                     GROUP BY 1, 2, 3, 4, 5",
                    &[
                        &q.include_invalid,
                        &q.service.map(|s| s.code()),
                        &q.org,
                        &q.now.as_second(),
                        &q.today,
                    ],
                )
                .map_err(backend)?;
            let mut out = Insights::default();
            for r in &rows {
                let count = Count {
                    rows: u64::try_from(get::<i64>(r, 5)?).map_err(invariant)?,
                    seats: u64::try_from(get::<i64>(r, 6)?).map_err(invariant)?,
                };
                out.add(
                    (get(r, 0)?, get(r, 1)?, get(r, 2)?),
                    get(r, 3)?,
                    get(r, 4)?,
                    count,
                );
            }
            Ok(out)
        })
    }

    fn index(&self, org: Option<OrgId>) -> Result<Index> {
        off_runtime(|| {
            self.read(|tx| {
                let mut index = Index::default();
                let mut keys: HashMap<i64, entrack_store::TenantKey> = HashMap::new();
                let rows = tx
                    .query("SELECT tenant_no, tenant_id, removed, org_id FROM tenants", &[])
                    .map_err(backend)?;
                for r in &rows {
                    let no: i64 = get(r, 0)?;
                    let key = tenant_key(&tenant_id(get(r, 1)?)?);
                    let theirs = org.is_some_and(|o| o != get::<i64>(r, 3).unwrap_or(o));
                    if theirs {
                        index.elsewhere.insert(key);
                        continue;
                    }
                    keys.insert(no, key);
                    index.tenants.insert(key, get(r, 2)?);
                }
                drop(rows);
                let params: [&(dyn postgres::types::ToSql + Sync); 0] = [];
                let mut it = tx
                    .query_raw(
                        "SELECT tenant_no, service, removed, digest, total_entitlements, scenario,
                         engagement_scenario, service_status, engagement_start_date, review, version, file_digest
                         FROM services",
                        params,
                    )
                    .map_err(backend)?;
                use postgres::fallible_iterator::FallibleIterator;
                while let Some(r) = it.next().map_err(backend)? {
                    let no: i64 = get(&r, 0)?;
                    let Some(key) = keys.get(&no).copied() else {
                        continue; // a tenant of another organisation
                    };
                    let service = code_of(get(&r, 1)?, Service::from_code, "service")?
                        .ok_or_else(|| invariant("service without a code"))?;
                    let digest = get::<Option<&[u8]>>(&r, 3)?.and_then(|b| <Digest>::try_from(b).ok());
                    index.insert_service(
                        key,
                        service,
                        Mark {
                            version: u64::try_from(get::<i64>(&r, 10)?).map_err(invariant)?,
                            removed: get(&r, 2)?,
                            total: u64::try_from(get::<i64>(&r, 4)?).map_err(invariant)?,
                            digest,
                            scenario: code_of(get(&r, 5)?, Scenario::from_code, "scenario")?,
                            engagement_scenario: code_of(
                                get(&r, 6)?,
                                EngagementScenario::from_code,
                                "engagement scenario",
                            )?
                            .unwrap_or_default(),
                            service_status: code_of(get(&r, 7)?, ServicePhase::from_code, "service status")?,
                            engagement_start_date: get::<Option<Date>>(&r, 8)?,
                            review: code_of(get(&r, 9)?, Review::parse, "review flag")?,
                            file: get::<Option<&[u8]>>(&r, 11)?
                                .and_then(|b| <Digest>::try_from(b).ok()),
                        },
                    );
                }
                Ok(index)
            })
        })
    }

    fn bulk(&self, work: &mut dyn FnMut(&mut dyn Bulk) -> Result<Finish>) -> Result<()> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let tx = conn.transaction().map_err(backend)?;
            let mut tx = Tx::new(tx, true);
            match work(&mut tx)? {
                Finish::Commit => {
                    let events = match (tx.first_seq, tx.last_seq) {
                        (Some(f), Some(l)) => l - f + 1,
                        _ => 0,
                    };
                    tx.finish()?;
                    if events >= ANALYZE_AFTER {
                        analyze(&mut conn)?;
                    }
                    Ok(())
                }
                Finish::Rollback => Ok(()),
            }
        })
    }

    fn batch(&self, id: &str) -> Result<Option<Batch>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_opt(&format!("{BATCH_SELECT} WHERE b.batch = $1"), &[&id])
                .map_err(backend)?;
            r.as_ref().map(batch_from).transpose()
        })
    }

    fn batches(&self, limit: Option<usize>) -> Result<Vec<Batch>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let rows = conn
                .query(
                    &format!(
                        "{BATCH_SELECT} ORDER BY b.at DESC, b.first_seq DESC NULLS LAST LIMIT $1"
                    ),
                    &[&limit.map(|l| l as i64)],
                )
                .map_err(backend)?;
            rows.iter().map(batch_from).collect()
        })
    }

    fn batch_events(&self, id: &str) -> Result<Vec<Event>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let rows = conn
                .query(
                    &format!("{EVENT_SELECT} WHERE e.batch = $1 ORDER BY e.seq"),
                    &[&id],
                )
                .map_err(backend)?;
            rows.iter().map(event_from).collect()
        })
    }

    fn dump(
        &self,
        sink: &mut dyn FnMut(entrack_store::moving::Record) -> Result<()>,
    ) -> Result<()> {
        off_runtime(|| self.read(|tx| moving::dump(tx, sink)))
    }

    fn load(
        &self,
        next: &mut dyn FnMut() -> Result<Option<entrack_store::moving::Record>>,
    ) -> Result<()> {
        off_runtime(|| self.load_records(next))
    }

    fn export(
        &self,
        q: &ExportQuery,
        visit: &mut dyn FnMut(&Tenant, ServiceState) -> Result<()>,
    ) -> Result<()> {
        off_runtime(|| {
            self.read(|tx| {
                let no = match &q.tenant {
                    Some(t) => match live_tenant(tx, t)? {
                        Some((no, _)) => Some(no),
                        None => return Ok(()),
                    },
                    None => None,
                };
                let service = q.service.map(|s| s.code());
                let l1 = q.l1.map(|x| x.code());
                let l2 = q.l2.map(|x| x.code());
                // One ordered stream of services with their rows: the service's columns repeat
                // on each of its rows.
                let sql = format!(
                    "SELECT s.tenant_no, t.tenant_id, t.tenant_name, s.{}, r.l1, r.l2, r.l3, r.entitlements,
                            r.target_date, r.owner, r.note, r.next_action, r.next_action_date
                     FROM services s JOIN tenants t ON t.tenant_no = s.tenant_no
                     LEFT JOIN status_rows r ON r.tenant_no = s.tenant_no AND r.service = s.service
                     WHERE NOT s.removed AND NOT t.removed
                       AND ($1::bigint IS NULL OR s.tenant_no = $1) AND ($2::text IS NULL OR s.service = $2)
                       AND ($3::bigint IS NULL OR t.org_id = $3)
                       AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM status_rows x WHERE x.tenant_no = s.tenant_no
                            AND x.service = s.service AND x.l1 = $4 AND ($5::text IS NULL OR x.l2 = $5)))
                     ORDER BY s.tenant_no, s.service",
                    SERVICE_COLUMNS.replace(", ", ", s.")
                );
                let params: [&(dyn postgres::types::ToSql + Sync); 5] = [&no, &service, &q.org, &l1, &l2];
                let mut it = tx.query_raw(sql.as_str(), params).map_err(backend)?;
                use postgres::fallible_iterator::FallibleIterator;
                let mut current: Option<(i64, Tenant, ServiceState)> = None;
                while let Some(r) = it.next().map_err(backend)? {
                    let no: i64 = get(&r, 0)?;
                    let code: &str = get(&r, 3)?;
                    let same = current
                        .as_ref()
                        .is_some_and(|(n, _, s)| *n == no && s.service.code() == code);
                    if !same {
                        if let Some((_, t, mut s)) = current.take() {
                            s.canonicalize();
                            visit(&t, s)?;
                        }
                        let tenant = Tenant {
                            tenant_id: tenant_id(get(&r, 1)?)?,
                            tenant_name: get(&r, 2)?,
                        };
                        let s = service_at(tenant.tenant_id.clone(), &r, 3)?;
                        current = Some((no, tenant, s));
                    }
                    if get::<Option<&str>>(&r, 11)?.is_some() {
                        let row = row_at(&r, 11)?;
                        current.as_mut().expect("set above").2.rows.push(row);
                    }
                }
                if let Some((_, t, mut s)) = current.take() {
                    s.canonicalize();
                    visit(&t, s)?;
                }
                Ok(())
            })
        })
    }
}

/// A schema of its own on a PostgreSQL server, dropped with the value: what a test (or a
/// benchmark) needs for a fresh store without a database per run.
pub struct Scratch {
    /// The connection string of the schema (the base one with its `search_path`).
    pub url: String,
    base: String,
    schema: String,
}

impl Scratch {
    /// Creates an empty schema on the server at `base`.
    pub fn create(base: &str) -> Result<Scratch> {
        off_runtime(|| Scratch::create_here(base))
    }

    fn create_here(base: &str) -> Result<Scratch> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let schema = format!(
            "entrack_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            Timestamp::now().as_nanosecond() % 1_000_000_000
        );
        let mut client = postgres::Client::connect(base, NoTls)
            .map_err(|e| StoreError::Backend(format!("cannot connect to {}: {e}", redact(base))))?;
        client
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .map_err(backend)?;
        let sep = if base.contains('?') { '&' } else { '?' };
        Ok(Scratch {
            url: format!("{base}{sep}options=-c%20search_path%3D{schema}"),
            base: base.to_string(),
            schema,
        })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        off_runtime(|| {
            if let Ok(mut c) = postgres::Client::connect(&self.base, NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
            }
        })
    }
}
