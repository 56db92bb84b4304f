//! The use cases: read, plan with the core's rules, write. The CLI, the import, the API and
//! the UI all call these, so one rule can never hold at one door and fail at another.

use crate::accounts::{OrgId, UserId, DEFAULT_ORG};
use crate::{HistoryQuery, Store, StoreError, TenantQuery, Write};
use entrack_core::change::{
    plan_entitlement_set, plan_status_put, plan_tenant_create, EntitlementSet, Meta, Plan,
    StatusPut,
};
use entrack_core::history::{Event, EventKind, Replayed};
use entrack_core::model::{Field, StatusRow};
use entrack_core::parse::parse_row;
use entrack_core::rules::{RuleCode, RuleContext, Violation};
use entrack_core::{Lang, Role, Service, ServiceState, Tenant, TenantId};
use entrack_suggest::{NoteGate, RowNote};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// A signed-in user: what every access decision is made on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user: UserId,
    pub username: String,
    pub org: OrgId,
    pub role: Role,
}

impl Principal {
    pub fn of(u: &crate::accounts::User) -> Principal {
        Principal {
            user: u.id,
            username: u.username.clone(),
            org: u.org,
            role: u.role,
        }
    }
}

/// Who is acting, when, in which role and language.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub meta: Meta,
    /// The role the rules check (for a principal: set per tenant from its assignments).
    pub role: Option<Role>,
    pub lang: Lang,
    /// The user acting; `None`: the local operator of an installation without accounts,
    /// who sees every organisation and may change everything.
    pub principal: Option<Principal>,
}

impl Ctx {
    pub fn rules(&self) -> RuleContext {
        RuleContext {
            today: self.meta.at.to_zoned(TimeZone::UTC).date(),
            role: self.role,
        }
    }

    /// The organisation every read and write is limited to (`None`: all of them).
    pub fn org(&self) -> Option<OrgId> {
        self.principal.as_ref().map(|p| p.org)
    }

    /// The organisation new tenants go to.
    pub fn home_org(&self) -> OrgId {
        self.org().unwrap_or(DEFAULT_ORG)
    }

    /// Whether changes across the organisation (imports, feeds, undo, new tenants and
    /// services, assignments) are allowed.
    pub fn may_administer(&self) -> bool {
        self.principal
            .as_ref()
            .is_none_or(|p| p.role == Role::Admin)
    }

    /// Refuses unless [`Ctx::may_administer`].
    pub fn require_admin(&self, what: &str) -> OpResult<()> {
        if self.may_administer() {
            Ok(())
        } else {
            Err(OpError::Forbidden {
                what: what.to_string(),
            })
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
    /// The caller may see this but not change it.
    #[error("not allowed: {what}")]
    Forbidden { what: String },
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

/// The result of a change: the new state, the event written (none for a no-op), and what
/// Suggest says of the note of each row the change added or altered.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub state: ServiceState,
    pub event: Option<Event>,
    /// Rows numbered as submitted.
    pub notes: Vec<RowNote>,
}

/// A tenant the caller may see: one of its organisation's. Any other answers
/// `TenantNotFound`, exactly as a tenant that does not exist.
pub fn visible_tenant(store: &dyn Store, ctx: &Ctx, id: &TenantId) -> OpResult<Tenant> {
    ensure_visible(store, ctx, id)?;
    store
        .tenant(id)?
        .ok_or_else(|| OpError::TenantNotFound(id.to_string()))
}

/// [`visible_tenant`] without reading the tenant: one lookup, for the paths that only need
/// to know (every read and write of a service goes through here).
pub fn ensure_visible(store: &dyn Store, ctx: &Ctx, id: &TenantId) -> OpResult<()> {
    match (ctx.org(), store.tenant_org(id)?) {
        (_, None) => Err(OpError::TenantNotFound(id.to_string())),
        (Some(mine), Some(its)) if mine != its => Err(OpError::TenantNotFound(id.to_string())),
        _ => Ok(()),
    }
}

/// One service of a tenant the caller can see, in one read.
pub fn visible_service(
    store: &dyn Store,
    ctx: &Ctx,
    tenant: &TenantId,
    service: Service,
) -> OpResult<ServiceState> {
    match store.tenant_service(tenant, service)? {
        Some((its, _)) if ctx.org().is_some_and(|mine| mine != its) => {
            Err(OpError::TenantNotFound(tenant.to_string()))
        }
        None => Err(OpError::TenantNotFound(tenant.to_string())),
        Some((_, None)) => Err(OpError::ServiceNotFound {
            tenant: tenant.clone(),
            service,
        }),
        Some((_, Some(s))) => Ok(s),
    }
}

/// The role the caller changes `service` of `tenant` in, or `Forbidden`: an admin acts
/// as admin everywhere in the organisation; anyone else only where assigned (to the
/// tenant, or to that service of it), in the assignment's role. A viewer never writes.
/// The tenant must be visible (see [`visible_tenant`]).
pub fn write_role(
    store: &dyn Store,
    ctx: &Ctx,
    tenant: &TenantId,
    service: Option<Service>,
) -> OpResult<Option<Role>> {
    let Some(p) = &ctx.principal else {
        return Ok(ctx.role);
    };
    ensure_visible(store, ctx, tenant)?;
    if p.role == Role::Admin {
        return Ok(Some(Role::Admin));
    }
    let forbidden = || OpError::Forbidden {
        what: format!("{} is not assigned to tenant {tenant}", p.username),
    };
    if p.role == Role::Viewer {
        return Err(forbidden());
    }
    let mut found: Option<Role> = None;
    for a in store.assignments_of(p.user, tenant)? {
        if a.service.is_none() || a.service == service || service.is_none() {
            // Several assignments: the most specific one (a service) wins, then the first.
            if found.is_none() || (a.service.is_some() && service.is_some()) {
                found = Some(a.role);
            }
        }
    }
    found.map(Some).ok_or_else(forbidden)
}

/// Finds a tenant by id, or by its exact name (case-insensitive) when that is unique,
/// among the tenants the caller may see.
pub fn find_tenant(store: &dyn Store, ctx: &Ctx, key: &str) -> OpResult<Tenant> {
    if let Some(id) = TenantId::parse(key) {
        return visible_tenant(store, ctx, &id);
    }
    let wanted = key.trim().to_lowercase();
    let matches: Vec<Tenant> = store
        .tenants(&TenantQuery {
            org: ctx.org(),
            search: Some(key.trim().to_string()),
            ..TenantQuery::default()
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
    ctx.require_admin("creating tenants")?;
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
        org: ctx.org(),
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

fn write(
    store: &dyn Store,
    plan: Plan,
    kind: EventKind,
    ctx: &Ctx,
    notes: Vec<RowNote>,
) -> OpResult<Outcome> {
    if plan.is_noop() {
        return Ok(Outcome {
            state: plan.after,
            event: None,
            notes,
        });
    }
    let event = plan.event(kind, &ctx.meta);
    let state = plan.after;
    let mut events = store.commit(vec![Write::PutService {
        state: state.clone(),
        event,
        file: None,
        state_digest: None,
    }])?;
    Ok(Outcome {
        state,
        event: events.pop(),
        notes,
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
    set_entitlement_if(store, ctx, tenant, service, input, None)
}

/// [`set_entitlement`] on the condition that the stored version is `expected` (0: the
/// service must not exist yet), when given.
pub fn set_entitlement_if(
    store: &dyn Store,
    ctx: &Ctx,
    tenant: &TenantId,
    service: Service,
    input: &EntitlementSet,
    expected: Option<u64>,
) -> OpResult<Outcome> {
    ensure_visible(store, ctx, tenant)?;
    // Entitlements come from licensing: only organisation-wide changes set them.
    ctx.require_admin("setting entitlements")?;
    let before = store.service(tenant, service)?;
    let what = || format!("{} of tenant {tenant}", service.code());
    if let Some(v) = expected {
        let now = before.as_ref().map(|b| b.version).unwrap_or(0);
        if now != v {
            return Err(OpError::Stale {
                what: what(),
                current_version: now,
            });
        }
    }
    let plan = plan_entitlement_set(
        tenant,
        service,
        before.as_ref(),
        input,
        &ctx.rules(),
        ctx.lang,
    )?;
    write(store, plan, EventKind::EntitlementSet, ctx, Vec::new()).map_err(|e| match e {
        OpError::Store(StoreError::Conflict {
            current_version, ..
        }) => OpError::Stale {
            what: what(),
            current_version,
        },
        e => e,
    })
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
    let role = write_role(store, ctx, tenant, Some(service))?;
    let ctx = &Ctx {
        role,
        ..ctx.clone()
    };
    let what = || format!("{} of tenant {tenant}", service.code());
    let org = store.tenant_org(tenant)?.unwrap_or(DEFAULT_ORG);
    let mut gate = NoteGate::new(store.allows_poor_notes(org)?);
    // The rows as submitted, for the note gate (the plan holds them in canonical order).
    let rows: Vec<StatusRow> = input
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| parse_row(r, i + 1, service).ok())
        .collect();
    // Without an expected version the change applies to whatever is stored: when another
    // writer gets in between the read and the write, read and plan again.
    let mut attempts = 0;
    loop {
        let before = store
            .service(tenant, service)?
            .ok_or_else(|| OpError::ServiceNotFound {
                tenant: tenant.clone(),
                service,
            })?;
        if let Some(v) = expected {
            if before.version != v {
                return Err(OpError::Stale {
                    what: what(),
                    current_version: before.version,
                });
            }
        }
        // A poor note on a row the change adds or alters is refused (unless the
        // organisation allows it), together with whatever the rules refuse.
        let notes = gate.grade(service, Some(&before), &rows);
        let refused = gate.refusals(&notes, &rows);
        let plan = match plan_status_put(&before, input, &ctx.rules()) {
            Ok(plan) if refused.is_empty() => plan,
            Ok(_) => return Err(OpError::Rejected(refused)),
            Err(mut v) => {
                v.extend(refused);
                return Err(OpError::Rejected(v));
            }
        };
        match write(store, plan, EventKind::StatusPut, ctx, notes) {
            Err(OpError::Store(StoreError::Conflict {
                current_version, ..
            })) => {
                attempts += 1;
                if expected.is_some() || attempts >= ANY_VERSION_ATTEMPTS {
                    return Err(OpError::Stale {
                        what: what(),
                        current_version,
                    });
                }
            }
            other => return other,
        }
    }
}

/// How often a change without an expected version is planned again after losing a race.
const ANY_VERSION_ATTEMPTS: u32 = 8;

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
        ..HistoryQuery::default()
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
