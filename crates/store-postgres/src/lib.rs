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
mod repack;
mod tenants;

use entrack_core::digest::{status_digest, Digest};
use entrack_core::history::{decode_changes, encode_changes_into, Event, EventKind, Source};
use entrack_core::model::{RowKey, StatusRow};
use entrack_core::report::{sort, ReportLine};
use entrack_core::taxonomy::{L1, L2};
use entrack_core::{Service, ServiceState, Tenant, TenantId};
use entrack_store::packed;
use entrack_store::{
    tenant_key, Batch, BatchKind, Bulk, Count, ExportQuery, Finish, HistoryQuery, Index,
    InsightQuery, Insights, Mark, OrgId, ReportQuery, Result, Store, StoreError, TenantQuery,
    Write, DEFAULT_ORG,
};
use jiff::Timestamp;
use postgres::error::SqlState;
use postgres::{GenericClient, IsolationLevel, NoTls, Row};
use r2d2_postgres::PostgresConnectionManager;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

pub use migrations::{checksum, MIGRATIONS};

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

/// The columns of a service record that make its state: key, version, packed state.
pub(crate) const SERVICE_COLUMNS: &str = "svc_key, version, state";

/// Services per tenant in the key space: `svc_key = tenant_no * SLOTS + service_no`.
pub(crate) const SLOTS: i64 = 256;

/// Where a tenant's own events sit in its key range (no service has this number).
pub(crate) const TENANT_SLOT: i64 = 255;

/// The key of a tenant's service.
pub(crate) fn svc_key(tenant_no: i64, service: Service) -> i64 {
    tenant_no * SLOTS + service.index() as i64
}

/// The tenant and service a key names.
pub(crate) fn split_key(key: i64) -> Result<(i64, Service)> {
    let no = key.div_euclid(SLOTS);
    usize::try_from(key.rem_euclid(SLOTS))
        .ok()
        .and_then(Service::from_index)
        .map(|s| (no, s))
        .ok_or_else(|| invariant(format!("a service key {key} that names no service")))
}

/// What the tenant list filters on, one text per status row (in the state's order): l1,
/// l2, l3, owner, next action date, target date, since and seats, separated by chr(31)
/// (no single-line text holds a control character).
pub(crate) fn filter_of(
    s: &ServiceState,
    since: &dyn Fn(&StatusRow) -> Option<i64>,
) -> Vec<String> {
    s.rows
        .iter()
        .map(|r| {
            let mut out = String::new();
            filter_element(r, since(r), &mut out);
            out
        })
        .collect()
}

/// One row's filter text (see [`filter_of`]), appended to `out`.
pub(crate) fn filter_element(r: &StatusRow, since: Option<i64>, out: &mut String) {
    use std::fmt::Write as _;
    const SEP: char = '\u{1f}';
    out.push_str(r.l1.code());
    out.push(SEP);
    out.push_str(r.l2.map(|x| x.code()).unwrap_or(""));
    out.push(SEP);
    out.push_str(r.l3.map(|x| x.code()).unwrap_or(""));
    out.push(SEP);
    out.push_str(r.owner.as_deref().unwrap_or(""));
    out.push(SEP);
    for d in [r.next_action_date, r.target_date] {
        if let Some(d) = d {
            let _ = write!(out, "{d}");
        }
        out.push(SEP);
    }
    if let Some(at) = since {
        let _ = write!(out, "{at}");
    }
    out.push(SEP);
    let _ = write!(out, "{}", r.entitlements);
}

/// Reads the [`SERVICE_COLUMNS`] starting at column `at`: the service with its rows (in
/// canonical order), and since when each row has had its status, in the same order.
pub(crate) fn service_since_at(
    tenant: TenantId,
    r: &Row,
    at: usize,
) -> Result<(ServiceState, Vec<Option<i64>>)> {
    let (_, service) = split_key(get(r, at)?)?;
    let version = u64::try_from(get::<i64>(r, at + 1)?).map_err(invariant)?;
    let (mut s, mut since) = packed::decode_state(get(r, at + 2)?, tenant, service, version)?;
    if !s.rows.is_sorted_by_key(|r| r.key()) {
        let mut both: Vec<_> = s.rows.drain(..).zip(since.drain(..)).collect();
        both.sort_by_key(|(r, _)| r.key());
        (s.rows, since) = both.into_iter().unzip();
    }
    Ok((s, since))
}

/// Reads the [`SERVICE_COLUMNS`] starting at column `at`.
pub(crate) fn service_at(tenant: TenantId, r: &Row, at: usize) -> Result<ServiceState> {
    service_since_at(tenant, r, at).map(|(s, _)| s)
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
    let r = c
        .query_opt(
            &format!("SELECT {SERVICE_COLUMNS} FROM services WHERE svc_key = $1 AND NOT removed"),
            &[&svc_key(no, service)],
        )
        .map_err(backend)?;
    r.map(|r| service_at(tenant.clone(), &r, 0)).transpose()
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
/// order, so that two transactions never take the same lines' locks in opposite orders):
/// rows and seats added to (or taken from) each line.
type PivotDelta = FxHashMap<(OrgId, Service, L1, Option<L2>), (i64, i64)>;

fn pivot_add(delta: &mut PivotDelta, org: OrgId, service: Service, row: &StatusRow, sign: i64) {
    let e = delta.entry((org, service, row.l1, row.l2)).or_default();
    e.0 += sign;
    e.1 += sign * row.entitlements as i64;
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
    // The columns lists and pages choose plans by; a service's packed state and filter
    // texts have no statistics worth their reading.
    conn.batch_execute("ANALYZE tenants, services (svc_key, removed), assignments")
        .map_err(backend)
}

/// A service record as a write finds it, locked until the transaction ends.
struct Stored {
    version: u64,
    removed: bool,
    /// The record still holds the state its last event created (see schema 8).
    open: bool,
    last_seq: Option<i64>,
}

/// One write transaction with what it gathers on the way.
struct Tx<'c> {
    tx: copy::Link<'c>,
    pivot: PivotDelta,
    /// Tenant → (local key, organisation).
    tenants: FxHashMap<TenantId, (i64, OrgId)>,
    first_seq: Option<i64>,
    last_seq: Option<i64>,
    /// The who/when of this transaction's events, and its number.
    meta: Option<(Timestamp, String, Source, Option<String>, i64)>,
    changes: Vec<u8>,
    packed: Vec<u8>,
    /// Event numbers drawn from their sequence ahead.
    seqs: copy::Numbers,
    /// Set in a bulk transaction: new tenants, services and events go out by COPY.
    copy: Option<copy::Buffers>,
}

impl<'c> Tx<'c> {
    /// A transaction; with a sender, a bulk one whose new rows go out by COPY on the
    /// sender's thread.
    fn new(
        tx: postgres::Transaction<'c>,
        bulk: bool,
        sender: Option<copy::Sender<'c>>,
        numbers: Option<Conn>,
    ) -> Tx<'c> {
        Tx {
            tx: copy::Link::new(tx, sender, numbers),
            pivot: PivotDelta::default(),
            tenants: FxHashMap::default(),
            first_seq: None,
            last_seq: None,
            meta: None,
            changes: Vec::with_capacity(4096),
            packed: Vec::with_capacity(4096),
            // A bulk transaction numbers many events; another one a few.
            seqs: copy::Numbers::new(if bulk { copy::BLOCK } else { 1 }),
            copy: bulk.then(copy::Buffers::default),
        }
    }

    fn tenant(&mut self, tenant: &TenantId) -> Result<(i64, OrgId)> {
        if let Some(n) = self.tenants.get(tenant) {
            return Ok(*n);
        }
        let n = live_tenant(self.tx.get()?, tenant)?
            .ok_or_else(|| StoreError::NotFound(format!("tenant {tenant}")))?;
        self.tenants.insert(tenant.clone(), n);
        Ok(n)
    }

    fn seen_seq(&mut self, seq: i64) {
        self.first_seq = Some(self.first_seq.map_or(seq, |f| f.min(seq)));
        self.last_seq = Some(self.last_seq.map_or(seq, |l| l.max(seq)));
    }

    /// Sends what the COPY buffers hold and waits until it is in: before anything that
    /// reads or writes by statement.
    fn flush(&mut self) -> Result<()> {
        self.send()?;
        self.tx.get().map(|_| ())
    }

    /// Sends what the COPY buffers hold, without waiting where a sender takes it. The
    /// first full buffers of a bulk write may set the key indexes aside first.
    fn send(&mut self) -> Result<()> {
        if self.copy.as_ref().is_some_and(copy::Buffers::full) {
            self.tx.defer_indexes()?;
        }
        if let Some(b) = self.copy.as_mut() {
            b.unstage();
            let rows = std::mem::take(&mut b.rows);
            b.rows = self.tx.send(rows)?;
        }
        Ok(())
    }

    /// The number of the next event: known ahead, so that a record can name the event
    /// that changes it in the same statement.
    fn take_seq(&mut self) -> Result<i64> {
        copy::draw(&mut self.tx, &mut self.seqs, "events_seq")
    }

    fn meta_no(&mut self, e: &Event) -> Result<i64> {
        if let Some((at, actor, source, batch, no)) = &self.meta {
            if *at == e.at && *source == e.source && *actor == e.actor && *batch == e.batch {
                return Ok(*no);
            }
        }
        let r = self
            .tx
            .plain()?
            .query_one(
                "INSERT INTO event_meta (at, actor, source, batch) VALUES ($1, $2, $3, $4) RETURNING meta_no",
                &[&nanos(e.at), &e.actor, &e.source.code(), &e.batch],
            )
            .map_err(backend)?;
        let no: i64 = get(&r, 0)?;
        self.meta = Some((e.at, e.actor.clone(), e.source, e.batch.clone(), no));
        Ok(no)
    }

    /// Writes an event as number `seq`: with its changes, or (`created`: the digest of the
    /// state it created) without them while the service keeps that state.
    fn insert_event(
        &mut self,
        seq: i64,
        prev: Option<i64>,
        key: i64,
        e: &Event,
        created: Option<&Digest>,
    ) -> Result<()> {
        let meta = self.meta_no(e)?;
        let changes = match created {
            Some(_) => None,
            None => {
                encode_changes_into(&e.changes, &mut self.changes);
                Some(std::str::from_utf8(&self.changes).map_err(invariant)?)
            }
        };
        let version = int(e.version)?;
        let kind = e.kind.code();
        let digest = created.map(|d| &d[..]);
        if let Some(b) = self.copy.as_mut() {
            b.event(seq, key, version, kind, meta, prev, changes, digest);
            if b.full() {
                self.send()?;
            }
        } else {
            self.tx
                .get()?
                .execute(
                    "INSERT INTO events (seq, svc_key, version, kind, meta_no, prev_seq, changes, digest)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    &[&seq, &key, &version, &kind, &meta, &prev, &changes, &digest],
                )
                .map_err(backend)?;
        }
        self.seen_seq(seq);
        Ok(())
    }

    /// What is stored under a service's key (removed services included), locked until the
    /// transaction ends.
    fn stored(&mut self, key: i64) -> Result<Option<Stored>> {
        self.flush()?;
        let r = self
            .tx
            .get()?
            .query_opt(
                "SELECT version, removed, open, last_seq FROM services WHERE svc_key = $1 FOR UPDATE",
                &[&key],
            )
            .map_err(backend)?;
        r.map(|r| {
            Ok(Stored {
                version: u64::try_from(get::<i64>(&r, 0)?).map_err(invariant)?,
                removed: get(&r, 1)?,
                open: get(&r, 2)?,
                last_seq: get(&r, 3)?,
            })
        })
        .transpose()
    }

    /// Takes a live service's rows out of the pivot and keeps the state an event created
    /// if the record still holds it; answers since when each row had its status.
    fn retire(
        &mut self,
        key: i64,
        tenant: &TenantId,
        org: OrgId,
        stored: &Stored,
    ) -> Result<HashMap<RowKey, i64>> {
        let r = self
            .tx
            .get()?
            .query_one(
                &format!("SELECT {SERVICE_COLUMNS} FROM services WHERE svc_key = $1"),
                &[&key],
            )
            .map_err(backend)?;
        let (old, since) = service_since_at(tenant.clone(), &r, 0)?;
        for row in &old.rows {
            pivot_add(&mut self.pivot, org, old.service, row, -1);
        }
        if let (true, Some(seq)) = (stored.open, stored.last_seq) {
            if old.version != stored.version {
                return Err(invariant(format!("service record {key} is torn")));
            }
            packed::encode_state(&old, |_| None, &mut self.packed);
            self.tx
                .get()?
                .execute(
                    "INSERT INTO event_states (seq, state) VALUES ($1, $2)",
                    &[&seq, &self.packed],
                )
                .map_err(backend)?;
        }
        Ok(old
            .rows
            .iter()
            .zip(since)
            .filter_map(|(r, at)| at.map(|at| (r.key(), at)))
            .collect())
    }

    fn put_service(
        &mut self,
        s: &ServiceState,
        event: &Event,
        file: Option<&Digest>,
        state_digest: Option<&Digest>,
    ) -> Result<()> {
        let (no, org) = self.tenant(&s.tenant_id)?;
        let key = svc_key(no, s.service);
        let digest: Digest = state_digest.copied().unwrap_or_else(|| status_digest(s));
        // Version 1 means "new": in a bulk transaction it goes out by COPY, whose primary
        // key refuses it if it exists after all (and the whole transaction fails); elsewhere
        // the insert's conflict says so.
        let bulk_new = s.version == 1 && self.copy.is_some();
        let stored = if bulk_new { None } else { self.stored(key)? };
        entrack_store::check_successor(
            stored.as_ref().map(|c| c.version).unwrap_or(0),
            s.version,
            &s.tenant_id,
            s.service,
        )?;
        let mut since = HashMap::new();
        if let Some(st) = stored.as_ref().filter(|st| !st.removed) {
            since = self.retire(key, &s.tenant_id, org, st)?;
        }
        // A service that was not there: its event is the state itself (see schema 8).
        let created = stored.as_ref().is_none_or(|st| st.removed);
        let seq = self.take_seq()?;
        let now = event.at.as_second();
        let at = |r: &StatusRow| Some(since.get(&r.key()).copied().unwrap_or(now));
        packed::encode_state(s, at, &mut self.packed);
        let version = int(s.version)?;
        let file = file.map(|d| &d[..]);
        if let (true, Some(b)) = (bulk_new, self.copy.as_mut()) {
            b.service(key, version, seq, &digest, file, &self.packed, s, &at);
            if b.full() {
                self.send()?;
            }
        } else if stored.is_none() {
            let filter = filter_of(s, &at);
            let inserted = self
                .tx
                .get()?
                .execute(
                    "INSERT INTO services (svc_key, version, open, last_seq, digest, file_digest, state, filter)
                     VALUES ($1, $2, true, $3, $4, $5, $6, $7) ON CONFLICT (svc_key) DO NOTHING",
                    &[&key, &version, &seq, &&digest[..], &file, &self.packed, &filter],
                )
                .map_err(backend)?;
            if inserted == 0 {
                return Err(StoreError::Conflict {
                    what: format!("{} of tenant {}", s.service.code(), s.tenant_id),
                    current_version: 1,
                });
            }
        } else {
            let filter = filter_of(s, &at);
            self.tx
                .get()?
                .execute(
                    "UPDATE services SET version = $2, removed = false, open = $3, last_seq = $4,
                     digest = $5, file_digest = $6, state = $7, filter = $8 WHERE svc_key = $1",
                    &[
                        &key,
                        &version,
                        &created,
                        &seq,
                        &&digest[..],
                        &file,
                        &self.packed,
                        &filter,
                    ],
                )
                .map_err(backend)?;
        }
        for r in &s.rows {
            pivot_add(&mut self.pivot, org, s.service, r, 1);
        }
        let prev = stored.as_ref().and_then(|st| st.last_seq);
        self.insert_event(seq, prev, key, event, created.then_some(&digest))
    }

    fn create_tenant(&mut self, tenant: &Tenant, org: Option<OrgId>, event: &Event) -> Result<()> {
        let want = org.unwrap_or(DEFAULT_ORG);
        let seq = self.take_seq()?;
        if let Some(b) = self.copy.as_mut() {
            if let Some(no) = b.new_tenant(&mut self.tx, tenant, want, seq)? {
                self.tenants.insert(tenant.tenant_id.clone(), (no, want));
                return self.insert_event(seq, None, no * SLOTS + TENANT_SLOT, event, None);
            }
            self.flush()?;
        }
        let exists = self
            .tx
            .get()?
            .query_opt("SELECT 1 FROM organisations WHERE org_id = $1", &[&want])
            .map_err(backend)?
            .is_some();
        if !exists {
            return Err(StoreError::NotFound(format!("organisation {want}")));
        }
        let found = self
            .tx
            .get()?
            .query_opt(
                "SELECT tenant_no, removed, org_id, last_seq FROM tenants WHERE tenant_id = $1 FOR UPDATE",
                &[&tenant.tenant_id.as_str()],
            )
            .map_err(backend)?
            .map(|r| {
                Ok::<_, StoreError>((
                    get::<i64>(&r, 0)?,
                    get::<bool>(&r, 1)?,
                    get::<i64>(&r, 2)?,
                    get::<Option<i64>>(&r, 3)?,
                ))
            })
            .transpose()?;
        let taken = || StoreError::AlreadyExists(format!("tenant {}", tenant.tenant_id));
        let (no, org, prev) = match found {
            // A tenant id is the customer's GUID: it can be held by one organisation only,
            // removed or not.
            Some((_, false, _, _)) => return Err(taken()),
            Some((_, true, o, _)) if org.is_some_and(|org| org != o) => return Err(taken()),
            Some((no, true, o, prev)) => {
                self.tx
                    .get()?
                    .execute(
                        "UPDATE tenants SET removed = false, tenant_name = $2, last_seq = $3 WHERE tenant_no = $1",
                        &[&no, &tenant.tenant_name, &seq],
                    )
                    .map_err(backend)?;
                (no, o, prev)
            }
            None => {
                // No row back: another transaction created it meanwhile.
                let r = self
                    .tx
                    .get()?
                    .query_opt(
                        "INSERT INTO tenants (tenant_id, tenant_name, org_id, last_seq) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (tenant_id) DO NOTHING RETURNING tenant_no",
                        &[&tenant.tenant_id.as_str(), &tenant.tenant_name, &want, &seq],
                    )
                    .map_err(backend)?
                    .ok_or_else(taken)?;
                (get(&r, 0)?, want, None)
            }
        };
        self.tenants.insert(tenant.tenant_id.clone(), (no, org));
        self.insert_event(seq, prev, no * SLOTS + TENANT_SLOT, event, None)
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
                let key = svc_key(no, *service);
                let stored = self.stored(key)?;
                entrack_store::check_successor(
                    stored.as_ref().map(|c| c.version).unwrap_or(0),
                    *version,
                    tenant,
                    *service,
                )?;
                let stored = match stored {
                    Some(st) if !st.removed => st,
                    _ => {
                        return Err(StoreError::NotFound(format!(
                            "{} of tenant {tenant}",
                            service.code()
                        )))
                    }
                };
                self.retire(key, tenant, org, &stored)?;
                let mut empty = ServiceState::new(tenant.clone(), *service);
                empty.version = *version;
                packed::encode_state(&empty, |_| None, &mut self.packed);
                let seq = self.take_seq()?;
                let empty_filter: Vec<String> = Vec::new();
                self.tx
                    .get()?
                    .execute(
                        "UPDATE services SET removed = true, version = $2, digest = NULL, file_digest = NULL,
                         open = false, state = $3, filter = $4, last_seq = $5 WHERE svc_key = $1",
                        &[&key, &int(*version)?, &self.packed, &empty_filter, &seq],
                    )
                    .map_err(backend)?;
                self.insert_event(seq, stored.last_seq, key, event, None)
            }
            Write::RemoveTenant { tenant, event } => {
                self.flush()?;
                let (no, _) = self.tenant(tenant)?;
                let live = self
                    .tx
                    .get()?
                    .query_opt(
                        "SELECT 1 FROM services WHERE svc_key BETWEEN $1 AND $2 AND NOT removed LIMIT 1",
                        &[&(no * SLOTS), &(no * SLOTS + SLOTS - 1)],
                    )
                    .map_err(backend)?
                    .is_some();
                if live {
                    return Err(invariant(format!("tenant {tenant} still has services")));
                }
                let seq = self.take_seq()?;
                let r = self
                    .tx
                    .get()?
                    .query_one(
                        "SELECT last_seq FROM tenants WHERE tenant_no = $1 FOR UPDATE",
                        &[&no],
                    )
                    .map_err(backend)?;
                let prev: Option<i64> = get(&r, 0)?;
                self.tx
                    .get()?
                    .execute(
                        "UPDATE tenants SET removed = true, last_seq = $2 WHERE tenant_no = $1",
                        &[&no, &seq],
                    )
                    .map_err(backend)?;
                self.tenants.remove(tenant);
                self.insert_event(seq, prev, no * SLOTS + TENANT_SLOT, event, None)
            }
            Write::RecordBatch(b) => {
                self.flush()?;
                self.tx
                    .get()?
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
                .get()?
                .prepare(
                    "UPDATE pivot SET rows = rows + $5, entitlements = entitlements + $6
                     WHERE org_id = $1 AND service = $2 AND l1 = $3 AND l2 = $4",
                )
                .map_err(backend)?;
            let insert = self
                .tx
                .get()?
                .prepare(
                    "INSERT INTO pivot (org_id, service, l1, l2, rows, entitlements) VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (org_id, service, l1, l2) DO UPDATE
                     SET rows = pivot.rows + EXCLUDED.rows, entitlements = pivot.entitlements + EXCLUDED.entitlements",
                )
                .map_err(backend)?;
            // In the order of the lines' keys, the order in which every writer locks them.
            let mut lines: Vec<_> = pivot
                .into_iter()
                .map(|((org, service, l1, l2), delta)| {
                    let l2 = l2.map(|x| x.code()).unwrap_or("");
                    ((org, service.code(), l1.code(), l2), delta)
                })
                .collect();
            lines.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            for ((org, service, l1, l2), (rows, n)) in lines {
                if rows == 0 && n == 0 {
                    continue;
                }
                emptied |= rows < 0;
                let params: [&(dyn postgres::types::ToSql + Sync); 6] =
                    [&org, &service, &l1, &l2, &rows, &n];
                if self.tx.get()?.execute(&update, &params).map_err(backend)? == 0 {
                    self.tx.get()?.execute(&insert, &params).map_err(backend)?;
                }
            }
        }
        if emptied {
            self.tx
                .get()?
                .execute("DELETE FROM pivot WHERE rows = 0", &[])
                .map_err(backend)?;
        }
        self.tx.into_inner()?.commit().map_err(backend)
    }
}

impl Bulk for Tx<'_> {
    fn service(&mut self, tenant: &TenantId, service: Service) -> Result<Option<ServiceState>> {
        self.flush()?;
        read_service(self.tx.get()?, tenant, service)
    }

    fn write(&mut self, write: Write) -> Result<()> {
        Tx::write(self, &write)
    }
}

pub(crate) const EVENT_SELECT: &str = "SELECT e.seq, m.at, m.actor, m.source, t.tenant_id, e.svc_key, e.kind, e.version, e.changes, m.batch, e.digest
     FROM events e JOIN event_meta m ON m.meta_no = e.meta_no JOIN tenants t ON t.tenant_no = e.svc_key >> 8";

/// The state an event created, kept in `event_states` once the service changed, or still
/// the service's record; checked against the digest the event holds.
fn created_state(
    c: &mut impl GenericClient,
    seq: i64,
    key: i64,
    version: u64,
    tenant: &TenantId,
    digest: &[u8],
) -> Result<ServiceState> {
    let (_, service) = split_key(key)?;
    let kept = c
        .query_opt("SELECT state FROM event_states WHERE seq = $1", &[&seq])
        .map_err(backend)?;
    let state = match kept {
        Some(r) => packed::decode_state(get(&r, 0)?, tenant.clone(), service, version)?.0,
        None => {
            let r = c
                .query_opt(
                    &format!(
                        "SELECT {SERVICE_COLUMNS} FROM services WHERE svc_key = $1 AND open AND last_seq = $2"
                    ),
                    &[&key, &seq],
                )
                .map_err(backend)?
                .ok_or_else(|| {
                    invariant(format!("event {seq} keeps the state it created nowhere"))
                })?;
            service_at(tenant.clone(), &r, 0)?
        }
    };
    if state.version != version || status_digest(&state)[..] != *digest {
        return Err(invariant(format!(
            "the state event {seq} created does not match its digest"
        )));
    }
    Ok(state)
}

/// An event as [`EVENT_SELECT`] reads it; a creation's changes come from its state.
pub(crate) fn event_from(c: &mut impl GenericClient, r: &Row) -> Result<Event> {
    let seq: i64 = get(r, 0)?;
    let source: &str = get(r, 3)?;
    let kind: &str = get(r, 6)?;
    let key: i64 = get(r, 5)?;
    let tenant = tenant_id(get(r, 4)?)?;
    let service = match key.rem_euclid(SLOTS) {
        TENANT_SLOT => None,
        _ => Some(split_key(key)?.1),
    };
    let version = u64::try_from(get::<i64>(r, 7)?).map_err(invariant)?;
    let changes = match (
        get::<Option<&str>>(r, 8)?,
        get::<Option<&[u8]>>(r, 10)?,
        service,
    ) {
        (Some(c), None, _) => decode_changes(c).map_err(invariant)?,
        (None, Some(d), Some(_)) => {
            let state = created_state(c, seq, key, version, &tenant, d)?;
            entrack_core::history::diff_service(None, &state)
        }
        _ => return Err(invariant(format!("event {seq} has no changes"))),
    };
    Ok(Event {
        seq,
        at: instant(get(r, 1)?)?,
        actor: get(r, 2)?,
        source: Source::from_code(source)
            .ok_or_else(|| invariant(format!("unknown source {source}")))?,
        tenant_id: tenant,
        service: service.map(|s| s.code().to_string()),
        kind: EventKind::from_code(kind)
            .ok_or_else(|| invariant(format!("unknown event kind {kind}")))?,
        version,
        changes,
        batch: get(r, 9)?,
    })
}

/// Events as [`EVENT_SELECT`] reads them.
pub(crate) fn events_from(c: &mut impl GenericClient, rows: &[Row]) -> Result<Vec<Event>> {
    rows.iter().map(|r| event_from(c, r)).collect()
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
            migrations::MigrateError::Data(what) => invariant(format!(
                "{} cannot be brought to this version: {what}",
                store.target
            )),
        })?;
        repack::number_services(&mut conn)?;
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
            // The pivot equals the rows.
            let rows = tx
                .query(
                    "WITH actual AS (
                        SELECT t.org_id, c.code AS service, split_part(f, chr(31), 1) AS l1,
                               split_part(f, chr(31), 2) AS l2, COUNT(*)::bigint AS rows,
                               SUM(split_part(f, chr(31), 8)::bigint)::bigint AS entitlements
                        FROM services s JOIN tenants t ON t.tenant_no = s.svc_key >> 8
                        JOIN service_codes c ON c.service_no = (s.svc_key & 255), unnest(s.filter) AS f
                        WHERE NOT s.removed
                        GROUP BY 1, 2, 3, 4)
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
            // Every key names a tenant that is there.
            let rows = tx
                .query(
                    "SELECT 'service', svc_key FROM services s
                     WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.tenant_no = s.svc_key >> 8)
                     UNION ALL SELECT 'event', seq FROM events e
                     WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.tenant_no = e.svc_key >> 8)",
                    &[],
                )
                .map_err(backend)?;
            for r in &rows {
                out.push(format!(
                    "{} {} names no tenant",
                    get::<&str>(r, 0)?,
                    get::<i64>(r, 1)?
                ));
            }
            // Each live service's rows read and add up, its filter is its rows', and its
            // events step down its versions one by one to the first.
            let events: HashMap<i64, (i64, i64, Option<i64>)> = tx
                .query("SELECT seq, svc_key, version, prev_seq FROM events", &[])
                .map_err(backend)?
                .iter()
                .map(|r| Ok((get(r, 0)?, (get(r, 1)?, get(r, 2)?, get(r, 3)?))))
                .collect::<Result<_>>()?;
            let rows = tx
                .query(
                    &format!("SELECT {SERVICE_COLUMNS}, removed, last_seq, filter FROM services"),
                    &[],
                )
                .map_err(backend)?;
            let placeholder = tenant_id("00000000-0000-0000-0000-000000000000")?;
            for r in &rows {
                let key: i64 = get(r, 0)?;
                let removed: bool = get(r, 3)?;
                match service_since_at(placeholder.clone(), r, 0) {
                    Err(e) => out.push(format!("service {key}: {e}")),
                    Ok((s, since)) => {
                        let sum: u64 = s.rows.iter().map(|x| x.entitlements).sum();
                        if !removed && sum != s.total_entitlements {
                            out.push(format!(
                                "service {key}: rows hold {sum} seats of {}",
                                s.total_entitlements
                            ));
                        }
                        let at = |x: &StatusRow| {
                            s.rows
                                .iter()
                                .position(|y| std::ptr::eq(x, y))
                                .and_then(|i| since[i])
                        };
                        if filter_of(&s, &at) != get::<Vec<String>>(r, 5)? {
                            out.push(format!("service {key}: its filter is not its rows'"));
                        }
                        let mut expect = s.version as i64;
                        let mut at: Option<i64> = get(r, 4)?;
                        let chained = at.is_some();
                        while let Some(seq) = at {
                            match events.get(&seq) {
                                Some((k, v, prev)) if *k == key && *v == expect && *prev < Some(seq) => {
                                    expect -= 1;
                                    at = *prev;
                                }
                                _ => {
                                    out.push(format!("service {key}: event {seq} breaks its history"));
                                    expect = 0;
                                    break;
                                }
                            }
                        }
                        if chained && expect != 0 {
                            out.push(format!("service {key}: history ends at version {expect}"));
                        }
                    }
                }
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
                            "SELECT {SERVICE_COLUMNS} FROM services WHERE svc_key BETWEEN $1 AND $2 AND NOT removed"
                        ),
                        &[&(no * SLOTS), &(no * SLOTS + SLOTS - 1)],
                    )
                    .map_err(backend)?;
                let mut out = rows
                    .iter()
                    .map(|r| service_at(tenant.clone(), r, 0))
                    .collect::<Result<Vec<_>>>()?;
                out.sort_by_key(|s| s.service.code());
                Ok(out)
            })
        })
    }

    fn commit(&self, writes: Vec<Write>) -> Result<Vec<Event>> {
        off_runtime(|| {
            self.write(|tx| {
                let mut tx = Tx::new(tx, false, None, None);
                let events = tx.apply(&writes)?;
                tx.finish()?;
                Ok(events)
            })
        })
    }

    fn history(&self, q: &HistoryQuery) -> Result<Vec<Event>> {
        off_runtime(|| {
            self.read(|tx| {
                let limit = q.limit.map(|l| l as i64);
                let rows = match &q.tenant {
                    Some(t) => {
                        let Some((no, _)) = tenant_no(tx, t)? else {
                            return Ok(Vec::new());
                        };
                        // Along the chains of the tenant's services (or the one asked
                        // for) and its own.
                        let (from, to) = match q.service {
                            Some(s) => (svc_key(no, s), svc_key(no, s)),
                            None => (no * SLOTS, no * SLOTS + SLOTS - 1),
                        };
                        tx.query(
                            &format!(
                                "WITH RECURSIVE heads(seq) AS (
                                     SELECT last_seq FROM services WHERE svc_key BETWEEN $1 AND $2 AND last_seq IS NOT NULL
                                     UNION ALL
                                     SELECT last_seq FROM tenants WHERE tenant_no = $3 AND $4 AND last_seq IS NOT NULL),
                                 chain(seq) AS (
                                     SELECT seq FROM heads
                                     UNION ALL
                                     SELECT e.prev_seq FROM events e JOIN chain c ON e.seq = c.seq
                                     WHERE e.prev_seq IS NOT NULL)
                                 {EVENT_SELECT} JOIN chain c ON c.seq = e.seq
                                 WHERE ($5::bigint IS NULL OR t.org_id = $5) AND ($6::bigint IS NULL OR m.at <= $6)
                                 ORDER BY e.seq DESC LIMIT $7"
                            ),
                            &[
                                &from,
                                &to,
                                &no,
                                &q.service.is_none(),
                                &q.org,
                                &q.until.map(nanos),
                                &limit,
                            ],
                        )
                        .map_err(backend)?
                    }
                    None => tx
                        .query(
                            &format!(
                                "{EVENT_SELECT} WHERE ($1::bigint IS NULL OR (e.svc_key & 255) = $1)
                                   AND ($2::bigint IS NULL OR t.org_id = $2) AND ($3::bigint IS NULL OR m.at <= $3)
                                 ORDER BY e.seq DESC LIMIT $4"
                            ),
                            &[
                                &q.service.map(|s| s.index() as i64),
                                &q.org,
                                &q.until.map(nanos),
                                &limit,
                            ],
                        )
                        .map_err(backend)?,
                };
                events_from(tx, &rows)
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
            // Over each row's filter text: l1, l2, l3, owner, next action date, target
            // date, since, seats.
            let rows = conn
                .query(
                    "SELECT l1, l2, l3, CASE WHEN since <> '' THEN ($4::bigint - since::bigint) / 86400 END,
                            CASE WHEN nad <> '' AND nad < $5 THEN owner END,
                            COUNT(*)::bigint, SUM(seats::bigint)::bigint
                     FROM (SELECT split_part(f, chr(31), 1) AS l1, split_part(f, chr(31), 2) AS l2,
                                  split_part(f, chr(31), 3) AS l3, split_part(f, chr(31), 4) AS owner,
                                  split_part(f, chr(31), 5) AS nad, split_part(f, chr(31), 7) AS since,
                                  split_part(f, chr(31), 8) AS seats
                           FROM services s JOIN tenants t ON t.tenant_no = s.svc_key >> 8,
                                unnest(s.filter) AS f
                           WHERE NOT s.removed AND NOT t.removed
                             AND ($2::bigint IS NULL OR (s.svc_key & 255) = $2)
                             AND ($3::bigint IS NULL OR t.org_id = $3)) r
                     WHERE $1 OR l1 <> 'duplicate-invalid'
                     GROUP BY 1, 2, 3, 4, 5",
                    &[
                        &q.include_invalid,
                        &q.service.map(|s| s.index() as i64),
                        &q.org,
                        &q.now.as_second(),
                        &q.today.to_string(),
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
                // The service-level fields lead the packed state: its first bytes do.
                let mut it = tx
                    .query_raw(
                        "SELECT svc_key, removed, digest, version, file_digest, substring(state from 1 for 512)
                         FROM services",
                        params,
                    )
                    .map_err(backend)?;
                use postgres::fallible_iterator::FallibleIterator;
                while let Some(r) = it.next().map_err(backend)? {
                    let (no, service) = split_key(get(&r, 0)?)?;
                    let Some(key) = keys.get(&no).copied() else {
                        continue; // a tenant of another organisation
                    };
                    let digest = |i: usize| -> Result<Option<Digest>> {
                        Ok(get::<Option<&[u8]>>(&r, i)?.and_then(|b| <Digest>::try_from(b).ok()))
                    };
                    let mut state = ServiceState::new(tenant_id("00000000-0000-0000-0000-000000000000")?, service);
                    packed::fields(get(&r, 5)?)?.apply(&mut state)?;
                    index.insert_service(
                        key,
                        service,
                        Mark {
                            version: u64::try_from(get::<i64>(&r, 3)?).map_err(invariant)?,
                            removed: get(&r, 1)?,
                            total: state.total_entitlements,
                            digest: digest(2)?,
                            scenario: state.scenario,
                            engagement_scenario: state.engagement_scenario,
                            service_status: state.service_status,
                            engagement_start_date: state.engagement_start_date,
                            review: state.review,
                            file: digest(4)?,
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
            // Numbers are drawn beside the transaction, which is often busy sending rows.
            let numbers = self.conn()?;
            let events = std::thread::scope(|scope| -> Result<i64> {
                let tx = conn.transaction().map_err(backend)?;
                // New rows go out on a thread of their own while the next are gathered.
                let (jobs, pending) = std::sync::mpsc::sync_channel(1);
                let (sent, done) = std::sync::mpsc::sync_channel(1);
                scope.spawn(move || copy::sending(pending, sent));
                let sender = copy::Sender { jobs, done };
                let mut tx = Tx::new(tx, true, Some(sender), Some(numbers));
                match work(&mut tx)? {
                    Finish::Commit => {
                        let events = match (tx.first_seq, tx.last_seq) {
                            (Some(f), Some(l)) => l - f + 1,
                            _ => 0,
                        };
                        tx.finish()?;
                        Ok(events)
                    }
                    // Dropping the transaction rolls it back.
                    Finish::Rollback => Ok(0),
                }
            })?;
            if events >= ANALYZE_AFTER {
                analyze(&mut conn)?;
            }
            Ok(())
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
            self.read(|tx| {
                let rows = tx
                    .query(
                        &format!(
                            "{EVENT_SELECT} WHERE e.seq BETWEEN (SELECT first_seq FROM batches WHERE batch = $1)
                               AND (SELECT last_seq FROM batches WHERE batch = $1) AND m.batch = $1
                             ORDER BY e.seq"
                        ),
                        &[&id],
                    )
                    .map_err(backend)?;
                events_from(tx, &rows)
            })
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
                let (from, to) = no.map_or((i64::MIN, i64::MAX), |no| {
                    (no * SLOTS, no * SLOTS + SLOTS - 1)
                });
                // One ordered stream of services with their tenants; a tenant's services
                // are handed on in the order of their codes.
                let sql = format!(
                    "SELECT t.tenant_id, t.tenant_name, s.{}
                     FROM services s JOIN tenants t ON t.tenant_no = s.svc_key >> 8
                     WHERE NOT s.removed AND NOT t.removed AND s.svc_key BETWEEN $1 AND $2
                       AND ($3::bigint IS NULL OR (s.svc_key & 255) = $3) AND ($4::bigint IS NULL OR t.org_id = $4)
                     ORDER BY s.svc_key",
                    SERVICE_COLUMNS.replace(", ", ", s.")
                );
                let service = q.service.map(|s| s.index() as i64);
                let params: [&(dyn postgres::types::ToSql + Sync); 4] =
                    [&from, &to, &service, &q.org];
                let mut it = tx.query_raw(sql.as_str(), params).map_err(backend)?;
                use postgres::fallible_iterator::FallibleIterator;
                let wanted = |s: &ServiceState| {
                    q.l1.is_none_or(|l1| {
                        s.rows
                            .iter()
                            .any(|r| r.l1 == l1 && q.l2.is_none_or(|l2| r.l2 == Some(l2)))
                    })
                };
                let mut tenant: Option<Tenant> = None;
                let mut pending: Vec<ServiceState> = Vec::new();
                let mut done = |t: &Option<Tenant>, pending: &mut Vec<ServiceState>| -> Result<()> {
                    pending.sort_by_key(|s| s.service.code());
                    match t {
                        Some(t) => pending
                            .drain(..)
                            .filter(|s| wanted(s))
                            .try_for_each(|s| visit(t, s)),
                        None => {
                            pending.clear();
                            Ok(())
                        }
                    }
                };
                while let Some(r) = it.next().map_err(backend)? {
                    let id: &str = get(&r, 0)?;
                    if tenant.as_ref().is_none_or(|t| t.tenant_id.as_str() != id) {
                        done(&tenant, &mut pending)?;
                        tenant = Some(Tenant {
                            tenant_id: tenant_id(id)?,
                            tenant_name: get(&r, 1)?,
                        });
                    }
                    let t = tenant.as_ref().expect("set above");
                    pending.push(service_at(t.tenant_id.clone(), &r, 2)?);
                }
                done(&tenant, &mut pending)
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
