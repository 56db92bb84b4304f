//! The storage contract: what a backend must do ([`Store`]), the errors it speaks
//! ([`StoreError`]), the use cases that every door of entrack calls ([`ops`]), and the
//! conformance suite every backend runs ([`conformance`], feature `conformance`).

pub mod accounts;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod moving;
pub mod ops;
pub mod packed;

pub use accounts::{Accounts, OrgId, UserId, DEFAULT_ORG};

use entrack_core::digest::Digest;
use entrack_core::history::Event;
use entrack_core::report::ReportLine;
use entrack_core::{
    EngagementScenario, Review, Scenario, Service, ServicePhase, ServiceState, Tenant, TenantId,
    L1, L2, L3,
};
use jiff::civil::Date;
use jiff::Timestamp;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Errors in the language of the domain; each backend maps its driver's errors here once.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} already exists")]
    AlreadyExists(String),
    #[error("{0} does not exist")]
    NotFound(String),
    /// Someone else changed the service entitlement since it was read.
    #[error("{what} was changed by someone else (now at version {current_version})")]
    Conflict { what: String, current_version: u64 },
    /// Stored data breaks an invariant (damaged or foreign data).
    #[error("stored data is inconsistent: {0}")]
    Invariant(String),
    #[error("storage failure: {0}")]
    Backend(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One write of a commit; a commit's writes land together or not at all.
#[derive(Debug, Clone)]
pub enum Write {
    /// Creates a tenant in an organisation (`None`: the default one); fails with
    /// `AlreadyExists` if its id is taken in any organisation. A removed tenant comes back
    /// in its own organisation only (`None`: whichever that is).
    CreateTenant {
        tenant: Tenant,
        org: Option<OrgId>,
        event: Event,
    },
    /// Replaces a service entitlement and its rows. `state.version` is the new version;
    /// the stored version must be `state.version - 1` (0: the service must not exist yet),
    /// otherwise the write fails with `Conflict`. A service removed earlier counts with its
    /// last version and comes back. `file` is the import's digest of the file rows that
    /// produced this state (none for any other write), kept so that the same rows imported
    /// again are known unchanged without being parsed. When no service is stored (or a
    /// removed one), the event's changes are the whole state, from nothing: the writer may
    /// leave them empty, and history gives them all the same (a store may keep the state
    /// itself instead of a list of changes).
    PutService {
        state: ServiceState,
        event: Event,
        file: Option<Digest>,
        /// [`entrack_core::digest::status_digest`] of `state` when the writer has it already
        /// (the store computes it otherwise).
        state_digest: Option<Digest>,
    },
    /// Takes a service away (its rows go, its version stays); `version` is the new version.
    RemoveService {
        tenant: TenantId,
        service: Service,
        version: u64,
        event: Event,
    },
    /// Takes a tenant without services away; creating it again brings it back.
    RemoveTenant { tenant: TenantId, event: Event },
    /// Records a batch; written last in its transaction, with the events it wrote.
    RecordBatch(Batch),
}

impl Write {
    /// The event this write records (a batch record has none).
    pub fn event(&self) -> Option<&Event> {
        match self {
            Write::CreateTenant { event, .. }
            | Write::PutService { event, .. }
            | Write::RemoveService { event, .. }
            | Write::RemoveTenant { event, .. } => Some(event),
            Write::RecordBatch(_) => None,
        }
    }
}

/// Checks that a state of version `new` is written on top of `found` (0: nothing stored
/// yet); otherwise someone else wrote first.
pub fn check_successor(found: u64, new: u64, tenant: &TenantId, service: Service) -> Result<()> {
    let expected = new
        .checked_sub(1)
        .ok_or_else(|| StoreError::Invariant("a written state has version 0".into()))?;
    if found != expected {
        return Err(StoreError::Conflict {
            what: format!("{} of tenant {tenant}", service.code()),
            current_version: found,
        });
    }
    Ok(())
}

/// A `LIKE` pattern (escape character `\`) that finds `s`, trimmed, anywhere in a text.
pub fn like_pattern(s: &str) -> String {
    let escaped = s
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// A GUID as a number: the compact key of indexes that hold every tenant.
pub type TenantKey = u128;

pub fn tenant_key(t: &TenantId) -> TenantKey {
    // A parsed id is 32 hex digits with dashes between them.
    t.as_str()
        .bytes()
        .filter(|b| *b != b'-')
        .try_fold(0u128, |k, b| {
            char::from(b).to_digit(16).map(|d| (k << 4) | u128::from(d))
        })
        .unwrap_or_default()
}

/// What a bulk change needs to know of one stored service without reading its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub version: u64,
    /// Taken away by an undo; a new state starts from `version`.
    pub removed: bool,
    pub total: u64,
    /// [`entrack_core::digest::status_digest`] of the stored state (absent: unknown).
    pub digest: Option<Digest>,
    pub scenario: Option<Scenario>,
    pub engagement_scenario: EngagementScenario,
    pub service_status: Option<ServicePhase>,
    pub engagement_start_date: Option<Date>,
    pub review: Option<Review>,
    /// The import file digest stored with this version (see [`Write::PutService`]).
    pub file: Option<Digest>,
}

/// Every tenant and service of a store, as marks: what an import compares a file with.
#[derive(Debug, Default)]
pub struct Index {
    /// Tenant → removed.
    pub tenants: FxHashMap<TenantKey, bool>,
    /// Tenant (as two halves: a smaller table than 16-byte aligned keys) and service → the
    /// service's place in `marks`.
    slots: FxHashMap<([u64; 2], Service), u32>,
    marks: Vec<Mark>,
    /// Tenants of other organisations than the one asked for: a bulk change may neither
    /// touch nor create them.
    pub elsewhere: rustc_hash::FxHashSet<TenantKey>,
}

impl Index {
    fn halves(tenant: TenantKey) -> [u64; 2] {
        [(tenant >> 64) as u64, tenant as u64]
    }

    /// Room for `n` more services.
    pub fn reserve_services(&mut self, n: usize) {
        self.slots.reserve(n);
        self.marks.reserve(n);
    }

    /// Adds (or replaces) a service's mark.
    pub fn insert_service(&mut self, tenant: TenantKey, service: Service, mark: Mark) {
        match self.slots.entry((Self::halves(tenant), service)) {
            std::collections::hash_map::Entry::Occupied(e) => self.marks[*e.get() as usize] = mark,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(u32::try_from(self.marks.len()).unwrap_or(u32::MAX));
                self.marks.push(mark);
            }
        }
    }

    /// The place of a service's mark: a number below [`Index::service_count`].
    pub fn slot(&self, tenant: TenantKey, service: Service) -> Option<usize> {
        self.slots
            .get(&(Self::halves(tenant), service))
            .map(|s| *s as usize)
    }

    pub fn mark(&self, tenant: TenantKey, service: Service) -> Option<&Mark> {
        self.slot(tenant, service).and_then(|s| self.marks.get(s))
    }

    pub fn mark_at(&self, slot: usize) -> Option<&Mark> {
        self.marks.get(slot)
    }

    /// Every service's key and mark, in no particular order.
    pub fn services(&self) -> impl Iterator<Item = ((TenantKey, Service), &Mark)> {
        self.slots.iter().map(|((t, service), slot)| {
            let tenant = (TenantKey::from(t[0]) << 64) | TenantKey::from(t[1]);
            ((tenant, *service), &self.marks[*slot as usize])
        })
    }

    /// How many services (removed ones included) the index knows.
    pub fn service_count(&self) -> usize {
        self.marks.len()
    }
}

/// What kind of batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchKind {
    Import,
    Feed,
    Undo,
}

impl BatchKind {
    pub fn code(self) -> &'static str {
        match self {
            BatchKind::Import => "import",
            BatchKind::Feed => "feed",
            BatchKind::Undo => "undo",
        }
    }
    pub fn from_code(s: &str) -> Option<BatchKind> {
        [BatchKind::Import, BatchKind::Feed, BatchKind::Undo]
            .into_iter()
            .find(|k| k.code() == s)
    }
}

/// One import, feed or undo run, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub id: String,
    pub kind: BatchKind,
    pub at: Timestamp,
    pub actor: String,
    pub file: Option<String>,
    /// The batch this one undoes.
    pub undoes: Option<String>,
    /// Free-form counts (JSON), as the summary printed at the end.
    pub summary: String,
    /// The range of events the batch wrote (filled in by the store).
    pub first_seq: Option<i64>,
    pub last_seq: Option<i64>,
    /// The batch that undid this one (filled in by the store).
    pub undone_by: Option<String>,
}

/// What to export: services of a tenant or a service, or having a row in an L1 or L2.
/// Rows are never filtered inside a service: an exported service is always complete, so
/// the file can be imported again.
#[derive(Debug, Clone, Default)]
pub struct ExportQuery {
    /// Only tenants of this organisation (`None`: all).
    pub org: Option<OrgId>,
    pub tenant: Option<TenantId>,
    pub service: Option<Service>,
    pub l1: Option<L1>,
    pub l2: Option<L2>,
}

/// Whether a bulk unit of work keeps what it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    Commit,
    Rollback,
}

/// The inside of one bulk transaction: reads see the writes made so far.
pub trait Bulk {
    fn service(&mut self, tenant: &TenantId, service: Service) -> Result<Option<ServiceState>>;
    fn write(&mut self, write: Write) -> Result<()>;
}

/// How tenants are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TenantSort {
    /// By name (case-insensitive), then id.
    #[default]
    Name,
    NameDesc,
    Id,
    IdDesc,
}

/// Which tenants to list. The row filters (`l1` … `target_to`) must all hold for one and
/// the same status row of the tenant.
#[derive(Debug, Clone, Default)]
pub struct TenantQuery {
    /// Only tenants of this organisation (`None`: all).
    pub org: Option<OrgId>,
    /// Case-insensitive part of the name or of the id.
    pub search: Option<String>,
    pub service: Option<Service>,
    pub l1: Option<L1>,
    pub l2: Option<L2>,
    pub l3: Option<L3>,
    /// Case-insensitive part of a row's owner.
    pub owner: Option<String>,
    /// A row whose next action date is before this day.
    pub overdue_on: Option<Date>,
    /// A row whose target date is on or after / on or before these days.
    pub target_from: Option<Date>,
    pub target_to: Option<Date>,
    /// Tenants the user has an assignment for (any role, any service).
    pub assigned_to: Option<accounts::UserId>,
    /// Tenants with a row whose target date is before this day (on any row, apart from the
    /// row filters above).
    pub target_passed_on: Option<Date>,
    /// Tenants with a Status Unknown row that has been in that status since before this
    /// instant (on any row, apart from the row filters above).
    pub unknown_since_before: Option<Timestamp>,
    pub sort: TenantSort,
    /// Continue after this tenant (its sort key and id), as the previous page ended.
    pub after: Option<(String, TenantId)>,
    pub limit: Option<usize>,
}

/// Which events to read; newest first.
#[derive(Debug, Clone, Default)]
pub struct HistoryQuery {
    /// Only events of tenants of this organisation (`None`: all).
    pub org: Option<OrgId>,
    pub tenant: Option<TenantId>,
    pub service: Option<Service>,
    /// Only events at or before this instant.
    pub until: Option<Timestamp>,
    pub limit: Option<usize>,
}

/// What the dashboard reads besides the pivot.
#[derive(Debug, Clone)]
pub struct InsightQuery {
    /// Only tenants of this organisation (`None`: all).
    pub org: Option<OrgId>,
    pub include_invalid: bool,
    pub service: Option<Service>,
    /// Ages are counted up to this instant.
    pub now: Timestamp,
    /// Next actions dated before this day are overdue.
    pub today: Date,
}

/// How long a row has had its status, in days: up to 30, 31–90, 91–180, more, or not known
/// (rows kept from before the store recorded it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgeBucket {
    UpTo30,
    UpTo90,
    UpTo180,
    Older,
    Unknown,
}

impl AgeBucket {
    pub const ALL: [AgeBucket; 5] = [
        AgeBucket::UpTo30,
        AgeBucket::UpTo90,
        AgeBucket::UpTo180,
        AgeBucket::Older,
        AgeBucket::Unknown,
    ];

    /// The bucket of a row that has had its status for `days` whole days (`None`: not
    /// recorded).
    pub fn of_days(days: Option<i64>) -> AgeBucket {
        match days {
            None => AgeBucket::Unknown,
            Some(i64::MIN..=30) => AgeBucket::UpTo30,
            Some(31..=90) => AgeBucket::UpTo90,
            Some(91..=180) => AgeBucket::UpTo180,
            Some(_) => AgeBucket::Older,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            AgeBucket::UpTo30 => "0-30",
            AgeBucket::UpTo90 => "31-90",
            AgeBucket::UpTo180 => "91-180",
            AgeBucket::Older => "181+",
            AgeBucket::Unknown => "unknown",
        }
    }
}

/// Rows and seats of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Count {
    pub rows: u64,
    pub seats: u64,
}

/// The dashboard's figures that the pivot does not hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Insights {
    /// By L1 code and age bucket.
    pub aging: BTreeMap<(String, AgeBucket), Count>,
    /// Blocked and No Intent rows by L1, L2 and L3 code (`""` for no L3).
    pub reasons: BTreeMap<(String, String, String), Count>,
    /// Rows whose next action is overdue, by owner (`""` for none).
    pub overdue: BTreeMap<String, Count>,
}

impl Insights {
    /// Adds a group of status rows with the same L1/L2/L3 codes, age in whole days and,
    /// when their next action is overdue, owner.
    pub fn add(
        &mut self,
        (l1, l2, l3): (&str, &str, &str),
        days: Option<i64>,
        overdue_owner: Option<&str>,
        count: Count,
    ) {
        let put = |c: &mut Count| {
            c.rows += count.rows;
            c.seats += count.seats;
        };
        put(self
            .aging
            .entry((l1.to_string(), AgeBucket::of_days(days)))
            .or_default());
        if l1 == L1::Blocked.code() || l1 == L1::NoIntent.code() {
            put(self
                .reasons
                .entry((l1.to_string(), l2.to_string(), l3.to_string()))
                .or_default());
        }
        if let Some(owner) = overdue_owner {
            put(self.overdue.entry(owner.to_string()).or_default());
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ReportQuery {
    /// Only tenants of this organisation (`None`: all).
    pub org: Option<OrgId>,
    pub include_invalid: bool,
    pub service: Option<Service>,
}

/// A storage backend. Implementations are internally synchronised and shared across
/// threads; every method is one transaction.
pub trait Store: Accounts + Send + Sync {
    /// Whether a point read (one tenant, one service, a token or session) answers in
    /// microseconds and never waits for a write, so that a server may run it on its event
    /// loop instead of handing it to a thread pool. False unless a backend says so.
    fn quick_point_reads(&self) -> bool {
        false
    }
    fn tenant(&self, id: &TenantId) -> Result<Option<Tenant>>;
    /// Tenants ordered by name, then id.
    fn tenants(&self, query: &TenantQuery) -> Result<Vec<Tenant>>;
    fn service(&self, tenant: &TenantId, service: Service) -> Result<Option<ServiceState>>;
    /// A live tenant's organisation with one of its services, read together (`None`: no
    /// such tenant).
    fn tenant_service(
        &self,
        tenant: &TenantId,
        service: Service,
    ) -> Result<Option<(OrgId, Option<ServiceState>)>> {
        let Some(org) = self.tenant_org(tenant)? else {
            return Ok(None);
        };
        Ok(Some((org, self.service(tenant, service)?)))
    }
    /// A tenant's service entitlements, ordered by service code; rows in canonical order.
    fn services(&self, tenant: &TenantId) -> Result<Vec<ServiceState>>;
    /// The services of several tenants (a page of a list), each as [`Store::services`]
    /// gives them, in the order asked; a backend with costly round trips reads them at once.
    fn services_of(&self, tenants: &[TenantId]) -> Result<Vec<Vec<ServiceState>>> {
        tenants.iter().map(|t| self.services(t)).collect()
    }
    /// Writes states and their events atomically; returns the events with their `seq`.
    fn commit(&self, writes: Vec<Write>) -> Result<Vec<Event>>;
    /// Events newest first.
    fn history(&self, query: &HistoryQuery) -> Result<Vec<Event>>;
    /// The pivot, ordered as [`entrack_core::report::sort`] orders it.
    fn report(&self, query: &ReportQuery) -> Result<Vec<ReportLine>>;
    /// Aging, Blocked/No Intent by L3 and overdue next actions by owner, over the selected
    /// rows (Duplicate/Invalid left out unless asked).
    fn insights(&self, query: &InsightQuery) -> Result<Insights>;

    /// Every tenant and service, as marks (removed ones included). With an organisation,
    /// the tenants of the others are only listed in [`Index::elsewhere`].
    fn index(&self, org: Option<OrgId>) -> Result<Index>;
    /// Runs `work` in one write transaction, which lands whole if `work` returns
    /// `Finish::Commit` and not at all otherwise (or on error).
    fn bulk(&self, work: &mut dyn FnMut(&mut dyn Bulk) -> Result<Finish>) -> Result<()>;
    /// [`Store::bulk`] for a check that writes nothing (a dry run): the same reads, from
    /// one consistent state, without holding up writers where the store can; what `work`
    /// writes never lands.
    fn bulk_read(&self, work: &mut dyn FnMut(&mut dyn Bulk) -> Result<()>) -> Result<()> {
        self.bulk(&mut |b| work(b).map(|()| Finish::Rollback))
    }
    fn batch(&self, id: &str) -> Result<Option<Batch>>;
    /// Batches, newest first.
    fn batches(&self, limit: Option<usize>) -> Result<Vec<Batch>>;
    /// The events a batch wrote, oldest first.
    fn batch_events(&self, id: &str) -> Result<Vec<Event>>;
    /// Calls `visit` with each selected service and its tenant, grouped by tenant; removed
    /// services and tenants are left out.
    fn export(
        &self,
        query: &ExportQuery,
        visit: &mut dyn FnMut(&Tenant, ServiceState) -> Result<()>,
    ) -> Result<()>;

    /// Everything the store holds (sessions and the pivot aside), in [`moving::Record`]
    /// order, from one consistent state.
    fn dump(&self, sink: &mut dyn FnMut(moving::Record) -> Result<()>) -> Result<()>;
    /// Reads records as [`Store::dump`] gives them into this store, which must be empty
    /// (no tenants, no users, only the default organisation), in one transaction; the
    /// pivot is computed from the rows. `next` gives `None` at the end.
    fn load(&self, next: &mut dyn FnMut() -> Result<Option<moving::Record>>) -> Result<()>;
}
