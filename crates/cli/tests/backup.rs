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

/// The backup drill. `ENTRACK_BACKUP_DRILL_FILE` names an import file loaded first (the long
/// drill of `bench/backup.sh` loads 100,000 generated entitlement rows); without it the store
/// holds one tenant. Writes go on until every backup is taken.
#[test]
fn backups_taken_while_others_write_hold_a_point_of_the_history_and_a_cut_one_is_refused() {
    let env = Env::with_service(100, &[]);
    if env.scratch.is_some() {
        return; // PostgreSQL is backed up with pg_dump
    }
    let bulk = std::env::var("ENTRACK_BACKUP_DRILL_FILE").ok();
    if let Some(file) = &bulk {
        env.ok(&["import", file, "--as", "anna", "--quiet"], None);
    }
    let copies: Vec<std::path::PathBuf> = (0..5)
        .map(|i| env.dir.path().join(format!("during-{i}.db")))
        .collect();
    let taken = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut i = 0;
            while i < 30 || !taken.load(std::sync::atomic::Ordering::SeqCst) {
                env.put_ok(
                    &json!([{"l1": "in-progress", "entitlements": 100, "target_date": "2030-06-30",
                             "note": format!("Pilot with {} users, wave two planned", 40 + i),
                             "next_action": "Kickoff", "next_action_date": "2030-01-15"}]),
                    "anna",
                );
                i += 1;
            }
        });
        for c in &copies {
            std::thread::sleep(std::time::Duration::from_millis(60));
            env.ok(&["backup", c.to_str().unwrap()], None);
        }
        taken.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    // Everything but the tenant written to is the same in every copy: the export without
    // its lines, and (once its first change is in) the report's counts.
    let export_of = |db: &str| -> Vec<String> {
        let out = env.dir.path().join("export.csv");
        let _ = std::fs::remove_file(&out);
        env.ok(&["--db", db, "export", out.to_str().unwrap()], None);
        std::fs::read_to_string(&out)
            .unwrap()
            .lines()
            .filter(|l| !l.contains(TENANT))
            .map(str::to_string)
            .collect()
    };
    let report_of = |db: &str| {
        env.ok(&["--db", db, "--format", "json", "report"], None)
            .stdout
    };
    let live_export = export_of(&env.db());
    let live_report = report_of(&env.db());
    if bulk.is_some() {
        assert!(live_export.len() > 1000, "the bulk file was imported");
    }
    let history = |db: &str| -> Vec<serde_json::Value> {
        let out = env
            .ok(&["--db", db, "--format", "json", "history"], None)
            .stdout;
        serde_json::from_str(&out).expect("history json")
    };
    let live = history(&env.db());
    let mut points = Vec::new();
    for c in &copies {
        let copy = history(c.to_str().unwrap());
        // The copy's history is the live history up to one point (newest first).
        assert!(!copy.is_empty() && copy.len() <= live.len());
        assert_eq!(copy[..], live[live.len() - copy.len()..], "{}", c.display());
        // Its state is the state at that point: the last note written before it.
        let state = env
            .ok(
                &[
                    "--db",
                    c.to_str().unwrap(),
                    "--format",
                    "json",
                    "status",
                    "show",
                    "--tenant",
                    TENANT,
                    "--service",
                    "teams",
                ],
                None,
            )
            .stdout;
        if copy.len() > 2 {
            // After the tenant and its entitlements, each event is one of the puts above.
            let last_note = copy[0].to_string();
            let state: serde_json::Value = serde_json::from_str(&state).unwrap();
            let note = state["rows"][0]["note"].as_str().expect("a note");
            assert!(last_note.contains(note), "{note} not in {last_note}");
        }
        assert!(
            export_of(c.to_str().unwrap()) == live_export,
            "{}",
            c.display()
        );
        if copy.len() > 2 {
            assert_eq!(
                report_of(c.to_str().unwrap()),
                live_report,
                "{}",
                c.display()
            );
        }
        points.push(copy.len());
    }
    eprintln!("backups at history lengths {points:?} of {}", live.len());

    // A copy cut short is refused when opened, with what is wrong.
    let whole = std::fs::read(&copies[0]).unwrap();
    let cut = env.dir.path().join("cut.db");
    std::fs::write(&cut, &whole[..whole.len() * 2 / 3]).unwrap();
    let r = env.run(&["--db", cut.to_str().unwrap(), "history"], None);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("cut short"), "{}", r.stderr);
}
