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
