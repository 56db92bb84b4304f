//! The use cases: read, plan with the core's rules, write. The CLI, the import, the API and
//! the UI all call these, so one rule can never hold at one door and fail at another.

use crate::{HistoryQuery, Store, StoreError, TenantQuery, Write};
use entrack_core::change::{
    plan_entitlement_set, plan_status_put, plan_tenant_create, EntitlementSet, Meta, Plan,
    StatusPut,
};
use entrack_core::history::{Event, EventKind, Replayed};
use entrack_core::model::Field;
use entrack_core::rules::{RuleCode, RuleContext, Violation};
use entrack_core::{Lang, Role, Service, ServiceState, Tenant, TenantId};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Who is acting, when, in which role and language.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub meta: Meta,
    pub role: Option<Role>,
    pub lang: Lang,
}

impl Ctx {
    pub fn rules(&self) -> RuleContext {
        RuleContext {
            today: self.meta.at.to_zoned(TimeZone::UTC).date(),
            role: self.role,
        }
    }
}

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error("rejected by {} rule(s)", .0.len())]
    Rejected(Vec<Violation>),
    #[error("no tenant has the id or name `{0}`")]
    TenantNotFound(String),
    #[error("tenant {tenant} has no entitlements for {service}")]
    ServiceNotFound { tenant: TenantId, service: Service },
    #[error("{count} tenants are named `{key}`")]
    AmbiguousTenant { key: String, count: usize },
    /// The caller read an older version than the stored one.
    #[error("{what} is now at version {current_version}")]
    Stale { what: String, current_version: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Vec<Violation>> for OpError {
    fn from(v: Vec<Violation>) -> Self {
        OpError::Rejected(v)
    }
}

pub type OpResult<T> = Result<T, OpError>;

/// The result of a change: the new state and the event written (none for a no-op).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub state: ServiceState,
    pub event: Option<Event>,
}

/// Finds a tenant by id, or by its exact name (case-insensitive) when that is unique.
pub fn find_tenant(store: &dyn Store, key: &str) -> OpResult<Tenant> {
    if let Some(id) = TenantId::parse(key) {
        return store
            .tenant(&id)?
            .ok_or_else(|| OpError::TenantNotFound(id.to_string()));
    }
    let wanted = key.trim().to_lowercase();
    let matches: Vec<Tenant> = store
        .tenants(&TenantQuery {
            search: Some(key.trim().to_string()),
            limit: None,
        })?
        .into_iter()
        .filter(|t| t.tenant_name.to_lowercase() == wanted)
        .collect();
    match matches.len() {
        1 => Ok(matches.into_iter().next().expect("one")),
        0 => Err(OpError::TenantNotFound(key.trim().to_string())),
        count => Err(OpError::AmbiguousTenant {
            key: key.trim().to_string(),
            count,
        }),
    }
}

pub fn resolve_service(s: &str) -> OpResult<Service> {
    entrack_core::parse::parse_service(s).map_err(|v| OpError::Rejected(vec![v]))
}

pub fn add_tenant(store: &dyn Store, ctx: &Ctx, id: &str, name: &str) -> OpResult<(Tenant, Event)> {
    let (tenant, changes) = plan_tenant_create(id, name)?;
    let event = Event {
        seq: 0,
        at: ctx.meta.at,
        actor: ctx.meta.actor.clone(),
        source: ctx.meta.source,
        tenant_id: tenant.tenant_id.clone(),
        service: None,
        kind: EventKind::TenantCreated,
        version: 1,
        changes,
        batch: ctx.meta.batch.clone(),
    };
    match store.commit(vec![Write::CreateTenant {
        tenant: tenant.clone(),
        event,
    }]) {
        Ok(mut events) => Ok((tenant, events.remove(0))),
        Err(StoreError::AlreadyExists(_)) => Err(OpError::Rejected(vec![Violation::new(
            RuleCode::TenantExists,
        )
        .field(Field::TenantId)
        .value(&tenant.tenant_id)])),
        Err(e) => Err(e.into()),
    }
}

fn write(store: &dyn Store, plan: Plan, kind: EventKind, ctx: &Ctx) -> OpResult<Outcome> {
    if plan.is_noop() {
        return Ok(Outcome {
            state: plan.after,
            event: None,
        });
    }
    let event = plan.event(kind, &ctx.meta);
    let state = plan.after;
    let mut events = store.commit(vec![Write::PutService {
        state: state.clone(),
        event,
    }])?;
    Ok(Outcome {
        state,
        event: events.pop(),
    })
}

/// Sets a service's total and service-level fields, creating the service if it is new.
pub fn set_entitlement(
    store: &dyn Store,
    ctx: &Ctx,
    tenant: &TenantId,
    service: Service,
    input: &EntitlementSet,
) -> OpResult<Outcome> {
    if store.tenant(tenant)?.is_none() {
        return Err(OpError::TenantNotFound(tenant.to_string()));
    }
    let before = store.service(tenant, service)?;
    let plan = plan_entitlement_set(
        tenant,
        service,
        before.as_ref(),
        input,
        &ctx.rules(),
        ctx.lang,
    )?;
    write(store, plan, EventKind::EntitlementSet, ctx)
}

/// Replaces all status rows of a service (and optionally its scenario and service status).
pub fn put_status(
    store: &dyn Store,
    ctx: &Ctx,
    tenant: &TenantId,
    service: Service,
    input: &StatusPut,
) -> OpResult<Outcome> {
    put_status_if(store, ctx, tenant, service, input, None)
}

/// [`put_status`] on the condition that the stored version is `expected` (when given):
/// otherwise, or when someone writes in between, [`OpError::Stale`] and nothing changes.
pub fn put_status_if(
    store: &dyn Store,
    ctx: &Ctx,
    tenant: &TenantId,
    service: Service,
    input: &StatusPut,
    expected: Option<u64>,
) -> OpResult<Outcome> {
    let before = store
        .service(tenant, service)?
        .ok_or_else(|| OpError::ServiceNotFound {
            tenant: tenant.clone(),
            service,
        })?;
    let what = || format!("{} of tenant {tenant}", service.code());
    if let Some(v) = expected {
        if before.version != v {
            return Err(OpError::Stale {
                what: what(),
                current_version: before.version,
            });
        }
    }
    let plan = plan_status_put(&before, input, &ctx.rules())?;
    write(store, plan, EventKind::StatusPut, ctx).map_err(|e| match e {
        OpError::Store(StoreError::Conflict {
            current_version, ..
        }) => OpError::Stale {
            what: what(),
            current_version,
        },
        e => e,
    })
}

/// The state of one service entitlement as it was at `at`, rebuilt from its history.
pub fn service_as_of(
    store: &dyn Store,
    tenant: &TenantId,
    service: Service,
    at: Timestamp,
) -> OpResult<Option<ServiceState>> {
    let mut events = store.history(&HistoryQuery {
        tenant: Some(tenant.clone()),
        service: Some(service),
        until: Some(at),
        limit: None,
    })?;
    events.reverse();
    let mut r = Replayed::default();
    for e in &events {
        r.apply(e)
            .map_err(|e| StoreError::Invariant(e.to_string()))?;
    }
    Ok(r.services.remove(&(tenant.clone(), service)))
}

/// Rebuilds everything from the whole history (oldest first).
pub fn replay_all(store: &dyn Store) -> OpResult<Replayed> {
    let mut events = store.history(&HistoryQuery::default())?;
    events.reverse();
    entrack_core::history::replay(&events).map_err(|e| StoreError::Invariant(e.to_string()).into())
}
