//! One conformance suite, written once against [`Store`], run by every backend:
//! `entrack_store::conformance_tests!(make_store());` in a backend's tests expands to one
//! `#[test]` per case below, each on a fresh store.

use crate::ops::{self, Ctx, OpError};
use crate::{HistoryQuery, ReportQuery, Store, StoreError, TenantQuery, Write};
use entrack_core::change::{EntitlementSet, Meta, StatusPut};
use entrack_core::history::{Event, EventKind, Source};
use entrack_core::model::Field;
use entrack_core::parse::RowInput;
use entrack_core::report::aggregate;
use entrack_core::rules::{field_rules, Need, RuleCode};
use entrack_core::{Lang, Service, ServiceState, Tenant, TenantId, L1};
use jiff::Timestamp;

/// Expands to one test per conformance case; `$make` builds a fresh, empty store (any value
/// that dereferences to a `Store`, so it can own its temporary files or schema).
#[macro_export]
macro_rules! conformance_tests {
    // `$make` gives an `Option`: `None` skips (a backend whose server is not configured).
    (optional $make:expr) => {
        $crate::conformance_tests!(@names @optional $make);
    };
    ($make:expr) => {
        $crate::conformance_tests!(@names @always $make);
    };
    (@names @$how:ident $make:expr) => {
        $crate::conformance_tests!(@cases @$how $make;
            tenant_round_trip,
            new_service_lands_in_status_unknown,
            status_put_replaces_rows_and_records_history,
            rejected_change_leaves_state_and_history_identical,
            stale_write_is_a_conflict,
            commit_is_all_or_nothing,
            unchanged_put_writes_no_event,
            history_reads_back_a_past_state,
            seats_removed_leave_status_unknown_first,
            report_matches_the_reference_pivot,
            random_valid_changes_keep_sums_and_replay_to_state,
            bulk_rollback_leaves_nothing,
            index_marks_match_the_stored_states,
            removed_services_keep_counting_and_come_back,
            a_creation_reads_back_as_its_whole_state,
            export_visits_every_live_service_grouped_by_tenant,
            concurrent_changes_land_once_each,
            poor_notes_follow_the_organisations_setting,
            rows_keep_their_age_and_the_dashboard_counts_it,
            tenant_list_special_filters,
            sessions_are_touched_listed_and_ended,
            second_factor_steps_are_used_once
        );
    };
    (@cases @always $make:expr; $($name:ident),+) => {
        $(
            #[test]
            fn $name() {
                let store = $make;
                $crate::conformance::$name(&*store);
            }
        )+
    };
    (@cases @optional $make:expr; $($name:ident),+) => {
        $(
            #[test]
            fn $name() {
                let Some(store) = $make else { return };
                $crate::conformance::$name(&*store);
            }
        )+
    };
}

pub const T1: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
pub const T2: &str = "0d1c4a59-2f5e-4c2a-9a1b-3e1f6b7c8d90";

/// A context at `2026-06-01T00:00:00Z + secs`.
pub fn ctx_at(secs: i64) -> Ctx {
    let at = Timestamp::from_second(1_780_272_000 + secs).expect("valid instant");
    Ctx {
        meta: Meta {
            at,
            actor: "anna.schmidt@partner.example".into(),
            source: Source::Cli,
            batch: None,
        },
        role: None,
        lang: Lang::En,
        principal: None,
    }
}

fn tid(s: &str) -> TenantId {
    TenantId::parse(s).expect("guid")
}

fn svc(s: &str) -> Service {
    Service::resolve(s).expect("service")
}

fn row(l1: &str, l2: &str, n: u64) -> RowInput {
    RowInput {
        l1: Some(l1.into()),
        l2: (!l2.is_empty()).then(|| l2.into()),
        entitlements: Some(n.to_string()),
        note: Some(format!("{l1}: reason written by the FM")),
        ..Default::default()
    }
}

fn in_progress(n: u64) -> RowInput {
    RowInput {
        target_date: Some("2027-03-31".into()),
        ..row("in-progress", "migration", n)
    }
}

fn blocked(n: u64) -> RowInput {
    RowInput {
        l3: Some("network".into()),
        owner: Some("Account Team".into()),
        target_date: Some("2027-01-15".into()),
        ..row("blocked", "customer-it-infrastructure-remediation", n)
    }
}

fn setup(store: &dyn Store, total: u64) -> (TenantId, Service) {
    ops::add_tenant(store, &ctx_at(0), T1, "Contoso GmbH").expect("tenant");
    ops::set_entitlement(store, &ctx_at(1), &tid(T1), svc("teams"), &seats(total))
        .expect("entitlement");
    (tid(T1), svc("teams"))
}

fn seats(n: u64) -> EntitlementSet {
    EntitlementSet {
        total: Some(n),
        ..Default::default()
    }
}

/// A state's rows as (l1/l2/l3, seats).
fn paths(state: &ServiceState) -> Vec<(String, u64)> {
    state
        .rows
        .iter()
        .map(|r| (r.key().path(), r.entitlements))
        .collect()
}

fn put(rows: Vec<RowInput>) -> StatusPut {
    StatusPut {
        rows,
        ..Default::default()
    }
}

/// Everything a store holds, as seen through the trait.
pub fn snapshot(store: &dyn Store) -> (Vec<Tenant>, Vec<ServiceState>, Vec<Event>) {
    let tenants = store.tenants(&TenantQuery::default()).expect("tenants");
    let mut services = Vec::new();
    for t in &tenants {
        services.extend(store.services(&t.tenant_id).expect("services"));
    }
    (
        tenants,
        services,
        store.history(&HistoryQuery::default()).expect("history"),
    )
}

pub fn tenant_round_trip(store: &dyn Store) {
    let (t, e) = ops::add_tenant(
        store,
        &ctx_at(0),
        "{6F9619FF-8B86-D011-B42D-00C04FC964FF}",
        " Contoso GmbH ",
    )
    .unwrap();
    assert_eq!(t.tenant_id.as_str(), T1);
    assert_eq!(t.tenant_name, "Contoso GmbH");
    assert!(e.seq > 0);
    ops::add_tenant(store, &ctx_at(1), T2, "Fabrikam Ltd").unwrap();
    assert_eq!(store.tenant(&tid(T1)).unwrap(), Some(t.clone()));
    let found = store
        .tenants(&TenantQuery {
            search: Some("fabri".into()),
            ..TenantQuery::default()
        })
        .unwrap();
    assert_eq!(
        found
            .iter()
            .map(|t| t.tenant_name.as_str())
            .collect::<Vec<_>>(),
        ["Fabrikam Ltd"]
    );
    // Search ignores case, reads the name and the id, and takes % and _ literally.
    let names = |search: &str| -> Vec<String> {
        store
            .tenants(&TenantQuery {
                search: Some(search.into()),
                ..TenantQuery::default()
            })
            .unwrap()
            .into_iter()
            .map(|t| t.tenant_name)
            .collect()
    };
    assert_eq!(names("FABRIKAM l"), ["Fabrikam Ltd"]);
    assert_eq!(names("00C04FC9"), ["Contoso GmbH"]);
    assert_eq!(names("00c04fc964ff"), ["Contoso GmbH"]);
    assert_eq!(names(" ltd "), ["Fabrikam Ltd"]);
    assert!(names("%").is_empty());
    assert!(names("Contoso_GmbH").is_empty());
    assert!(
        names("Ltd6f9619ff").is_empty(),
        "a search never spans the name and the id"
    );
    assert_eq!(store.tenants(&TenantQuery::default()).unwrap().len(), 2);
    match ops::add_tenant(store, &ctx_at(2), T1, "Again") {
        Err(OpError::Rejected(v)) => assert_eq!(v[0].code, RuleCode::TenantExists),
        other => panic!("expected tenant-exists, got {other:?}"),
    }
    assert_eq!(
        ops::find_tenant(store, &ctx_at(0), "contoso gmbh")
            .unwrap()
            .tenant_id,
        tid(T1)
    );
    assert!(matches!(
        ops::find_tenant(store, &ctx_at(0), "Nobody"),
        Err(OpError::TenantNotFound(_))
    ));
}

pub fn new_service_lands_in_status_unknown(store: &dyn Store) {
    let (t, s) = setup(store, 250);
    let state = store.service(&t, s).unwrap().unwrap();
    assert_eq!(state.total_entitlements, 250);
    assert_eq!(state.version, 1);
    assert_eq!(state.rows.len(), 1);
    assert_eq!(
        state.rows[0].key().path(),
        "status-unknown/new-subscription-or-workload/"
    );
    assert_eq!(state.rows[0].entitlements, 250);
    let events = store
        .history(&HistoryQuery {
            tenant: Some(t),
            service: Some(s),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::EntitlementSet);
    assert_eq!(events[0].version, 1);
}

pub fn status_put_replaces_rows_and_records_history(store: &dyn Store) {
    let (t, s) = setup(store, 300);
    let out = ops::put_status(
        store,
        &ctx_at(10),
        &t,
        s,
        &put(vec![in_progress(295), blocked(5)]),
    )
    .unwrap();
    let stored = store.service(&t, s).unwrap().unwrap();
    assert_eq!(stored, out.state);
    assert_eq!(stored.version, 2);
    assert_eq!(
        paths(&stored),
        vec![
            ("in-progress/migration/".to_string(), 295),
            (
                "blocked/customer-it-infrastructure-remediation/network".to_string(),
                5
            )
        ]
    );
    let events = store
        .history(&HistoryQuery {
            tenant: Some(t.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [
            EventKind::StatusPut,
            EventKind::EntitlementSet,
            EventKind::TenantCreated
        ]
    );
    assert!(events[0].seq > events[1].seq && events[1].seq > events[2].seq);
    let e = &events[0];
    assert_eq!(
        (e.version, e.actor.as_str(), e.source),
        (2, "anna.schmidt@partner.example", Source::Cli)
    );
    let removed = e
        .changes
        .iter()
        .find(|c| c.field == Field::Entitlements && c.after.is_none())
        .unwrap();
    assert_eq!(removed.before.as_deref(), Some("300"));
    let target = e
        .changes
        .iter()
        .find(|c| c.field == Field::TargetDate && c.row.as_ref().unwrap().l1 == "blocked")
        .unwrap();
    assert_eq!(
        (target.before.as_deref(), target.after.as_deref()),
        (None, Some("2027-01-15"))
    );
}

pub fn rejected_change_leaves_state_and_history_identical(store: &dyn Store) {
    let (t, s) = setup(store, 300);
    ops::put_status(store, &ctx_at(10), &t, s, &put(vec![in_progress(300)])).unwrap();
    let before = snapshot(store);
    let mut bad = in_progress(290);
    bad.target_date = None;
    let err = ops::put_status(store, &ctx_at(11), &t, s, &put(vec![bad, blocked(5)])).unwrap_err();
    let OpError::Rejected(v) = err else {
        panic!("expected a rejection")
    };
    let codes: Vec<_> = v.iter().map(|v| v.code).collect();
    assert_eq!(
        codes,
        [
            RuleCode::TargetDateRequired,
            RuleCode::EntitlementsSumMismatch
        ]
    );
    assert_eq!(snapshot(store), before);
    let err = ops::set_entitlement(store, &ctx_at(12), &t, s, &seats(10));
    assert!(
        matches!(err, Err(OpError::Rejected(ref v)) if v[0].code == RuleCode::TotalBelowClassified)
    );
    assert_eq!(snapshot(store), before);
}

pub fn stale_write_is_a_conflict(store: &dyn Store) {
    let (t, s) = setup(store, 100);
    let stale = store.service(&t, s).unwrap().unwrap();
    ops::put_status(store, &ctx_at(10), &t, s, &put(vec![in_progress(100)])).unwrap();
    let plan = entrack_core::change::plan_status_put(
        &stale,
        &put(vec![blocked(100)]),
        &ctx_at(11).rules(),
    )
    .unwrap();
    let event = plan.event(EventKind::StatusPut, &ctx_at(11).meta);
    let before = snapshot(store);
    match store.commit(vec![Write::PutService {
        state: plan.after,
        event,
        file: None,
        state_digest: None,
    }]) {
        Err(StoreError::Conflict {
            current_version, ..
        }) => assert_eq!(current_version, 2),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(snapshot(store), before);
}

pub fn commit_is_all_or_nothing(store: &dyn Store) {
    let (t, s) = setup(store, 100);
    ops::add_tenant(store, &ctx_at(2), T2, "Fabrikam Ltd").unwrap();
    let before = snapshot(store);
    let current = store.service(&t, s).unwrap().unwrap();
    let good = entrack_core::change::plan_status_put(
        &current,
        &put(vec![in_progress(100)]),
        &ctx_at(3).rules(),
    )
    .unwrap();
    let good_event = good.event(EventKind::StatusPut, &ctx_at(3).meta);
    let new_tenant = Tenant {
        tenant_id: tid("11111111-2222-3333-4444-555555555555"),
        tenant_name: "New".into(),
    };
    let dup = Tenant {
        tenant_id: tid(T2),
        tenant_name: "Duplicate".into(),
    };
    let tenant_event = |t: &Tenant| Event {
        seq: 0,
        at: ctx_at(3).meta.at,
        actor: "x".into(),
        source: Source::Cli,
        tenant_id: t.tenant_id.clone(),
        service: None,
        kind: EventKind::TenantCreated,
        version: 1,
        changes: vec![entrack_core::history::FieldChange {
            row: None,
            field: Field::TenantName,
            before: None,
            after: Some(t.tenant_name.clone()),
        }],
        batch: None,
    };
    let res = store.commit(vec![
        Write::PutService {
            state: good.after,
            event: good_event,
            file: None,
            state_digest: None,
        },
        Write::CreateTenant {
            tenant: new_tenant.clone(),
            org: None,
            event: tenant_event(&new_tenant),
        },
        Write::CreateTenant {
            tenant: dup.clone(),
            org: None,
            event: tenant_event(&dup),
        },
    ]);
    assert!(matches!(res, Err(StoreError::AlreadyExists(_))), "{res:?}");
    assert_eq!(snapshot(store), before);
}

pub fn unchanged_put_writes_no_event(store: &dyn Store) {
    let (t, s) = setup(store, 100);
    ops::put_status(
        store,
        &ctx_at(10),
        &t,
        s,
        &put(vec![in_progress(60), blocked(40)]),
    )
    .unwrap();
    let before = snapshot(store);
    let out = ops::put_status(
        store,
        &ctx_at(11),
        &t,
        s,
        &put(vec![blocked(40), in_progress(60)]),
    )
    .unwrap();
    assert!(out.event.is_none());
    let out = ops::set_entitlement(store, &ctx_at(12), &t, s, &seats(100)).unwrap();
    assert!(out.event.is_none());
    assert_eq!(snapshot(store), before);
}

pub fn history_reads_back_a_past_state(store: &dyn Store) {
    let (t, s) = setup(store, 100);
    ops::put_status(store, &ctx_at(100), &t, s, &put(vec![in_progress(100)])).unwrap();
    let at_100 = store.service(&t, s).unwrap().unwrap();
    ops::put_status(
        store,
        &ctx_at(200),
        &t,
        s,
        &put(vec![in_progress(70), blocked(30)]),
    )
    .unwrap();
    ops::set_entitlement(store, &ctx_at(300), &t, s, &seats(120)).unwrap();
    assert_eq!(
        ops::service_as_of(store, &t, s, ctx_at(150).meta.at).unwrap(),
        Some(at_100)
    );
    assert_eq!(
        ops::service_as_of(store, &t, s, ctx_at(0).meta.at).unwrap(),
        None
    );
    let now = store.service(&t, s).unwrap();
    assert_eq!(
        ops::service_as_of(store, &t, s, ctx_at(301).meta.at).unwrap(),
        now
    );
    // `until` and `limit` together: the newest event at or before the instant.
    let older = store
        .history(&HistoryQuery {
            tenant: Some(t.clone()),
            service: Some(s),
            until: Some(ctx_at(250).meta.at),
            limit: Some(1),
            ..HistoryQuery::default()
        })
        .unwrap();
    assert_eq!(older.iter().map(|e| e.version).collect::<Vec<_>>(), [3]);
}

pub fn seats_removed_leave_status_unknown_first(store: &dyn Store) {
    let (t, s) = setup(store, 100);
    ops::put_status(
        store,
        &ctx_at(10),
        &t,
        s,
        &put(vec![
            in_progress(60),
            row("status-unknown", "customer-unresponsive", 40),
        ]),
    )
    .unwrap();
    let out = ops::set_entitlement(store, &ctx_at(11), &t, s, &seats(130)).unwrap();
    assert_eq!(
        paths(&out.state),
        vec![
            ("status-unknown/customer-unresponsive/".to_string(), 40),
            (
                "status-unknown/new-subscription-or-workload/".to_string(),
                30
            ),
            ("in-progress/migration/".to_string(), 60),
        ]
    );
    let out = ops::set_entitlement(store, &ctx_at(12), &t, s, &seats(75)).unwrap();
    assert_eq!(
        paths(&out.state),
        vec![
            ("status-unknown/customer-unresponsive/".to_string(), 15),
            ("in-progress/migration/".to_string(), 60)
        ]
    );
    assert_eq!(store.service(&t, s).unwrap().unwrap(), out.state);
}

/// The stored pivot, with and without Duplicate/Invalid, equals the one computed from the
/// stored states.
fn assert_report_is_the_reference_pivot(store: &dyn Store) {
    let (_, services, _) = snapshot(store);
    for include_invalid in [false, true] {
        let got = store
            .report(&ReportQuery {
                include_invalid,
                ..ReportQuery::default()
            })
            .unwrap();
        assert_eq!(got, aggregate(&services, include_invalid));
    }
}

pub fn report_matches_the_reference_pivot(store: &dyn Store) {
    let (t, s) = setup(store, 100);
    ops::put_status(
        store,
        &ctx_at(10),
        &t,
        s,
        &put(vec![in_progress(60), blocked(40)]),
    )
    .unwrap();
    ops::add_tenant(store, &ctx_at(11), T2, "Fabrikam Ltd").unwrap();
    let t2 = tid(T2);
    for (svc_code, total) in [("teams", 50), ("exchange", 70)] {
        ops::set_entitlement(store, &ctx_at(12), &t2, svc(svc_code), &seats(total)).unwrap();
    }
    ops::put_status(
        store,
        &ctx_at(13),
        &t2,
        svc("exchange"),
        &put(vec![row("duplicate-invalid", "", 70)]),
    )
    .unwrap();
    assert_report_is_the_reference_pivot(store);
    let lines = store.report(&ReportQuery::default()).unwrap();
    assert!(lines.iter().all(|l| l.l1 != "duplicate-invalid"));
    let teams = store
        .report(&ReportQuery {
            include_invalid: true,
            service: Some(svc("teams")),
            ..ReportQuery::default()
        })
        .unwrap();
    assert_eq!(teams.iter().map(|l| l.entitlements).sum::<u64>(), 150);
    assert_eq!(teams.iter().map(|l| l.rows).sum::<u64>(), 3);
}

/// A small deterministic generator of valid changes.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

/// Valid rows for a service of `total` seats, under no lifecycle scenario.
pub fn random_rows(seed: u64, service: Service, total: u64) -> Vec<RowInput> {
    let mut rng = Rng(seed | 1);
    if total == 0 {
        return Vec::new();
    }
    let parts = (1 + rng.below(3)).min(total) as usize;
    let mut l1s: Vec<L1> = Vec::new();
    while l1s.len() < parts {
        let l1 = L1::ALL[rng.below(5) as usize];
        if !l1s.contains(&l1) {
            l1s.push(l1);
        }
    }
    let mut cuts: Vec<u64> = (0..parts - 1).map(|_| 1 + rng.below(total - 1)).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut counts = Vec::new();
    let mut last = 0;
    for c in cuts.iter().chain(std::iter::once(&total)) {
        counts.push(c - last);
        last = *c;
    }
    l1s.truncate(counts.len());
    let date = |rng: &mut Rng| {
        format!(
            "{}-{:02}-{:02}",
            2027 + rng.below(3),
            1 + rng.below(12),
            1 + rng.below(28)
        )
    };
    l1s.iter()
        .zip(counts)
        .map(|(l1, n)| {
            let rules = field_rules(*l1, None);
            let l2s: Vec<_> = l1.l2s().collect();
            let l2 = match rules.l2 {
                Need::Required => Some(l2s[rng.below(l2s.len() as u64) as usize]),
                Need::Optional if rng.chance(70) => Some(l2s[rng.below(l2s.len() as u64) as usize]),
                _ => None,
            };
            let l3 = l2.and_then(|l2| {
                let l3s: Vec<_> = service.l3s_for(l2).collect();
                (!l3s.is_empty() && rng.chance(60))
                    .then(|| l3s[rng.below(l3s.len() as u64) as usize].code().to_string())
            });
            let fill = |need: Need, rng: &mut Rng| {
                need == Need::Required || (need == Need::Optional && rng.chance(50))
            };
            let next_action = fill(Need::Optional, &mut rng);
            RowInput {
                l1: Some(l1.code().into()),
                l2: l2.map(|x| x.code().into()),
                l3,
                entitlements: Some(n.to_string()),
                target_date: fill(rules.target_date, &mut rng).then(|| date(&mut rng)),
                owner: fill(rules.owner, &mut rng).then(|| "Account Team".into()),
                note: Some(format!("note {} for {}", rng.below(1000), l1.code())),
                next_action: next_action.then(|| "Follow up with customer IT".into()),
                next_action_date: (next_action && rng.chance(50)).then(|| date(&mut rng)),
            }
        })
        .collect()
}

pub fn random_valid_changes_keep_sums_and_replay_to_state(store: &dyn Store) {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    // One store, many random sequences: each case works on its own tenant.
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let counter = std::cell::Cell::new(0u64);
    let ops_strategy = proptest::collection::vec((0u8..3, 0u8..4, 0u64..400, any::<u64>()), 1..14);
    runner
        .run(&ops_strategy, |steps| {
            let n = counter.get() + 1;
            counter.set(n);
            let tenant = tid(&format!("00000000-0000-4000-8000-{n:012x}"));
            ops::add_tenant(
                store,
                &ctx_at(n as i64 * 1000),
                tenant.as_str(),
                &format!("Tenant {n}"),
            )
            .unwrap();
            let services = [
                svc("teams"),
                svc("exchange"),
                svc("intune"),
                svc("officeproplus"),
            ];
            for (i, (kind, s, total, seed)) in steps.iter().enumerate() {
                let ctx = ctx_at(n as i64 * 1000 + i as i64 + 1);
                let service = services[*s as usize];
                let before = snapshot(store);
                let result = match (kind, store.service(&tenant, service).unwrap()) {
                    (0, _) | (_, None) => {
                        ops::set_entitlement(store, &ctx, &tenant, service, &seats(*total))
                    }
                    (_, Some(current)) => ops::put_status(
                        store,
                        &ctx,
                        &tenant,
                        service,
                        &put(random_rows(*seed, service, current.total_entitlements)),
                    ),
                };
                match result {
                    Ok(_) => {}
                    Err(OpError::Rejected(v)) => {
                        prop_assert!(
                            v.iter().all(|v| v.code == RuleCode::TotalBelowClassified),
                            "{:?}",
                            v
                        );
                        prop_assert_eq!(snapshot(store), before);
                    }
                    Err(e) => panic!("{e}"),
                }
            }
            for state in store.services(&tenant).unwrap() {
                let sum: u64 = state.rows.iter().map(|r| r.entitlements).sum();
                prop_assert_eq!(sum, state.total_entitlements);
            }
            Ok(())
        })
        .unwrap();
    let replayed = ops::replay_all(store).unwrap();
    let (tenants, services, _) = snapshot(store);
    let mut tenants = tenants;
    tenants.sort_by(|a, b| a.tenant_id.cmp(&b.tenant_id));
    assert_eq!(replayed.tenants.into_values().collect::<Vec<_>>(), tenants);
    let mut rebuilt: Vec<ServiceState> = replayed.services.into_values().collect();
    rebuilt.sort_by(|a, b| (&a.tenant_id, a.service.code()).cmp(&(&b.tenant_id, b.service.code())));
    let mut current = services;
    current.sort_by(|a, b| (&a.tenant_id, a.service.code()).cmp(&(&b.tenant_id, b.service.code())));
    assert_eq!(rebuilt, current);
}

fn put_event(state: &ServiceState, kind: EventKind) -> Event {
    Event {
        seq: 0,
        at: ctx_at(100).meta.at,
        actor: "bulk".into(),
        source: entrack_core::history::Source::Import,
        tenant_id: state.tenant_id.clone(),
        service: Some(state.service.code().to_string()),
        kind,
        version: state.version,
        changes: Vec::new(),
        batch: Some("b1".into()),
    }
}

pub fn bulk_rollback_leaves_nothing(store: &dyn Store) {
    let (t, s) = setup(store, 10);
    let before = snapshot(store);
    let mut state = store.service(&t, s).unwrap().unwrap();
    state.total_entitlements = 10;
    state.version += 1;
    store
        .bulk(&mut |b| {
            b.write(Write::PutService {
                state: state.clone(),
                event: put_event(&state, EventKind::StatusImported),
                file: None,
                state_digest: None,
            })?;
            // Reads inside the unit of work see its writes.
            assert_eq!(b.service(&t, s)?.unwrap().version, state.version);
            Ok(crate::Finish::Rollback)
        })
        .unwrap();
    assert_eq!(snapshot(store), before);
    assert!(store.batches(None).unwrap().is_empty());
}

pub fn index_marks_match_the_stored_states(store: &dyn Store) {
    let (t, s) = setup(store, 10);
    let state = store.service(&t, s).unwrap().unwrap();
    let index = store.index(None).unwrap();
    assert_eq!(index.tenants.get(&crate::tenant_key(&t)), Some(&false));
    let mark = index.mark(crate::tenant_key(&t), s).expect("marked");
    assert_eq!(mark.version, state.version);
    assert_eq!(mark.total, 10);
    assert!(!mark.removed);
    assert_eq!(
        mark.digest,
        Some(entrack_core::digest::status_digest(&state))
    );
}

pub fn removed_services_keep_counting_and_come_back(store: &dyn Store) {
    let (t, s) = setup(store, 10);
    let state = store.service(&t, s).unwrap().unwrap();
    let v = state.version;
    let mut removal = put_event(&state, EventKind::ServiceRemoved);
    removal.version = v + 1;
    removal.changes = entrack_core::history::diff_removal(&state);
    store
        .bulk(&mut |b| {
            b.write(Write::RemoveService {
                tenant: t.clone(),
                service: s,
                version: v + 1,
                event: removal.clone(),
            })?;
            b.write(Write::RecordBatch(crate::Batch {
                id: "b1".into(),
                kind: crate::BatchKind::Undo,
                at: ctx_at(100).meta.at,
                actor: "bulk".into(),
                file: None,
                undoes: None,
                summary: "{}".into(),
                first_seq: None,
                last_seq: None,
                undone_by: None,
            }))?;
            Ok(crate::Finish::Commit)
        })
        .unwrap();
    assert!(store.service(&t, s).unwrap().is_none());
    assert_eq!(store.report(&ReportQuery::default()).unwrap(), vec![]);
    let index = store.index(None).unwrap();
    let mark = index.mark(crate::tenant_key(&t), s).expect("marked");
    assert!(mark.removed && mark.version == v + 1);
    let batch = store.batch("b1").unwrap().unwrap();
    assert_eq!(batch.first_seq, batch.last_seq);
    assert_eq!(store.batch_events("b1").unwrap().len(), 1);
    // Everything replays to the same state.
    let replayed = ops::replay_all(store).unwrap();
    assert!(!replayed.services.contains_key(&(t.clone(), s)));
    // It comes back with the next version.
    let mut back = state.clone();
    back.version = v + 2;
    store
        .commit(vec![Write::PutService {
            state: back.clone(),
            event: {
                let mut e = put_event(&back, EventKind::StatusImported);
                e.changes = entrack_core::history::diff_service(None, &back);
                e
            },
            file: None,
            state_digest: None,
        }])
        .unwrap();
    assert_eq!(store.service(&t, s).unwrap().unwrap(), back);
    let replayed = ops::replay_all(store).unwrap();
    assert_eq!(replayed.services[&(t, s)], back);
}

/// The event that creates a service records the whole state it created, whether the write
/// carried those changes or none (a bulk import leaves them to the store), and keeps
/// reading back so after the service changes and is taken away.
pub fn a_creation_reads_back_as_its_whole_state(store: &dyn Store) {
    use entrack_core::history::{diff_removal, diff_service};
    let (t, s) = setup(store, 300);
    let created = store.service(&t, s).unwrap().unwrap();
    let history = |service: Service| {
        let mut h = store
            .history(&HistoryQuery {
                tenant: Some(t.clone()),
                service: Some(service),
                ..Default::default()
            })
            .unwrap();
        h.reverse();
        h
    };
    assert_eq!(history(s)[0].changes, diff_service(None, &created));
    ops::put_status(
        store,
        &ctx_at(10),
        &t,
        s,
        &put(vec![in_progress(295), blocked(5)]),
    )
    .unwrap();
    let changed = store.service(&t, s).unwrap().unwrap();
    let h = history(s);
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].changes, diff_service(None, &created), "after a change");
    assert_eq!(h[1].changes, diff_service(Some(&created), &changed));
    // A second service written in bulk, its creation without changes.
    let mut other = ServiceState::new(t.clone(), svc("exchange"));
    other.total_entitlements = 40;
    other.version = 1;
    other.rows = store
        .service(&t, s)
        .unwrap()
        .unwrap()
        .rows
        .into_iter()
        .take(1)
        .map(|mut r| {
            r.entitlements = 40;
            r
        })
        .collect();
    let event = put_event(&other, EventKind::StatusImported);
    assert!(event.changes.is_empty());
    store
        .bulk(&mut |b| {
            b.write(Write::PutService {
                state: other.clone(),
                event: event.clone(),
                file: None,
                state_digest: None,
            })?;
            Ok(crate::Finish::Commit)
        })
        .unwrap();
    assert_eq!(
        history(other.service)[0].changes,
        diff_service(None, &other)
    );
    // Taken away, then back: each creation reads as its own state.
    let mut removal = put_event(&other, EventKind::ServiceRemoved);
    removal.version = 2;
    removal.changes = diff_removal(&other);
    store
        .commit(vec![Write::RemoveService {
            tenant: t.clone(),
            service: other.service,
            version: 2,
            event: removal,
        }])
        .unwrap();
    let mut back = other.clone();
    back.version = 3;
    back.total_entitlements = 41;
    back.rows[0].entitlements = 41;
    store
        .commit(vec![Write::PutService {
            state: back.clone(),
            event: put_event(&back, EventKind::StatusImported),
            file: None,
            state_digest: None,
        }])
        .unwrap();
    let h = history(other.service);
    assert_eq!(h.len(), 3);
    assert_eq!(h[0].changes, diff_service(None, &other));
    assert_eq!(h[1].changes, diff_removal(&other));
    assert_eq!(h[2].changes, diff_service(None, &back));
    let replayed = ops::replay_all(store).unwrap();
    assert_eq!(replayed.services[&(t.clone(), s)], changed);
    assert_eq!(replayed.services[&(t, other.service)], back);
}

pub fn export_visits_every_live_service_grouped_by_tenant(store: &dyn Store) {
    let (t, s) = setup(store, 10);
    ops::add_tenant(store, &ctx_at(2), T2, "Fabrikam").unwrap();
    ops::set_entitlement(store, &ctx_at(3), &tid(T2), svc("exchange"), &seats(5)).unwrap();
    ops::set_entitlement(store, &ctx_at(4), &t, svc("exchange"), &seats(7)).unwrap();
    let mut seen = Vec::new();
    store
        .export(&crate::ExportQuery::default(), &mut |tenant, state| {
            seen.push((
                tenant.tenant_id.to_string(),
                state.service.code(),
                state.total_entitlements,
                state.rows.len(),
            ));
            Ok(())
        })
        .unwrap();
    assert_eq!(
        seen,
        vec![
            (T1.to_string(), "exchange", 7, 1),
            (T1.to_string(), s.code(), 10, 1),
            (T2.to_string(), "exchange", 5, 1),
        ]
    );
    let mut only = Vec::new();
    store
        .export(
            &crate::ExportQuery {
                tenant: Some(tid(T2)),
                ..Default::default()
            },
            &mut |tenant, _| {
                only.push(tenant.tenant_id.to_string());
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(only, vec![T2.to_string()]);
}

/// Eight writers change two services at once, each change conditional on the version it
/// read: every change reported done is in the history exactly once, versions count them,
/// and the pivot equals the one computed from the final states.
pub fn concurrent_changes_land_once_each(store: &dyn Store) {
    let (t, teams) = setup(store, 100);
    let exchange = svc("exchange");
    ops::set_entitlement(store, &ctx_at(2), &t, exchange, &seats(80)).unwrap();
    let done = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|scope| {
        for w in 0..8u64 {
            let (t, done) = (&t, &done);
            scope.spawn(move || {
                for i in 0..25u64 {
                    let (service, total) = if (w + i) % 2 == 0 {
                        (teams, 100)
                    } else {
                        (exchange, 80)
                    };
                    let before = store.service(t, service).unwrap().unwrap();
                    let rows = random_rows(w * 1000 + i, service, total);
                    match ops::put_status_if(
                        store,
                        &ctx_at(100 + i as i64),
                        t,
                        service,
                        &put(rows),
                        Some(before.version),
                    ) {
                        Ok(o) if o.event.is_some() => {
                            done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                        Ok(_) | Err(OpError::Stale { .. }) => {}
                        Err(e) => panic!("writer {w}: {e:?}"),
                    }
                }
            });
        }
    });
    let done = done.into_inner();
    assert!(done > 0);
    let puts = store
        .history(&HistoryQuery {
            tenant: Some(t.clone()),
            ..HistoryQuery::default()
        })
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EventKind::StatusPut)
        .count() as u64;
    assert_eq!(puts, done, "history holds each acknowledged change once");
    let v_teams = store.service(&t, teams).unwrap().unwrap().version;
    let v_exchange = store.service(&t, exchange).unwrap().unwrap().version;
    // Each service: version 1 from its entitlement, then one per change.
    assert_eq!(v_teams + v_exchange - 2, done);
    assert_report_is_the_reference_pivot(store);
}

/// A poor note on a changed row is refused (rule note-poor, nothing written) until the
/// organisation allows poor notes; the setting is stored per organisation.
pub fn poor_notes_follow_the_organisations_setting(store: &dyn Store) {
    use crate::accounts::DEFAULT_ORG;
    let (t, s) = setup(store, 100);
    assert!(
        !store.allows_poor_notes(DEFAULT_ORG).unwrap(),
        "refused by default"
    );
    let before = snapshot(store);
    let poor = RowInput {
        note: Some("tbd".into()),
        ..in_progress(100)
    };
    let err = ops::put_status(store, &ctx_at(10), &t, s, &put(vec![poor.clone()])).unwrap_err();
    let OpError::Rejected(v) = err else {
        panic!("expected a rejection")
    };
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].code, v[0].row), (RuleCode::NotePoor, Some(1)));
    assert_eq!(snapshot(store), before);

    store.set_allow_poor_notes(DEFAULT_ORG, true).unwrap();
    assert!(store.allows_poor_notes(DEFAULT_ORG).unwrap());
    let other = store.create_org("Fabrikam Partners").unwrap();
    assert!(
        !store.allows_poor_notes(other.id).unwrap(),
        "per organisation"
    );
    let out = ops::put_status(store, &ctx_at(11), &t, s, &put(vec![poor])).unwrap();
    assert!(out.event.is_some());
    assert_eq!(out.notes.len(), 1);
    assert_eq!(
        out.notes[0].suggestion.grade.level,
        entrack_suggest::Level::Poor
    );
    assert!(matches!(
        store.set_allow_poor_notes(9_999, true),
        Err(crate::StoreError::NotFound(_))
    ));
}

const DAY: i64 = 86_400;

/// The Status Unknown row a new service starts with (day 0), an In Progress row added on
/// day 10 and changed on day 80, a Blocked row added on day 80 with an overdue next action.
fn aged_service(store: &dyn Store) -> (TenantId, Service) {
    let (t, s) = setup(store, 100);
    let unknown = |n: u64| row("status-unknown", "new-subscription-or-workload", n);
    ops::put_status(
        store,
        &ctx_at(10 * DAY),
        &t,
        s,
        &put(vec![unknown(40), in_progress(60)]),
    )
    .expect("day 10");
    let late = RowInput {
        next_action: Some("Call the customer's network team".into()),
        next_action_date: Some("2026-07-01".into()),
        ..blocked(5)
    };
    ops::put_status(
        store,
        &ctx_at(80 * DAY),
        &t,
        s,
        &put(vec![unknown(40), in_progress(55), late]),
    )
    .expect("day 80");
    (t, s)
}

pub fn rows_keep_their_age_and_the_dashboard_counts_it(store: &dyn Store) {
    use crate::{AgeBucket, Count, InsightQuery};
    let (_, s) = aged_service(store);
    let q = InsightQuery {
        org: None,
        include_invalid: false,
        service: None,
        now: ctx_at(101 * DAY).meta.at,
        today: jiff::civil::date(2026, 9, 10),
    };
    let got = store.insights(&q).unwrap();
    let c = |rows, seats| Count { rows, seats };
    // Status Unknown since day 0 and In Progress since day 10 (its seats changed on day 80,
    // its status did not): both older than 90 days. Blocked since day 80: 21 days.
    let expected: std::collections::BTreeMap<(String, AgeBucket), Count> = [
        (("in-progress".to_string(), AgeBucket::UpTo180), c(1, 55)),
        (("blocked".to_string(), AgeBucket::UpTo30), c(1, 5)),
        (("status-unknown".to_string(), AgeBucket::UpTo180), c(1, 40)),
    ]
    .into_iter()
    .collect();
    assert_eq!(got.aging, expected);
    assert_eq!(
        got.reasons.into_iter().collect::<Vec<_>>(),
        vec![(
            (
                "blocked".to_string(),
                "customer-it-infrastructure-remediation".to_string(),
                "network".to_string()
            ),
            c(1, 5)
        )]
    );
    assert_eq!(
        got.overdue.into_iter().collect::<Vec<_>>(),
        vec![("Account Team".to_string(), c(1, 5))]
    );
    // Another service, another organisation's view, a day before the next action: none of it.
    let other = store
        .insights(&InsightQuery {
            service: Some(svc("exchange")),
            ..q.clone()
        })
        .unwrap();
    assert!(other.aging.is_empty() && other.overdue.is_empty());
    let early = store
        .insights(&InsightQuery {
            today: jiff::civil::date(2026, 7, 1),
            service: Some(s),
            ..q
        })
        .unwrap();
    assert!(early.overdue.is_empty(), "due today is not overdue");
}

pub fn tenant_list_special_filters(store: &dyn Store) {
    use crate::accounts::{Assignment, NewUser, DEFAULT_ORG};
    let (t, _) = aged_service(store);
    ops::add_tenant(store, &ctx_at(90 * DAY), T2, "Fabrikam AG").expect("second tenant");
    ops::set_entitlement(
        store,
        &ctx_at(90 * DAY),
        &tid(T2),
        svc("exchange"),
        &seats(10),
    )
    .expect("its service");
    let ids = |q: TenantQuery| -> Vec<String> {
        store
            .tenants(&q)
            .unwrap()
            .into_iter()
            .map(|t| t.tenant_id.to_string())
            .collect()
    };
    let at = |d: i64| ctx_at(d * DAY).meta.at;
    let unknown = |d: i64| TenantQuery {
        unknown_since_before: Some(at(d)),
        ..Default::default()
    };
    // T1's Status Unknown row dates from day 0 (+1 s), T2's from day 90.
    assert_eq!(ids(unknown(0)), Vec::<String>::new());
    assert_eq!(ids(unknown(30)), vec![T1.to_string()]);
    assert_eq!(ids(unknown(91)), vec![T1.to_string(), T2.to_string()]);
    let passed = |y, m, d| TenantQuery {
        target_passed_on: Some(jiff::civil::date(y, m, d)),
        ..Default::default()
    };
    // Blocked targets 2027-01-15, In Progress 2027-03-31.
    assert_eq!(ids(passed(2027, 1, 15)), Vec::<String>::new());
    assert_eq!(ids(passed(2027, 1, 16)), vec![T1.to_string()]);
    // The special filters hold apart from the row filters: an In Progress row and a passed
    // target on another row.
    assert_eq!(
        ids(TenantQuery {
            l1: Some(L1::InProgress),
            ..passed(2027, 1, 16)
        }),
        vec![T1.to_string()]
    );
    let user = store
        .create_user(&NewUser {
            org: DEFAULT_ORG,
            username: "lena.fm@partner.example".into(),
            display_name: "Lena".into(),
            role: entrack_core::Role::DeliveryFm,
            password_hash: None,
        })
        .unwrap();
    let mine = TenantQuery {
        assigned_to: Some(user.id),
        ..Default::default()
    };
    assert_eq!(ids(mine.clone()), Vec::<String>::new());
    store
        .assign(&Assignment {
            id: 0,
            tenant: tid(T2),
            user: user.id,
            role: entrack_core::Role::DeliveryFm,
            service: None,
            primary: true,
            assigned_by: "admin".into(),
            assigned_at: at(91),
        })
        .unwrap();
    assert_eq!(ids(mine), vec![T2.to_string()]);
    // A page's services at once, as one by one, in the order asked; an unknown tenant has none.
    let unknown = tid("11111111-2222-4333-8444-555555555555");
    assert_eq!(
        store.services_of(&[tid(T2), t.clone(), unknown]).unwrap(),
        vec![
            store.services(&tid(T2)).unwrap(),
            store.services(&t).unwrap(),
            Vec::new()
        ]
    );
}

fn account(store: &dyn Store, name: &str) -> crate::accounts::User {
    store
        .create_user(&crate::accounts::NewUser {
            org: crate::accounts::DEFAULT_ORG,
            username: name.into(),
            display_name: name.into(),
            role: entrack_core::Role::DeliveryFm,
            password_hash: Some("$argon2id$x".into()),
        })
        .unwrap()
}

/// The last use of a session only moves forward; a user's live sessions are listed most
/// recently used first, without other users' or expired ones; a new password ends them.
pub fn sessions_are_touched_listed_and_ended(store: &dyn Store) {
    use crate::accounts::Session;
    let at = |s: i64| Timestamp::from_second(1_800_000_000 + s).unwrap();
    let ana = account(store, "ana");
    let ben = account(store, "ben");
    let session = |user, start: i64, ttl: i64| Session {
        user,
        csrf: format!("csrf-{user}-{start}"),
        created_at: at(start),
        expires_at: at(start + ttl),
        last_seen_at: at(start),
    };
    let (a1, a2, a3, b1) = ([1u8; 32], [2u8; 32], [3u8; 32], [4u8; 32]);
    store
        .create_session(&a1, &session(ana.id, 0, 1000))
        .unwrap();
    store
        .create_session(&a2, &session(ana.id, 10, 1000))
        .unwrap();
    store.create_session(&a3, &session(ana.id, 20, 30)).unwrap();
    store
        .create_session(&b1, &session(ben.id, 0, 1000))
        .unwrap();

    store.touch_session(&a1, at(100)).unwrap();
    store.touch_session(&a1, at(50)).unwrap();
    let (s, u) = store.session(&a1, at(101)).unwrap().unwrap();
    assert_eq!(
        (s.last_seen_at, u.id),
        (at(100), ana.id),
        "an earlier touch changes nothing"
    );
    assert_eq!(s.created_at, at(0));

    let listed = store.user_sessions(ana.id, at(60)).unwrap();
    let hashes: Vec<_> = listed.iter().map(|(h, _)| *h).collect();
    assert_eq!(hashes, vec![a1, a2], "a3 expired at 50; ben's is not ana's");
    assert_eq!(listed[1].1.csrf, format!("csrf-{}-10", ana.id));

    store.delete_session(&a2).unwrap();
    assert!(store.session(&a2, at(61)).unwrap().is_none());
    // Disabling a user ends their sessions; enabling does not bring them back.
    store.set_disabled(ben.id, true).unwrap();
    assert!(store.user(ben.id).unwrap().unwrap().disabled);
    assert!(store.session(&b1, at(61)).unwrap().is_none());
    store.set_disabled(ben.id, false).unwrap();
    assert!(!store.user(ben.id).unwrap().unwrap().disabled);
    assert!(store.user_sessions(ben.id, at(61)).unwrap().is_empty());
    assert!(matches!(
        store.set_disabled(9_999, true),
        Err(StoreError::NotFound(_))
    ));
    store
        .create_session(&b1, &session(ben.id, 0, 1000))
        .unwrap();
    store.set_password(ana.id, "$argon2id$new").unwrap();
    assert!(store.user_sessions(ana.id, at(61)).unwrap().is_empty());
    assert_eq!(store.user_sessions(ben.id, at(61)).unwrap().len(), 1);
}

/// Enrolment keeps a pending secret apart from the active one; a confirmed code makes it
/// active with its step used; each later step is good once, earlier ones never.
pub fn second_factor_steps_are_used_once(store: &dyn Store) {
    use crate::accounts::SecondFactor;
    let ana = account(store, "ana");
    assert_eq!(
        store.second_factor(ana.id).unwrap(),
        SecondFactor::default()
    );
    assert!(
        !store.use_factor_step(ana.id, 5).unwrap(),
        "no factor, no step"
    );
    assert!(matches!(
        store.activate_factor(ana.id, 5),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.set_pending_factor(9_999, Some(b"x")),
        Err(StoreError::NotFound(_))
    ));

    store
        .set_pending_factor(ana.id, Some(b"first secret"))
        .unwrap();
    let f = store.second_factor(ana.id).unwrap();
    assert_eq!(
        (f.active, f.pending.as_deref()),
        (None, Some(&b"first secret"[..]))
    );
    store.activate_factor(ana.id, 100).unwrap();
    let f = store.second_factor(ana.id).unwrap();
    assert_eq!(
        (f.active.as_deref(), f.pending, f.last_step),
        (Some(&b"first secret"[..]), None, 100)
    );
    assert!(
        !store.use_factor_step(ana.id, 100).unwrap(),
        "the confirming code"
    );
    assert!(!store.use_factor_step(ana.id, 99).unwrap());
    assert!(store.use_factor_step(ana.id, 101).unwrap());
    assert!(!store.use_factor_step(ana.id, 101).unwrap(), "a replay");

    // A second enrolment leaves the active secret in place until it is confirmed.
    store
        .set_pending_factor(ana.id, Some(b"second secret"))
        .unwrap();
    let f = store.second_factor(ana.id).unwrap();
    assert_eq!(f.active.as_deref(), Some(&b"first secret"[..]));
    assert_eq!(f.pending.as_deref(), Some(&b"second secret"[..]));

    let moved = crate::moving::survey(store).unwrap();
    let mut seen = Vec::new();
    store
        .dump(&mut |r| {
            if let crate::moving::Record::SecondFactor {
                user,
                secret,
                last_step,
            } = r
            {
                seen.push((user, secret, last_step));
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(
        seen,
        vec![(ana.id, b"first secret".to_vec(), 101)],
        "{moved:?}"
    );

    store.remove_factor(ana.id).unwrap();
    assert_eq!(
        store.second_factor(ana.id).unwrap(),
        SecondFactor::default()
    );
    assert!(!store.use_factor_step(ana.id, 200).unwrap());
}
