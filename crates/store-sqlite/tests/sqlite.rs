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
        .execute_raw("INSERT INTO services (tenant_no, service, total_entitlements, engagement_scenario, version) VALUES (424242, 'teams', 1, 'customer-led', 1)")
        .unwrap_err();
    assert!(err.contains("FOREIGN KEY"), "{err}");
}

#[test]
fn history_cannot_be_updated_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("e.db")).unwrap();
    ops::add_tenant(&store, &ctx_at(0), T1, "Contoso").unwrap();
    let err = store
        .execute_raw("UPDATE events SET actor = 'someone else'")
        .unwrap_err();
    assert!(err.contains("append-only"), "{err}");
    let err = store.execute_raw("DELETE FROM events").unwrap_err();
    assert!(err.contains("append-only"), "{err}");
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
    let released = [("0001_initial", "2ea09dde78f4b1b1")];
    for (m, (name, sum)) in entrack_store_sqlite::MIGRATIONS.iter().zip(released) {
        assert_eq!(m.name, name);
        assert_eq!(
            entrack_store_sqlite::checksum(m.sql),
            sum,
            "{name} was edited"
        );
    }
}
