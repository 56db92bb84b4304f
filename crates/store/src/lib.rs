//! The storage contract: what a backend must do ([`Store`]), the errors it speaks
//! ([`StoreError`]), the use cases that every door of entrack calls ([`ops`]), and the
//! conformance suite every backend runs ([`conformance`], feature `conformance`).

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod ops;

use entrack_core::history::Event;
use entrack_core::report::ReportLine;
use entrack_core::{Service, ServiceState, Tenant, TenantId};
use jiff::Timestamp;

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
    /// Creates a tenant; fails with `AlreadyExists` if its id is taken.
    CreateTenant { tenant: Tenant, event: Event },
    /// Replaces a service entitlement and its rows. `state.version` is the new version;
    /// the stored version must be `state.version - 1` (0: the service must not exist yet),
    /// otherwise the write fails with `Conflict`.
    PutService { state: ServiceState, event: Event },
}

/// Which tenants to list.
#[derive(Debug, Clone, Default)]
pub struct TenantQuery {
    /// Case-insensitive part of the name or of the id.
    pub search: Option<String>,
    pub limit: Option<usize>,
}

/// Which events to read; newest first.
#[derive(Debug, Clone, Default)]
pub struct HistoryQuery {
    pub tenant: Option<TenantId>,
    pub service: Option<Service>,
    /// Only events at or before this instant.
    pub until: Option<Timestamp>,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct ReportQuery {
    pub include_invalid: bool,
    pub service: Option<Service>,
}

/// A storage backend. Implementations are internally synchronised and shared across
/// threads; every method is one transaction.
pub trait Store: Send + Sync {
    fn tenant(&self, id: &TenantId) -> Result<Option<Tenant>>;
    /// Tenants ordered by name, then id.
    fn tenants(&self, query: &TenantQuery) -> Result<Vec<Tenant>>;
    fn service(&self, tenant: &TenantId, service: Service) -> Result<Option<ServiceState>>;
    /// A tenant's service entitlements, ordered by service code; rows in canonical order.
    fn services(&self, tenant: &TenantId) -> Result<Vec<ServiceState>>;
    /// Writes states and their events atomically; returns the events with their `seq`.
    fn commit(&self, writes: Vec<Write>) -> Result<Vec<Event>>;
    /// Events newest first.
    fn history(&self, query: &HistoryQuery) -> Result<Vec<Event>>;
    /// The pivot, ordered as [`entrack_core::report::sort`] orders it.
    fn report(&self, query: &ReportQuery) -> Result<Vec<ReportLine>>;
}
