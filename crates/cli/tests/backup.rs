//! `entrack backup FILE`: a consistent copy of the embedded store that opens as a store
//! with the same contents; an existing file is never overwritten. A PostgreSQL store points
//! to pg_dump.

mod common;

use common::{Env, TENANT};
use serde_json::json;

#[test]
fn a_backup_holds_what_the_store_holds_and_never_overwrites() {
    let env = Env::with_service(100, &[]);
    env.put_ok(
        &json!([{"l1": "in-progress", "entitlements": 100, "target_date": "2030-06-30",
                 "note": "Pilot with 40 users", "next_action": "Kickoff",
                 "next_action_date": "2030-01-15"}]),
        "anna",
    );
    let copy = env.dir.path().join("copy.db");
    let copy_arg = copy.to_str().unwrap();
    let r = env.run(&["backup", copy_arg], None);
    if env.scratch.is_some() {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("pg_dump"), "{}", r.stderr);
        return;
    }
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("copy.db"), "{}", r.stdout);
    let read = |db: &str, args: &[&str]| {
        let mut all = vec!["--db", db, "--format", "json"];
        all.extend_from_slice(args);
        env.ok(&all, None).stdout
    };
    let original = env.db();
    for args in [
        &["history"][..],
        &["report"][..],
        &["status", "show", "--tenant", TENANT, "--service", "teams"][..],
    ] {
        assert_eq!(read(copy_arg, args), read(&original, args), "{args:?}");
    }
    // A second backup to the same file is refused, and the first copy stays as it was.
    let before = std::fs::read(&copy).unwrap();
    let again = env.run(&["backup", copy_arg], None);
    assert_ne!(again.code, 0);
    assert!(again.stderr.contains("copy.db"), "{}", again.stderr);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}
