//! Properties of the pure core: random sequences of valid changes keep every seat in exactly
//! one status, and replaying the events they produce rebuilds the state exactly.

use entrack_core::change::{
    plan_create, plan_entitlement_set, plan_replace, plan_status_put, EntitlementSet, Meta,
    StatusPut,
};
use entrack_core::history::{apply, EventKind, Source};
use entrack_core::parse::RowInput;
use entrack_core::rules::{field_rules, Need, RuleContext};
use entrack_core::{Lang, Service, ServiceState, TenantId, L1};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

fn rows_strategy(total: u64, service: Service) -> impl Strategy<Value = Vec<RowInput>> {
    (
        1usize..=3,
        proptest::collection::vec((0usize..5, any::<u16>(), any::<u16>(), any::<bool>()), 3),
        proptest::collection::vec(1u64..1000, 2),
    )
        .prop_map(move |(parts, picks, cuts)| {
            if total == 0 {
                return Vec::new();
            }
            let mut l1s: Vec<L1> = Vec::new();
            for (i, _, _, _) in &picks {
                let l1 = L1::ALL[*i];
                if !l1s.contains(&l1) && l1s.len() < parts {
                    l1s.push(l1);
                }
            }
            let mut bounds: Vec<u64> = cuts
                .iter()
                .take(l1s.len() - 1)
                .map(|c| 1 + c % total.max(2).saturating_sub(1))
                .filter(|c| *c < total)
                .collect();
            bounds.sort_unstable();
            bounds.dedup();
            let mut counts = Vec::new();
            let mut last = 0;
            for b in bounds.iter().chain(std::iter::once(&total)) {
                counts.push(b - last);
                last = *b;
            }
            l1s.iter()
                .zip(counts)
                .zip(&picks)
                .map(|((l1, n), (_, a, b, flag))| {
                    let rules = field_rules(*l1, None);
                    let l2s: Vec<_> = l1.l2s().collect();
                    let l2 = (rules.l2 == Need::Required || (rules.l2 == Need::Optional && *flag))
                        .then(|| l2s[*a as usize % l2s.len()]);
                    let l3 = l2.and_then(|l2| {
                        let l3s: Vec<_> = service.l3s_for(l2).collect();
                        (!l3s.is_empty() && *flag)
                            .then(|| l3s[*b as usize % l3s.len()].code().to_string())
                    });
                    RowInput {
                        l1: Some(l1.name(Lang::ALL[*a as usize % 4]).to_string()),
                        l2: l2.map(|x| x.code().to_string()),
                        l3,
                        entitlements: Some(n.to_string()),
                        target_date: (rules.target_date == Need::Required
                            || (rules.target_date == Need::Optional && *flag))
                            .then(|| format!("2031-{:02}-{:02}", 1 + a % 12, 1 + b % 28)),
                        owner: (rules.owner == Need::Required).then(|| "Account Team".to_string()),
                        note: Some(format!("reason {a}")),
                        next_action: flag.then(|| "Follow up".to_string()),
                        next_action_date: None,
                    }
                })
                .collect()
        })
}

#[derive(Debug, Clone)]
enum Op {
    Total(u64),
    Rows(u64),
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn valid_changes_keep_sums_and_replay_rebuilds_state(
        ops in proptest::collection::vec(prop_oneof![(0u64..5000).prop_map(Op::Total), any::<u64>().prop_map(Op::Rows)], 1..20),
        service_idx in 0usize..26,
    ) {
        let service = Service::all().nth(service_idx).unwrap();
        let tenant = TenantId::parse("6f9619ff-8b86-d011-b42d-00c04fc964ff").unwrap();
        let ctx = RuleContext { today: jiff::civil::date(2026, 11, 21), role: None };
        let meta = Meta { at: jiff::Timestamp::UNIX_EPOCH, actor: "p".into(), source: Source::Cli, batch: None };
        let mut state: Option<ServiceState> = None;
        let mut replayed = ServiceState::new(tenant.clone(), service);
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        for op in ops {
            let plan = match (&op, &state) {
                (Op::Total(t), _) | (Op::Rows(t), None) => plan_entitlement_set(&tenant, service, state.as_ref(),
                    &EntitlementSet { total: Some(*t), ..Default::default() }, &ctx, Lang::En),
                (Op::Rows(_), Some(s)) => {
                    let rows = rows_strategy(s.total_entitlements, service).new_tree(&mut runner).unwrap().current();
                    let plan = plan_status_put(s, &StatusPut { rows, ..Default::default() }, &ctx);
                    prop_assert!(plan.is_ok(), "generated rows must be valid: {:?}", plan.err());
                    plan
                }
            };
            if let Ok(plan) = plan {
                if !plan.is_noop() {
                    apply(&mut replayed, &plan.event(EventKind::StatusPut, &meta)).unwrap();
                }
                state = Some(plan.after);
            }
            if let Some(s) = &state {
                prop_assert_eq!(s.rows.iter().map(|r| r.entitlements).sum::<u64>(), s.total_entitlements);
                prop_assert_eq!(&replayed, s);
            }
        }
    }

    /// A creation planned without listing its changes is the state `plan_replace` plans
    /// from nothing, refused for the same reasons; its changes are the whole state.
    #[test]
    fn a_creation_is_planned_as_a_replacement_from_nothing(
        total in 0u64..5000,
        base in 0u64..4,
        service_idx in 0usize..26,
        broken in any::<bool>(),
    ) {
        let service = Service::all().nth(service_idx).unwrap();
        let tenant = TenantId::parse("6f9619ff-8b86-d011-b42d-00c04fc964ff").unwrap();
        let ctx = RuleContext { today: jiff::civil::date(2026, 11, 21), role: None };
        let set = plan_entitlement_set(&tenant, service, None,
            &EntitlementSet { total: Some(total), ..Default::default() }, &ctx, Lang::En).unwrap();
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let rows = rows_strategy(total, service).new_tree(&mut runner).unwrap().current();
        let put = plan_status_put(&set.after, &StatusPut { rows, ..Default::default() }, &ctx).unwrap();
        let mut state = put.after;
        state.version = 0;
        state.rows.reverse();
        if broken {
            state.total_entitlements += 1;
        }
        let created = plan_create(base, state.clone(), &ctx);
        let replaced = plan_replace(None, base, state, &ctx);
        match (created, replaced) {
            (Ok(c), Ok(r)) => {
                prop_assert_eq!(&c, &r.after);
                prop_assert_eq!(r.changes, entrack_core::history::diff_service(None, &c));
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{:?} against {:?}", a, b.map(|p| p.after)),
        }
    }
}
