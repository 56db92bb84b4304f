//! What only the embedded store itself can show: pragmas, append-only history enforced by
//! the database, and migrations that refuse to run against an edited history.

use entrack_store::conformance::{ctx_at, T1};
use entrack_store::ops;
use entrack_store_sqlite::SqliteStore;

#[test]
fn opens_in_wal_with_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("e.db")).unwrap();
    assert_eq!(store.pragma("journal_mode").unwrap(), "wal");
    // FULL = 2: the WAL is synced at every commit.
    assert_eq!(store.pragma("synchronous").unwrap(), "2");
    assert_eq!(store.pragma("foreign_keys").unwrap(), "1");
    // And the connection really enforces them: a row that points nowhere is refused.
    let err = store
        .execute_raw(
            "INSERT INTO services (svc_key, version, state) VALUES (424242 * 256 + 1, 1, x'01')",
        )
        .unwrap_err();
    assert!(err.contains("FOREIGN KEY"), "{err}");
}

#[test]
fn history_cannot_be_updated_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("e.db")).unwrap();
    ops::add_tenant(&store, &ctx_at(0), T1, "Contoso").unwrap();
    for sql in [
        "UPDATE events SET kind = 'status.put'",
        "DELETE FROM events",
        "UPDATE event_meta SET actor = 'someone else'",
        "DELETE FROM event_meta",
    ] {
        let err = store.execute_raw(sql).unwrap_err();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn refuses_a_store_whose_applied_migration_was_edited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.db");
    drop(SqliteStore::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1",
        [],
    )
    .unwrap();
    drop(conn);
    let err = SqliteStore::open(&path)
        .err()
        .expect("must refuse")
        .to_string();
    assert!(err.contains("0001_initial"), "{err}");
}

#[test]
fn refuses_a_file_that_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "this is not a database, just some text that is long enough to matter",
    )
    .unwrap();
    let err = SqliteStore::open(&path)
        .err()
        .expect("must refuse")
        .to_string();
    assert!(err.contains("not an entrack store"), "{err}");
}

#[test]
fn released_migrations_are_frozen() {
    // The checksum of every released migration, recorded at release. Editing a released
    // migration breaks existing stores; add a new migration instead.
    let released = [
        ("0001_initial", "2ea09dde78f4b1b1"),
        ("0002_bulk", "5c839580b4d11630"),
        ("0003_accounts", "571fed40e5ca5fd9"),
        ("0004_notes", "d599d9ae337ed9b7"),
        ("0005_since", "4a1ccde03832719d"),
        ("0006_sessions_factors", "69616c3dbed2b8cb"),
        ("0007_file_digest", "55b2ab61368c51da"),
        ("0008_packed", "14796aaf7f5d5ded"),
    ];
    assert_eq!(entrack_store_sqlite::MIGRATIONS.len(), released.len());
    for (m, (name, sum)) in entrack_store_sqlite::MIGRATIONS.iter().zip(released) {
        assert_eq!(m.name, name);
        assert_eq!(
            entrack_store_sqlite::checksum(m.sql),
            sum,
            "{name} was edited"
        );
    }
}

#[test]
fn a_schema_1_store_migrates_with_its_data_and_history() {
    use entrack_store::Store;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(entrack_store_sqlite::MIGRATIONS[0].sql)
            .unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;
             INSERT INTO schema_migrations VALUES (1, '0001_initial', '{}', '2026-11-01T00:00:00Z');
             INSERT INTO tenants VALUES ('{T1}', 'Contoso');
             INSERT INTO service_entitlements VALUES ('{T1}', 'teams', 10, NULL, 'customer-led', NULL, NULL, 1);
             INSERT INTO status_rows VALUES ('{T1}', 'teams', 'status-unknown', 'customer-unresponsive', '', 10, NULL, NULL, 'No answer', NULL, NULL);
             INSERT INTO events (at, actor, source, tenant_id, service, kind, version, changes) VALUES
               ('2026-11-01T00:00:00Z', 'anna', 'cli', '{T1}', NULL, 'tenant.created', 1, '[{{\"field\":\"tenant_id\",\"before\":null,\"after\":\"{T1}\"}},{{\"field\":\"tenant_name\",\"before\":null,\"after\":\"Contoso\"}}]');",
            entrack_store_sqlite::checksum(entrack_store_sqlite::MIGRATIONS[0].sql)
        ))
        .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let t = entrack_core::TenantId::parse(T1).unwrap();
    let s = store
        .service(&t, entrack_core::Service::resolve("teams").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(s.total_entitlements, 10);
    assert_eq!(s.rows[0].note.as_deref(), Some("No answer"));
    let h = store
        .history(&entrack_store::HistoryQuery::default())
        .unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].changes.len(), 2, "old-form changes still read");
    assert_eq!(
        store
            .report(&entrack_store::ReportQuery::default())
            .unwrap()[0]
            .entitlements,
        10,
        "the pivot is built from the old rows"
    );
    // The row's service has no event of its own: its age is not known, and nothing is made up.
    let insights = store
        .insights(&entrack_store::InsightQuery {
            org: None,
            include_invalid: false,
            service: None,
            now: jiff::Timestamp::now(),
            today: jiff::civil::date(2026, 11, 21),
        })
        .unwrap();
    assert_eq!(
        insights.aging.keys().collect::<Vec<_>>(),
        vec![&(
            "status-unknown".to_string(),
            entrack_store::AgeBucket::Unknown
        )]
    );
    assert!(store.integrity_problems().unwrap().is_empty());
}

/// Two stores on one file stand for two processes: a server answering point reads from
/// its cache, and a command that changes the file. The server sees each change within
/// the watch interval: a revoked token stops working, a changed service reads new.
#[test]
fn a_serving_store_sees_changes_made_by_another_process() {
    use entrack_store::accounts::NewUser;
    use entrack_store::{Accounts, Store, DEFAULT_ORG};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.db");
    let server = SqliteStore::open(&path).unwrap();
    server.serve_mode().unwrap();
    let other = SqliteStore::open(&path).unwrap();

    let u = other
        .create_user(&NewUser {
            org: DEFAULT_ORG,
            username: "ana".into(),
            display_name: "Ana".into(),
            role: entrack_core::Role::Admin,
            password_hash: None,
        })
        .unwrap();
    let hash = [7u8; 32];
    let now = jiff::Timestamp::now();
    let token = other.create_token(u.id, "script", &hash, now).unwrap();
    // Read twice: the second answer may come from the cache.
    assert!(server.token(&hash, now).unwrap().is_some());
    assert!(server.token(&hash, now).unwrap().is_some());
    other.revoke_token(u.id, token.id, now).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(
        server.token(&hash, now).unwrap().is_none(),
        "revocation not seen"
    );

    ops::add_tenant(&other, &ctx_at(0), T1, "Contoso").unwrap();
    let t = entrack_core::TenantId::parse(T1).unwrap();
    let teams = entrack_core::Service::from_code("teams").unwrap();
    let seats = |n| entrack_core::change::EntitlementSet {
        total: Some(n),
        ..Default::default()
    };
    ops::set_entitlement(&other, &ctx_at(1), &t, teams, &seats(10)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (_, s) = server.tenant_service(&t, teams).unwrap().unwrap();
    assert_eq!(s.unwrap().total_entitlements, 10);
    let (_, s) = server.tenant_service(&t, teams).unwrap().unwrap();
    assert_eq!(s.unwrap().total_entitlements, 10);
    ops::set_entitlement(&other, &ctx_at(2), &t, teams, &seats(25)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (_, s) = server.tenant_service(&t, teams).unwrap().unwrap();
    assert_eq!(
        s.unwrap().total_entitlements,
        25,
        "a stale service was served"
    );

    // The server's own writes are seen at once, without waiting for the watch.
    ops::set_entitlement(&server, &ctx_at(3), &t, teams, &seats(30)).unwrap();
    let (_, s) = server.tenant_service(&t, teams).unwrap().unwrap();
    assert_eq!(s.unwrap().total_entitlements, 30);
}

/// Under the checkpointer of a serving store, a long run of commits keeps the WAL short
/// and the file sound.
#[test]
fn the_wal_stays_short_while_serving() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.db");
    let store = SqliteStore::open(&path).unwrap();
    store.serve_mode().unwrap();
    ops::add_tenant(&store, &ctx_at(0), T1, "Contoso").unwrap();
    let t = entrack_core::TenantId::parse(T1).unwrap();
    let teams = entrack_core::Service::from_code("teams").unwrap();
    for i in 0..3000u64 {
        let seats = entrack_core::change::EntitlementSet {
            total: Some(10 + i),
            ..Default::default()
        };
        ops::set_entitlement(&store, &ctx_at(1), &t, teams, &seats).unwrap();
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let wal = std::fs::metadata(dir.path().join("e.db-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    // Without checkpoints 3,000 commits leave several thousand pages in the WAL.
    assert!(wal < 64 << 20, "WAL has {wal} bytes");
    let frames: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
        .unwrap();
    assert!(frames < 4096 + 1000, "{frames} frames left");
    assert!(store.integrity_problems().unwrap().is_empty());
}

/// A new password signs out whoever signed in with the old one.
#[test]
fn a_new_password_ends_the_users_sessions() {
    use entrack_store::accounts::{NewUser, Session};
    use entrack_store::{Accounts, DEFAULT_ORG};
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("e.db")).unwrap();
    store.serve_mode().unwrap();
    let new_user = |name: &str| NewUser {
        org: DEFAULT_ORG,
        username: name.into(),
        display_name: name.into(),
        role: entrack_core::Role::Viewer,
        password_hash: Some("$argon2id$old".into()),
    };
    let (ana, bo) = (
        store.create_user(&new_user("ana")).unwrap(),
        store.create_user(&new_user("bo")).unwrap(),
    );
    let now = jiff::Timestamp::now();
    let session = |user| Session {
        user,
        csrf: "c".into(),
        created_at: now,
        expires_at: now + jiff::SignedDuration::from_hours(1),
        last_seen_at: now,
    };
    store.create_session(&[1; 32], &session(ana.id)).unwrap();
    store.create_session(&[2; 32], &session(bo.id)).unwrap();
    assert!(store.session(&[1; 32], now).unwrap().is_some());
    store.set_password(ana.id, "$argon2id$new").unwrap();
    assert!(store.session(&[1; 32], now).unwrap().is_none());
    assert!(
        store.session(&[2; 32], now).unwrap().is_some(),
        "only ana's sessions end"
    );
    assert!(store.set_password(999, "$argon2id$x").is_err());
}

/// A store of schema 7 (one row per status row, events carrying every change) opens as
/// schema 8: each service's rows packed into its record with their age, the pivot and the
/// history as they were.
#[test]
fn a_schema_7_store_packs_its_rows_and_keeps_its_history() {
    use entrack_store::Store;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seven.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;",
        )
        .unwrap();
        for m in &entrack_store_sqlite::MIGRATIONS[..7] {
            conn.execute_batch(m.sql).unwrap();
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?1, ?2, ?3, '2026-11-01T00:00:00Z')",
                rusqlite::params![m.version, m.name, entrack_store_sqlite::checksum(m.sql)],
            )
            .unwrap();
        }
        conn.execute_batch(&format!(
            "INSERT INTO tenants (tenant_no, tenant_id, tenant_name) VALUES (1, '{T1}', 'Contoso');
             INSERT INTO services (tenant_no, service, total_entitlements, engagement_scenario, version, removed)
               VALUES (1, 'teams', 10, 'customer-led', 2, 0), (1, 'exchange', 0, 'customer-led', 2, 1);
             INSERT INTO status_rows (tenant_no, service, l1, l2, l3, entitlements, target_date, owner, note, since) VALUES
               (1, 'teams', 'status-unknown', 'customer-unresponsive', '', 4, NULL, NULL, 'No answer', 1780272000),
               (1, 'teams', 'blocked', 'customer-it-infrastructure-remediation', 'network', 6, '2027-01-15', 'Account Team', 'Proxy', NULL);
             INSERT INTO pivot VALUES
               (1, 'teams', 'status-unknown', 'customer-unresponsive', 1, 4),
               (1, 'teams', 'blocked', 'customer-it-infrastructure-remediation', 1, 6);
             INSERT INTO events (seq, at, actor, source, tenant_no, service, kind, version, changes, batch) VALUES
               (1, '2026-06-01T00:00:00Z', 'anna', 'cli', 1, NULL, 'tenant.created', 1, '[[\"\",[\"tenant_id\",null,\"{T1}\"],[\"tenant_name\",null,\"Contoso\"]]]', NULL),
               (2, '2026-06-01T00:00:01Z', 'anna', 'import', 1, 'teams', 'status.imported', 1, '[[\"\",[\"total_entitlements\",null,\"10\"]]]', 'b1'),
               (3, '2026-06-01T00:00:01Z', 'anna', 'import', 1, 'exchange', 'status.imported', 1, '[[\"\",[\"total_entitlements\",null,\"0\"]]]', 'b1'),
               (4, '2026-06-01T00:00:02Z', 'bo', 'cli', 1, 'teams', 'status.put', 2, '[[\"\",[\"scenario\",null,null]]]', NULL),
               (5, '2026-06-01T00:00:03Z', 'bo', 'cli', 1, 'exchange', 'service.removed', 2, '[[\"\",[\"total_entitlements\",\"0\",null]]]', NULL);"
        ))
        .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let t = entrack_core::TenantId::parse(T1).unwrap();
    let teams = entrack_core::Service::from_code("teams").unwrap();
    let s = store.service(&t, teams).unwrap().unwrap();
    assert_eq!((s.total_entitlements, s.version), (10, 2));
    // Canonical order: Status Unknown before Blocked.
    let notes: Vec<_> = s.rows.iter().map(|r| r.note.as_deref()).collect();
    assert_eq!(notes, [Some("No answer"), Some("Proxy")]);
    assert_eq!(s.rows[1].owner.as_deref(), Some("Account Team"));
    assert_eq!(s.rows[1].target_date, Some(jiff::civil::date(2027, 1, 15)));
    let exchange = entrack_core::Service::from_code("exchange").unwrap();
    assert!(store.service(&t, exchange).unwrap().is_none());
    assert_eq!(store.services(&t).unwrap().len(), 1);
    let h = store
        .history(&entrack_store::HistoryQuery::default())
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
    assert_eq!(h[4].changes.len(), 2);
    // The row's age came along; the other row's is still unknown.
    let insights = store
        .insights(&entrack_store::InsightQuery {
            org: None,
            include_invalid: false,
            service: None,
            now: jiff::Timestamp::from_second(1_780_272_000 + 40 * 86_400).unwrap(),
            today: jiff::civil::date(2026, 11, 21),
        })
        .unwrap();
    let aging: Vec<_> = insights.aging.keys().cloned().collect();
    assert_eq!(
        aging,
        [
            ("blocked".to_string(), entrack_store::AgeBucket::Unknown),
            (
                "status-unknown".to_string(),
                entrack_store::AgeBucket::UpTo90
            ),
        ]
    );
    assert_eq!(
        store
            .report(&entrack_store::ReportQuery::default())
            .unwrap()
            .iter()
            .map(|l| l.entitlements)
            .sum::<u64>(),
        10
    );
    assert!(store.integrity_problems().unwrap().is_empty());
    // And it goes on from there: a new event is numbered after the old ones.
    let seats = entrack_core::change::EntitlementSet {
        total: Some(12),
        ..Default::default()
    };
    ops::set_entitlement(&store, &ctx_at(10), &t, teams, &seats).unwrap();
    let h = store
        .history(&entrack_store::HistoryQuery::default())
        .unwrap();
    assert_eq!((h[0].seq, h[0].version), (6, 3));
}

/// The event that created a service keeps no copy of its changes until the service
/// changes; then the state it created is kept, append-only. A record changed behind
/// entrack's back no longer matches the digest its creating event holds, and reading that
/// history says so.
#[test]
fn a_creation_is_kept_when_its_service_changes_and_tampering_shows() {
    use entrack_store::{HistoryQuery, Store};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.db");
    let store = SqliteStore::open(&path).unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| -> i64 { raw.query_row(sql, [], |r| r.get(0)).unwrap() };
    ops::add_tenant(&store, &ctx_at(0), T1, "Contoso").unwrap();
    let t = entrack_core::TenantId::parse(T1).unwrap();
    let teams = entrack_core::Service::from_code("teams").unwrap();
    let exchange = entrack_core::Service::from_code("exchange").unwrap();
    let seats = |n| entrack_core::change::EntitlementSet {
        total: Some(n),
        ..Default::default()
    };
    ops::set_entitlement(&store, &ctx_at(1), &t, teams, &seats(10)).unwrap();
    let created = store.service(&t, teams).unwrap().unwrap();
    assert_eq!(
        count("SELECT COUNT(*) FROM events WHERE changes IS NULL"),
        1
    );
    assert_eq!(count("SELECT COUNT(*) FROM event_states"), 0);
    ops::set_entitlement(&store, &ctx_at(2), &t, teams, &seats(12)).unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM event_states"), 1);
    assert_eq!(count("SELECT COUNT(*) FROM services WHERE open = 1"), 0);
    let history = |service| {
        store.history(&HistoryQuery {
            tenant: Some(t.clone()),
            service: Some(service),
            ..Default::default()
        })
    };
    let h = history(teams).unwrap();
    assert_eq!(
        h[1].changes,
        entrack_core::history::diff_service(None, &created)
    );
    for sql in [
        "UPDATE event_states SET state = x'00'",
        "DELETE FROM event_states",
    ] {
        let err = store.execute_raw(sql).unwrap_err();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    ops::set_entitlement(&store, &ctx_at(3), &t, exchange, &seats(5)).unwrap();
    assert!(history(exchange).is_ok());
    // The state of another service of the tenant, under this one's key.
    raw.execute(
        "UPDATE services SET state = (SELECT state FROM services WHERE service_no = ?2)
         WHERE service_no = ?1",
        [exchange.index() as i64, teams.index() as i64],
    )
    .unwrap();
    let err = history(exchange).unwrap_err().to_string();
    assert!(err.contains("digest"), "{err}");
    // The other service's history still reads.
    assert_eq!(history(teams).unwrap().len(), 2);
    // The record itself reads and adds up: only the digest tells.
    assert!(store.integrity_problems().unwrap().is_empty());
    // A version that its history does not reach.
    raw.execute(
        "UPDATE services SET version = version + 1 WHERE service_no = ?1",
        [teams.index() as i64],
    )
    .unwrap();
    let problems = store.integrity_problems().unwrap();
    assert!(
        problems.iter().any(|p| p.contains("breaks its history")),
        "{problems:?}"
    );
}

/// A bulk transaction on a store of few tenants builds the tenant list's indexes at its end
/// (a sort) instead of row by row; whether it commits, rolls back or fails, the schema is
/// the one the migrations made, and the list reads the tenants by name through it.
#[test]
fn a_bulk_write_on_a_new_store_leaves_the_tenant_indexes_as_they_were() {
    use entrack_core::history::{Event, EventKind, Source};
    use entrack_core::{Tenant, TenantId};
    use entrack_store::{Finish, Store, StoreError, TenantQuery, Write};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.db");
    let store = SqliteStore::open(&path).unwrap();
    let schema = || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut st = conn
            .prepare(
                "SELECT name, sql FROM sqlite_schema WHERE tbl_name = 'tenants' AND type = 'index'
                 ORDER BY name",
            )
            .unwrap();
        st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap()
    };
    let made = schema();
    assert!(made.iter().any(|(n, _)| n == "tenants_by_org"), "{made:?}");
    assert!(made.iter().any(|(n, _)| n == "tenants_by_name"), "{made:?}");
    let tenant = |i: usize| Tenant {
        tenant_id: TenantId::parse(&format!("00000000-0000-0000-0000-{i:012}")).unwrap(),
        tenant_name: format!("Tenant {}", 100 - i),
    };
    let create = |t: Tenant| Write::CreateTenant {
        event: Event {
            seq: 0,
            at: ctx_at(1).meta.at,
            actor: "bulk".into(),
            source: Source::Import,
            tenant_id: t.tenant_id.clone(),
            service: None,
            kind: EventKind::TenantCreated,
            version: 1,
            changes: Vec::new(),
            batch: None,
        },
        tenant: t,
        org: None,
    };

    store
        .bulk(&mut |b| {
            for i in 1..=40 {
                b.write(create(tenant(i)))?;
            }
            Ok(Finish::Commit)
        })
        .unwrap();
    assert_eq!(schema(), made);
    let names: Vec<String> = store
        .tenants(&TenantQuery::default())
        .unwrap()
        .into_iter()
        .map(|t| t.tenant_name)
        .collect();
    assert_eq!(names.len(), 40);
    assert!(names.is_sorted(), "{names:?}");

    store
        .bulk(&mut |b| {
            b.write(create(tenant(41)))?;
            Ok(Finish::Rollback)
        })
        .unwrap();
    assert_eq!(schema(), made);
    let failed = store.bulk(&mut |b| {
        b.write(create(tenant(42)))?;
        Err(StoreError::Backend("stopped midway".into()))
    });
    assert!(failed.is_err());
    assert_eq!(schema(), made);
    assert_eq!(store.tenants(&TenantQuery::default()).unwrap().len(), 40);
    assert!(store.integrity_problems().unwrap().is_empty());
}
