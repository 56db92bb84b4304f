//! The shared conformance suite on PostgreSQL, plus what only a database server shows.
//! Runs when `ENTRACK_TEST_POSTGRES` names a server (`.ci/run` sets it); each test gets a
//! schema of its own. With the variable set, a server that cannot be reached fails the
//! tests instead of skipping them.

use entrack_store_postgres::{PgStore, Scratch};

struct Fresh {
    store: PgStore,
    _scratch: Scratch,
}

impl std::ops::Deref for Fresh {
    type Target = PgStore;
    fn deref(&self) -> &PgStore {
        &self.store
    }
}

fn fresh() -> Option<Fresh> {
    let base = std::env::var("ENTRACK_TEST_POSTGRES").ok()?;
    let scratch = Scratch::create(&base).unwrap_or_else(|e| panic!("ENTRACK_TEST_POSTGRES: {e}"));
    let store = PgStore::open(&scratch.url).expect("open store");
    Some(Fresh {
        store,
        _scratch: scratch,
    })
}

mod suite {
    use super::*;
    entrack_store::conformance_tests!(optional fresh());
}

/// A store of schema 7 (one row per status row, events carrying every change, a foreign
/// key per reference) opens as schema 8: each service's rows packed into its record with
/// their age and filter texts, the events chained with their who/when shared, the pivot
/// and the history as they were.
#[test]
fn a_schema_7_store_packs_its_rows_and_keeps_its_history() {
    use entrack_store::Store;
    let Ok(base) = std::env::var("ENTRACK_TEST_POSTGRES") else {
        return;
    };
    let scratch = Scratch::create(&base).expect("scratch");
    const T1: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
    {
        let mut c = postgres::Client::connect(&scratch.url, postgres::NoTls).expect("connect");
        c.batch_execute(
            "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL)",
        )
        .unwrap();
        for m in &entrack_store_postgres::MIGRATIONS[..7] {
            c.batch_execute(m.sql).unwrap();
            c.execute(
                "INSERT INTO schema_migrations VALUES ($1, $2, $3, now())",
                &[
                    &m.version,
                    &m.name,
                    &entrack_store_postgres::checksum(m.sql),
                ],
            )
            .unwrap();
        }
        c.batch_execute(&format!(
            "INSERT INTO tenants (tenant_no, tenant_id, tenant_name, org_id) VALUES (1, '{T1}', 'Contoso', 1);
             INSERT INTO services (tenant_no, service, total_entitlements, engagement_scenario, version, removed)
               VALUES (1, 'teams', 10, 'customer-led', 2, false), (1, 'exchange', 0, 'customer-led', 2, true);
             INSERT INTO status_rows (tenant_no, service, l1, l2, l3, entitlements, target_date, owner, note, since) VALUES
               (1, 'teams', 'status-unknown', 'customer-unresponsive', '', 4, NULL, NULL, 'No answer', 1780272000),
               (1, 'teams', 'blocked', 'customer-it-infrastructure-remediation', 'network', 6, '2027-01-15', 'Account Team', 'Proxy', NULL);
             INSERT INTO pivot VALUES
               (1, 'teams', 'status-unknown', 'customer-unresponsive', 1, 4),
               (1, 'teams', 'blocked', 'customer-it-infrastructure-remediation', 1, 6);
             INSERT INTO events (seq, at, actor, source, tenant_no, service, kind, version, changes, batch) VALUES
               (1, 1780272000000000000, 'anna', 'cli', 1, NULL, 'tenant.created', 1, '[[\"\",[\"tenant_id\",null,\"{T1}\"],[\"tenant_name\",null,\"Contoso\"]]]', NULL),
               (2, 1780272001000000000, 'anna', 'import', 1, 'teams', 'status.imported', 1, '[[\"\",[\"total_entitlements\",null,\"10\"]]]', 'b1'),
               (3, 1780272001000000000, 'anna', 'import', 1, 'exchange', 'status.imported', 1, '[[\"\",[\"total_entitlements\",null,\"0\"]]]', 'b1'),
               (4, 1780272002000000000, 'bo', 'cli', 1, 'teams', 'status.put', 2, '[[\"\",[\"scenario\",null,null]]]', NULL),
               (5, 1780272003000000000, 'bo', 'cli', 1, 'exchange', 'service.removed', 2, '[[\"\",[\"total_entitlements\",\"0\",null]]]', NULL);
             SELECT setval(pg_get_serial_sequence('tenants', 'tenant_no'), 1);
             SELECT setval(pg_get_serial_sequence('events', 'seq'), 5);"
        ))
        .unwrap();
    }
    let store = PgStore::open(&scratch.url).expect("migrates");
    let t = entrack_core::TenantId::parse(T1).unwrap();
    let teams = entrack_core::Service::from_code("teams").unwrap();
    let s = store.service(&t, teams).unwrap().unwrap();
    assert_eq!((s.total_entitlements, s.version), (10, 2));
    let notes: Vec<_> = s.rows.iter().map(|r| r.note.as_deref()).collect();
    assert_eq!(notes, [Some("No answer"), Some("Proxy")]);
    assert_eq!(s.rows[1].target_date, Some(jiff::civil::date(2027, 1, 15)));
    let exchange = entrack_core::Service::from_code("exchange").unwrap();
    assert!(store.service(&t, exchange).unwrap().is_none());
    let h = store
        .history(&entrack_store::HistoryQuery {
            tenant: Some(t.clone()),
            ..Default::default()
        })
        .unwrap();
    let seen: Vec<_> = h
        .iter()
        .map(|e| {
            (
                e.seq,
                e.actor.as_str(),
                e.batch.as_deref(),
                e.service.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (5, "bo", None, Some("exchange")),
            (4, "bo", None, Some("teams")),
            (3, "anna", Some("b1"), Some("exchange")),
            (2, "anna", Some("b1"), Some("teams")),
            (1, "anna", None, None)
        ]
    );
    // The tenant list filters read the packed rows' texts.
    let found = store
        .tenants(&entrack_store::TenantQuery {
            l1: Some(entrack_core::L1::Blocked),
            owner: Some("account".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    let aged = store
        .tenants(&entrack_store::TenantQuery {
            unknown_since_before: Some(jiff::Timestamp::from_second(1_780_272_001).unwrap()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(aged.len(), 1);
    assert!(
        store.integrity_problems().unwrap().is_empty(),
        "{:?}",
        store.integrity_problems()
    );
    // And it goes on from there.
    let seats = entrack_core::change::EntitlementSet {
        total: Some(12),
        ..Default::default()
    };
    entrack_store::ops::set_entitlement(
        &store,
        &entrack_store::conformance::ctx_at(10),
        &t,
        teams,
        &seats,
    )
    .unwrap();
    let h = store
        .history(&entrack_store::HistoryQuery::default())
        .unwrap();
    assert_eq!((h[0].version, h[0].service.as_deref()), (3, Some("teams")));
    assert!(h[0].seq > 5);
    assert!(store.integrity_problems().unwrap().is_empty());
}

/// Writes of a big bulk transaction into a new store: `tenants` tenants with one service
/// each, every row with a long note, so that the COPY buffers fill more than once.
fn big_bulk_writes(tenants: usize) -> Vec<entrack_store::Write> {
    use entrack_core::history::{Event, EventKind, Source};
    use entrack_core::model::RowKey;
    use entrack_core::{Service, ServiceState, StatusRow, Tenant, TenantId};
    let at = jiff::Timestamp::from_second(1_780_272_000).unwrap();
    let event = |tenant: &TenantId, service: Option<&str>, kind, version| Event {
        seq: 0,
        at,
        actor: "bulk".into(),
        source: Source::Import,
        tenant_id: tenant.clone(),
        service: service.map(str::to_owned),
        kind,
        version,
        changes: Vec::new(),
        batch: Some("big".into()),
    };
    let note = "Kunde wartet auf die Freigabe des Betriebsrats. ".repeat(40);
    let key = RowKey::from_codes(
        "blocked",
        "customer-it-infrastructure-remediation",
        "network",
    )
    .unwrap();
    let mut writes = Vec::new();
    for i in 0..tenants {
        let id = TenantId::parse(&format!("00000000-0000-4000-8000-{i:012x}")).unwrap();
        writes.push(entrack_store::Write::CreateTenant {
            tenant: Tenant {
                tenant_id: id.clone(),
                tenant_name: format!("Tenant {i}"),
            },
            org: None,
            event: event(&id, None, EventKind::TenantCreated, 1),
        });
        let service = Service::from_code("exchange").unwrap();
        let mut state = ServiceState::new(id.clone(), service);
        state.version = 1;
        state.total_entitlements = 100;
        let mut row = StatusRow::new(key, 100);
        row.note = Some(note.clone());
        state.rows = vec![row];
        writes.push(entrack_store::Write::PutService {
            event: event(&id, Some("exchange"), EventKind::StatusImported, 1),
            state,
            file: None,
            state_digest: None,
        });
    }
    writes
}

/// Writes `writes` in one bulk transaction that ends as `finish` says.
fn in_bulk(
    store: &PgStore,
    writes: &[entrack_store::Write],
    finish: entrack_store::Finish,
) -> entrack_store::Result<()> {
    use entrack_store::Store;
    store.bulk(&mut |b| {
        for w in writes {
            b.write(w.clone())?;
        }
        Ok(finish)
    })
}

/// Every index of the store's schema with its definition.
fn indexes(url: &str) -> Vec<(String, String)> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    c.query(
        "SELECT indexname::text, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

/// A big bulk write into a new store sets the indexes of tenants, services and events aside
/// and builds them before it ends, whichever way it ends: committed, rolled back, failed
/// on a record written twice, or interrupted by a write that needs to look a service up.
#[test]
fn a_big_bulk_write_builds_the_indexes_it_set_aside_before_it_ends() {
    use entrack_store::{Finish, Store, StoreError, Write};
    const TENANTS: usize = 6_000;
    let Some(store) = fresh() else { return };
    let url = store._scratch.url.clone();
    let before = indexes(&url);
    assert!(
        before.iter().any(|(n, _)| n == "services_pkey"),
        "{before:?}"
    );
    let writes = big_bulk_writes(TENANTS);

    // Rolled back: nothing written, every index as it was.
    in_bulk(&store, &writes, Finish::Rollback).unwrap();
    assert_eq!(indexes(&url), before);
    assert!(store.tenants(&Default::default()).unwrap().is_empty());

    // A service written twice as new: the rebuilt key refuses it and nothing is written.
    let mut twice = writes.clone();
    twice.push(writes[1].clone());
    let res = in_bulk(&store, &twice, Finish::Commit);
    assert!(matches!(res, Err(StoreError::AlreadyExists(_))), "{res:?}");
    assert_eq!(indexes(&url), before);
    assert!(store.tenants(&Default::default()).unwrap().is_empty());

    // A change to a service written earlier in the same transaction, after the indexes were
    // set aside: the lookup builds them first and finds the service.
    let mut changed = writes.clone();
    let Write::PutService { state, event, .. } = &writes[1] else {
        unreachable!()
    };
    let mut state = state.clone();
    let mut event = event.clone();
    state.version = 2;
    state.total_entitlements = 120;
    state.rows[0].entitlements = 120;
    event.version = 2;
    changed.push(Write::PutService {
        state: state.clone(),
        event,
        file: None,
        state_digest: None,
    });
    in_bulk(&store, &changed, Finish::Commit).unwrap();
    assert_eq!(indexes(&url), before);
    assert_eq!(store.tenants(&Default::default()).unwrap().len(), TENANTS);
    let read = store
        .service(&state.tenant_id, state.service)
        .unwrap()
        .unwrap();
    assert_eq!((read.version, read.total_entitlements), (2, 120));
    assert_eq!(store.integrity_problems().unwrap(), Vec::<String>::new());
}

/// Whether a transaction holds the store's `services` table whole: what setting its
/// indexes aside takes.
fn services_held(url: &str) -> bool {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    c.query_one(
        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'services'::regclass
                        AND mode = 'AccessExclusiveLock' AND granted)",
        &[],
    )
    .unwrap()
    .get(0)
}

/// Only a big write into a nearly empty store sets the indexes aside; the next big write,
/// into a store that holds thousands of services, keeps them in place all along (and the
/// table open to others). Both leave every row, event and index complete.
#[test]
fn only_a_nearly_empty_store_has_its_indexes_set_aside() {
    use entrack_store::{Finish, Store, Write};
    let Some(store) = fresh() else { return };
    let url = store._scratch.url.clone();
    let before = indexes(&url);
    let all = big_bulk_writes(10_000);
    let (first, second) = all.split_at(10_000);
    for (writes, aside) in [(first, true), (second, false)] {
        store
            .bulk(&mut |b| {
                for w in writes {
                    b.write(w.clone())?;
                }
                // The buffers went out more than once by now.
                assert_eq!(services_held(&url), aside);
                Ok(Finish::Commit)
            })
            .unwrap();
        assert_eq!(indexes(&url), before);
    }
    assert_eq!(store.integrity_problems().unwrap(), Vec::<String>::new());
    assert_eq!(store.tenants(&Default::default()).unwrap().len(), 10_000);
    let history = store.history(&Default::default()).unwrap();
    assert_eq!(history.len(), 20_000);
    assert!(matches!(all[1], Write::PutService { .. }));
}
