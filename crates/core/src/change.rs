//! Planning a change: from the current state and a request to the new state, checked by the
//! rules as a whole, with the list of field changes that becomes its history event. Every
//! door (CLI, import, API, UI) plans through these functions; a store only writes plans.

use crate::history::{diff_service, Event, EventKind, FieldChange, Source};
use crate::lang::Lang;
use crate::messages;
use crate::model::{
    EngagementScenario, Field, Review, ReviewReason, RowKey, Scenario, ServicePhase, ServiceState,
    StatusRow, Tenant, TenantId,
};
use crate::parse::{parse_row, RowInput};
use crate::rules::{check_service, text_limits, RuleCode, RuleContext, Violation, MAX_TENANT_NAME};
use crate::taxonomy::{Service, L1, L2};
use jiff::civil::Date;
use jiff::Timestamp;

/// Who, when and through which door.
#[derive(Debug, Clone)]
pub struct Meta {
    pub at: Timestamp,
    pub actor: String,
    pub source: Source,
    pub batch: Option<String>,
}

/// A checked change of one service entitlement, ready to be written with its event.
#[derive(Debug, Clone)]
pub struct Plan {
    pub before_version: u64,
    pub after: ServiceState,
    pub changes: Vec<FieldChange>,
}

impl Plan {
    /// True when the request changes nothing (no event is written, the version stays).
    pub fn is_noop(&self) -> bool {
        self.changes.is_empty()
    }

    /// The new state and its event, without copying the changes.
    pub fn into_parts(self, kind: EventKind, meta: &Meta) -> (ServiceState, Event) {
        let event = Event {
            seq: 0,
            at: meta.at,
            actor: meta.actor.clone(),
            source: meta.source,
            tenant_id: self.after.tenant_id.clone(),
            service: Some(self.after.service.code().to_string()),
            kind,
            version: self.after.version,
            changes: self.changes,
            batch: meta.batch.clone(),
        };
        (self.after, event)
    }

    pub fn event(&self, kind: EventKind, meta: &Meta) -> Event {
        Event {
            seq: 0,
            at: meta.at,
            actor: meta.actor.clone(),
            source: meta.source,
            tenant_id: self.after.tenant_id.clone(),
            service: Some(self.after.service.code().to_string()),
            kind,
            version: self.after.version,
            changes: self.changes.clone(),
            batch: meta.batch.clone(),
        }
    }
}

fn finish(before: Option<&ServiceState>, after: ServiceState) -> Plan {
    let base = before.map(|b| b.version).unwrap_or(0);
    finish_from(before, base, after)
}

/// A review flag about the feed's total is settled once the service has that total.
fn settle_review(after: &mut ServiceState) {
    if let Some(Review {
        reason: ReviewReason::FeedBelowClassified,
        feed_total: Some(t),
    }) = after.review
    {
        if t == after.total_entitlements {
            after.review = None;
        }
    }
}

fn finish_from(
    before: Option<&ServiceState>,
    before_version: u64,
    mut after: ServiceState,
) -> Plan {
    after.canonicalize();
    settle_review(&mut after);
    let changes = diff_service(before, &after);
    after.version = if changes.is_empty() {
        before_version
    } else {
        before_version + 1
    };
    Plan {
        before_version,
        after,
        changes,
    }
}

/// A service-level field that a request may leave alone, clear or set.
pub type Update<T> = Option<Option<T>>;

/// Replace all status rows of a service, as FTOP's Save does.
#[derive(Debug, Clone, Default)]
pub struct StatusPut {
    pub rows: Vec<RowInput>,
    pub scenario: Update<Scenario>,
    pub service_status: Update<ServicePhase>,
}

pub fn plan_status_put(
    before: &ServiceState,
    input: &StatusPut,
    ctx: &RuleContext,
) -> Result<Plan, Vec<Violation>> {
    let mut errors = Vec::new();
    let mut rows = Vec::with_capacity(input.rows.len());
    for (i, r) in input.rows.iter().enumerate() {
        match parse_row(r, i + 1, before.service) {
            Ok(row) => rows.push(row),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut after = before.clone();
    after.rows = rows;
    if let Some(s) = input.scenario {
        after.scenario = s;
    }
    if let Some(s) = input.service_status {
        after.service_status = s;
    }
    let violations = check_service(Some(before), &after, ctx);
    if violations.is_empty() {
        Ok(finish(Some(before), after))
    } else {
        Err(violations)
    }
}

/// Set a service's total entitlements and service-level fields; create it if new.
#[derive(Debug, Clone, Default)]
pub struct EntitlementSet {
    pub total: Option<u64>,
    pub scenario: Update<Scenario>,
    pub engagement_scenario: Option<EngagementScenario>,
    pub service_status: Update<ServicePhase>,
    pub engagement_start_date: Update<Date>,
}

fn new_seats_key() -> RowKey {
    let l2 = L2::resolve(L1::StatusUnknown, "new-subscription-or-workload");
    RowKey {
        l1: L1::StatusUnknown,
        l2,
        l3: None,
    }
}

/// Plans a change of total and service-level fields. Seats added to a service land in
/// Status Unknown / New Subscription or Workload (the playbook's automation); seats taken
/// away come out of Status Unknown first, and a total below what is classified elsewhere is
/// refused.
pub fn plan_entitlement_set(
    tenant: &TenantId,
    service: Service,
    before: Option<&ServiceState>,
    input: &EntitlementSet,
    ctx: &RuleContext,
    lang: Lang,
) -> Result<Plan, Vec<Violation>> {
    let mut after = before
        .cloned()
        .unwrap_or_else(|| ServiceState::new(tenant.clone(), service));
    if let Some(s) = input.scenario {
        after.scenario = s;
    }
    if let Some(s) = input.engagement_scenario {
        after.engagement_scenario = s;
    }
    if let Some(s) = input.service_status {
        after.service_status = s;
    }
    if let Some(d) = input.engagement_start_date {
        after.engagement_start_date = d;
    }
    if let Some(total) = input.total {
        if let Err(classified) = retotal(&mut after, total, lang) {
            return Err(vec![Violation::new(RuleCode::TotalBelowClassified)
                .field(Field::TotalEntitlements)
                .value(total)
                .num("total", total)
                .num("classified", classified)]);
        }
    }
    let violations = check_service(before, &after, ctx);
    if violations.is_empty() {
        Ok(finish(before, after))
    } else {
        Err(violations)
    }
}

/// Moves a service to a new total the way the playbook's automation does: added seats land
/// in Status Unknown / New Subscription or Workload; seats taken away come out of Status
/// Unknown (New Subscription or Workload first, then the other reasons in taxonomy order).
/// When Status Unknown cannot absorb the reduction, nothing changes and the error carries
/// the seats classified outside Status Unknown.
fn retotal(after: &mut ServiceState, total: u64, lang: Lang) -> Result<(), u64> {
    let current: u64 = after.rows.iter().map(|r| r.entitlements).sum();
    if total > current {
        let added = total - current;
        let key = new_seats_key();
        match after.rows.iter_mut().find(|r| r.key() == key) {
            Some(row) => row.entitlements += added,
            None => {
                let mut row = StatusRow::new(key, added);
                row.note = Some(messages::text(
                    lang,
                    "auto-note-new-seats",
                    &[("count", added.to_string())],
                ));
                after.rows.push(row);
            }
        }
    } else if total < current {
        let excess = current - total;
        let unknown = after.seats_in(L1::StatusUnknown);
        if unknown < excess {
            return Err(current - unknown);
        }
        let mut excess = excess;
        after.canonicalize();
        let nsw = new_seats_key();
        let mut order: Vec<usize> = (0..after.rows.len())
            .filter(|&i| after.rows[i].l1 == L1::StatusUnknown)
            .collect();
        order.sort_by_key(|&i| after.rows[i].key() != nsw);
        for i in order {
            let take = excess.min(after.rows[i].entitlements);
            after.rows[i].entitlements -= take;
            excess -= take;
        }
        after
            .rows
            .retain(|r| r.l1 != L1::StatusUnknown || r.entitlements > 0);
    }
    after.total_entitlements = total;
    Ok(())
}

/// Plans a whole new state of a service as read from a file: the rows, total and
/// service-level fields it gives. `base_version` is the stored version (a service removed
/// earlier keeps counting), `before` the current state when it exists.
pub fn plan_replace(
    before: Option<&ServiceState>,
    base_version: u64,
    after: ServiceState,
    ctx: &RuleContext,
) -> Result<Plan, Vec<Violation>> {
    let mut after = after;
    after.canonicalize();
    let violations = check_service(before, &after, ctx);
    if violations.is_empty() {
        Ok(finish_from(before, base_version, after))
    } else {
        Err(violations)
    }
}

/// Plans a new service (none stored, or one removed earlier, whose version was
/// `base_version`) as read from a file: [`plan_replace`] without a `before`, except that
/// its changes are not listed. A creation's changes are its whole state, from nothing to
/// every field it has; a store records them from the state (a bulk import of a programme
/// creates hundreds of thousands of services, and listing each one's fields twice would
/// cost as much as checking them).
pub fn plan_create(
    base_version: u64,
    after: ServiceState,
    ctx: &RuleContext,
) -> Result<ServiceState, Vec<Violation>> {
    let mut after = after;
    after.canonicalize();
    let violations = check_service(None, &after, ctx);
    if !violations.is_empty() {
        return Err(violations);
    }
    settle_review(&mut after);
    // Something always changes from nothing: the engagement scenario has a value.
    after.version = base_version + 1;
    Ok(after)
}

/// What the entitlement feed does to one service.
#[derive(Debug, Clone)]
pub enum FeedPlan {
    /// The new total applies (or nothing changes).
    Apply(Plan),
    /// The total could not be applied; the service is flagged for review instead.
    Flagged(Plan),
}

/// Plans the feed's total for one service: as [`plan_entitlement_set`], except that a
/// reduction Status Unknown cannot absorb flags the service for review and leaves its rows
/// and total alone. A service listed by the feed loses a `missing-from-feed` flag.
pub fn plan_feed(
    tenant: &TenantId,
    service: Service,
    before: Option<&ServiceState>,
    base_version: u64,
    total: u64,
    ctx: &RuleContext,
    lang: Lang,
) -> Result<FeedPlan, Vec<Violation>> {
    let mut after = before
        .cloned()
        .unwrap_or_else(|| ServiceState::new(tenant.clone(), service));
    after.version = base_version;
    match retotal(&mut after, total, lang) {
        Ok(()) => {
            after.review = None;
            let violations = check_service(before, &after, ctx);
            if violations.is_empty() {
                Ok(FeedPlan::Apply(finish_from(before, base_version, after)))
            } else {
                Err(violations)
            }
        }
        Err(_) => {
            let mut flagged = before.cloned().unwrap_or_else(|| after.clone());
            flagged.review = Some(Review {
                reason: ReviewReason::FeedBelowClassified,
                feed_total: Some(total),
            });
            Ok(FeedPlan::Flagged(finish_from(
                before,
                base_version,
                flagged,
            )))
        }
    }
}

/// Sets or clears a service's review flag, nothing else.
pub fn plan_review(before: &ServiceState, review: Option<Review>) -> Plan {
    let mut after = before.clone();
    after.review = review;
    finish(Some(before), after)
}

/// Checks a new tenant; returns it with the changes of its creation event.
pub fn plan_tenant_create(
    id: &str,
    name: &str,
) -> Result<(Tenant, Vec<FieldChange>), Vec<Violation>> {
    let mut errors = Vec::new();
    let tenant_id = TenantId::parse(id);
    if tenant_id.is_none() {
        errors.push(
            Violation::new(RuleCode::InvalidTenantId)
                .field(Field::TenantId)
                .value(id),
        );
    }
    let name = name.trim();
    if name.is_empty() {
        errors.push(Violation::new(RuleCode::TenantNameRequired).field(Field::TenantName));
    }
    text_limits(
        Some(name),
        Field::TenantName,
        MAX_TENANT_NAME,
        false,
        None,
        &mut errors,
    );
    match tenant_id {
        Some(tenant_id) if errors.is_empty() => {
            let changes = vec![
                FieldChange {
                    row: None,
                    field: Field::TenantId,
                    before: None,
                    after: Some(tenant_id.to_string()),
                },
                FieldChange {
                    row: None,
                    field: Field::TenantName,
                    before: None,
                    after: Some(name.to_string()),
                },
            ];
            Ok((
                Tenant {
                    tenant_id,
                    tenant_name: name.to_string(),
                },
                changes,
            ))
        }
        _ => Err(errors),
    }
}
