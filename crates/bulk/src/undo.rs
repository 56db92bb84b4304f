//! `entrack import undo BATCH`: restores every service and tenant a batch touched to its
//! state before the batch, as new events of a new batch. Refused as a whole when anything
//! the batch wrote has changed since, or when the batch was undone already.

use entrack_core::change::Meta;
use entrack_core::history::{diff_removal, diff_service, revert, Event, EventKind, FieldChange};
use entrack_core::model::Field;
use entrack_core::rules::{RuleCode, Violation};
use entrack_core::{Service, ServiceState, Tenant, TenantId};
use entrack_store::{tenant_key, BatchKind, Finish, OrgId, Store, StoreError, TenantKey, Write};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UndoSummary {
    pub batch: String,
    pub undone: String,
    pub restored: u64,
    pub removed: u64,
    pub tenants_removed: u64,
    pub tenants_restored: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum UndoError {
    #[error("undo refused")]
    Refused(Vec<Violation>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn tenant_event(
    meta: &Meta,
    tenant: &TenantId,
    kind: EventKind,
    changes: Vec<FieldChange>,
) -> Event {
    Event {
        seq: 0,
        at: meta.at,
        actor: meta.actor.clone(),
        source: meta.source,
        tenant_id: tenant.clone(),
        service: None,
        kind,
        version: 1,
        changes,
        batch: meta.batch.clone(),
    }
}

/// Undoes batch `id`; `meta.batch` is the id of the undo batch.
pub fn undo(
    store: &dyn Store,
    id: &str,
    meta: &Meta,
    org: Option<OrgId>,
) -> Result<UndoSummary, UndoError> {
    let refuse = |v: Violation| UndoError::Refused(vec![v]);
    let batch = store
        .batch(id)?
        .ok_or_else(|| refuse(Violation::new(RuleCode::UnknownBatch).value(id)))?;
    let events = store.batch_events(id)?;
    let index = store.index(org)?;
    // A batch that touched another organisation's tenants is not the caller's to see.
    if events
        .iter()
        .any(|e| index.elsewhere.contains(&tenant_key(&e.tenant_id)))
    {
        return Err(refuse(Violation::new(RuleCode::UnknownBatch).value(id)));
    }
    if let Some(by) = &batch.undone_by {
        return Err(refuse(
            Violation::new(RuleCode::BatchAlreadyUndone)
                .value(id)
                .text("other", by),
        ));
    }

    // The batch's events per service, in order of first appearance; and the tenants it
    // created or removed. A batch can hold a million services: keyed, not searched.
    let mut services: Vec<((TenantId, Service), Vec<&Event>)> = Vec::new();
    let mut position: FxHashMap<(TenantKey, Service), usize> = FxHashMap::default();
    let mut tenants: Vec<&Event> = Vec::new();
    for e in &events {
        match &e.service {
            None => tenants.push(e),
            Some(code) => {
                let service = Service::from_code(code)
                    .ok_or_else(|| StoreError::Invariant(format!("unknown service {code}")))?;
                let at = *position
                    .entry((tenant_key(&e.tenant_id), service))
                    .or_insert_with(|| {
                        services.push(((e.tenant_id.clone(), service), Vec::new()));
                        services.len() - 1
                    });
                services[at].1.push(e);
            }
        }
    }

    let mut refused = Vec::new();
    for ((tenant, service), list) in &services {
        let last = list.last().expect("at least one event").version;
        let now = index
            .mark(tenant_key(tenant), *service)
            .map(|m| m.version)
            .unwrap_or(0);
        if now != last {
            refused.push(
                Violation::new(RuleCode::ChangedSinceBatch)
                    .field(Field::Service)
                    .value(format!("{tenant} {}", service.code()))
                    .num("version", now)
                    .num("other", last),
            );
        }
    }
    // A tenant the batch created keeps any service added to it since: refuse.
    let created: FxHashSet<TenantKey> = tenants
        .iter()
        .filter(|e| e.kind == EventKind::TenantCreated)
        .map(|e| tenant_key(&e.tenant_id))
        .collect();
    if !created.is_empty() {
        for ((k, service), m) in index.services() {
            if created.contains(&k) && !m.removed && !position.contains_key(&(k, service)) {
                refused.push(
                    Violation::new(RuleCode::ChangedSinceBatch)
                        .field(Field::Service)
                        .value(format!("{} {}", crate::tenant_of_key(k), service.code()))
                        .num("version", m.version)
                        .num("other", 0),
                );
            }
        }
    }
    if !refused.is_empty() {
        return Err(UndoError::Refused(refused));
    }

    let mut summary = UndoSummary {
        batch: meta.batch.clone().unwrap_or_default(),
        undone: id.to_string(),
        ..Default::default()
    };
    store.bulk(&mut |bulk| {
        // Tenants the batch removed come back first, so their services can follow.
        for e in tenants
            .iter()
            .rev()
            .filter(|e| e.kind == EventKind::TenantRemoved)
        {
            let name = e
                .changes
                .iter()
                .find(|c| c.field == Field::TenantName)
                .and_then(|c| c.before.clone())
                .unwrap_or_default();
            summary.tenants_restored += 1;
            let changes = vec![
                FieldChange {
                    row: None,
                    field: Field::TenantId,
                    before: None,
                    after: Some(e.tenant_id.to_string()),
                },
                FieldChange {
                    row: None,
                    field: Field::TenantName,
                    before: None,
                    after: Some(name.clone()),
                },
            ];
            bulk.write(Write::CreateTenant {
                org,
                tenant: Tenant {
                    tenant_id: e.tenant_id.clone(),
                    tenant_name: name,
                },
                event: tenant_event(meta, &e.tenant_id, EventKind::TenantCreated, changes),
            })?;
        }
        for ((tenant, service), list) in services.iter().rev() {
            let mark = index.mark(tenant_key(tenant), *service).ok_or_else(|| {
                StoreError::Invariant(format!("{tenant} {} not indexed", service.code()))
            })?;
            let current = bulk.service(tenant, *service)?;
            let mut state = match &current {
                Some(s) => s.clone(),
                None => {
                    let mut s = ServiceState::new(tenant.clone(), *service);
                    s.version = mark.version;
                    s
                }
            };
            let mut restored: Option<ServiceState> = None;
            for e in list.iter().rev() {
                restored = revert(&state, e).map_err(|e| StoreError::Invariant(e.to_string()))?;
                state = match &restored {
                    Some(s) => s.clone(),
                    None => {
                        let mut s = ServiceState::new(tenant.clone(), *service);
                        s.version = e.version.saturating_sub(1);
                        s
                    }
                };
            }
            let version = mark.version + 1;
            let event = |kind, changes| Event {
                seq: 0,
                at: meta.at,
                actor: meta.actor.clone(),
                source: meta.source,
                tenant_id: tenant.clone(),
                service: Some(service.code().to_string()),
                kind,
                version,
                changes,
                batch: meta.batch.clone(),
            };
            match (current, restored) {
                (Some(cur), None) => {
                    summary.removed += 1;
                    bulk.write(Write::RemoveService {
                        tenant: tenant.clone(),
                        service: *service,
                        version,
                        event: event(EventKind::ServiceRemoved, diff_removal(&cur)),
                    })?;
                }
                (cur, Some(mut before)) => {
                    summary.restored += 1;
                    before.version = version;
                    before.canonicalize();
                    let changes = diff_service(cur.as_ref(), &before);
                    bulk.write(Write::PutService {
                        state: before,
                        event: event(EventKind::StatusImported, changes),
                        file: None,
                        state_digest: None,
                    })?;
                }
                (None, None) => {}
            }
        }
        // Tenants the batch created go last, once their services are gone.
        for e in tenants
            .iter()
            .rev()
            .filter(|e| e.kind == EventKind::TenantCreated)
        {
            let name = e
                .changes
                .iter()
                .find(|c| c.field == Field::TenantName)
                .and_then(|c| c.after.clone())
                .unwrap_or_default();
            summary.tenants_removed += 1;
            let changes = vec![FieldChange {
                row: None,
                field: Field::TenantName,
                before: Some(name),
                after: None,
            }];
            bulk.write(Write::RemoveTenant {
                tenant: e.tenant_id.clone(),
                event: tenant_event(meta, &e.tenant_id, EventKind::TenantRemoved, changes),
            })?;
        }
        bulk.write(crate::batch_record(
            BatchKind::Undo,
            meta,
            None,
            Some(id),
            &summary,
        ))?;
        Ok(Finish::Commit)
    })?;
    Ok(summary)
}
