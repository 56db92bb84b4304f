//! `entrack migrate-store`: a store copied from SQLite to PostgreSQL and back reads the same
//! everywhere — exports, history, batches, reports, users — and a target that holds data is
//! refused and left alone. Runs when `ENTRACK_TEST_POSTGRES` names a server.

mod common;

use common::{Env, TENANT};
use serde_json::{json, Value};

const T2: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
const T3: &str = "11111111-2222-4333-8444-555555555555";

fn file(env: &Env, name: &str, text: &str) -> String {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// What a user can read back from the store at `db`.
fn readout(env: &Env, db: &str) -> Vec<String> {
    let mut out = Vec::new();
    for args in [
        &["history"][..],
        &["report", "--include-invalid"][..],
        &["import", "batches"][..],
        &["user", "list"][..],
        &["tenant", "list"][..],
        &["assign", "list", TENANT][..],
    ] {
        let mut all = vec!["--db", db, "--format", "json"];
        all.extend_from_slice(args);
        out.push(env.ok(&all, None).stdout);
    }
    let export = env.dir.path().join("readout.csv");
    env.ok(&["--db", db, "export", export.to_str().unwrap()], None);
    out.push(std::fs::read_to_string(&export).unwrap());
    out
}

#[test]
fn sqlite_to_postgres_and_back_reads_the_same() {
    let Some(pg) = Env::postgres() else {
        eprintln!("ENTRACK_TEST_POSTGRES is not set: no PostgreSQL server to test on");
        return;
    };
    let env = Env::sqlite();
    env.ok(&["user", "add", "anna", "--role", "admin"], None);
    env.ok(&["user", "add", "dora", "--role", "delivery-fm"], None);
    env.ok(&["token", "create", "anna", "--name", "nightly"], None);
    env.add_tenant();
    env.set_total("teams", 100);
    env.put_ok(
        &json!([{"l1": "in-progress", "entitlements": 100, "target_date": "2030-06-30",
                 "note": "Pilot with 40 users,\nthen \"wave 2\" on C:\\Teams",
                 "next_action": "Kickoff with IT", "next_action_date": "2030-01-15"}]),
        "anna",
    );
    env.ok(
        &[
            "assign",
            "add",
            TENANT,
            "dora",
            "--role",
            "delivery-fm",
            "--primary",
        ],
        None,
    );
    let header = "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n";
    let kept = file(
        &env,
        "kept.csv",
        &format!("{header}{T2},Fabrikam Inc.,intune,20,blocked,legal-regulatory,,20,2031-01-31,Legal,Works council review,,\n"),
    );
    env.ok(&["import", &kept, "--as", "anna"], None);
    // A batch that is undone: its tenant and service stay behind as removed.
    let undone = file(
        &env,
        "undone.csv",
        &format!("{header}{T3},Northwind,exchange,5,status-unknown,customer-unresponsive,,5,,,No answer to 3 mails since October,,\n"),
    );
    env.ok(&["import", &undone, "--as", "anna"], None);
    let batches: Value = serde_json::from_str(
        &env.ok(&["--format", "json", "import", "batches"], None)
            .stdout,
    )
    .unwrap();
    let last = batches[0]["batch"].as_str().unwrap().to_string();
    env.ok(&["import", "undo", &last, "--as", "anna"], None);

    let source = env.db();
    let before = readout(&env, &source);
    let there = pg.db();
    let back = env.dir.path().join("back.db").to_str().unwrap().to_string();
    let r = env.ok(&["migrate-store", "--from", &source, "--to", &there], None);
    assert!(r.stdout.contains("both read back the same"), "{}", r.stdout);
    assert_eq!(readout(&env, &there), before, "on PostgreSQL");
    env.ok(&["migrate-store", "--from", &there, "--to", &back], None);
    assert_eq!(readout(&env, &back), before, "back on SQLite");

    // The copies go on working: a new change lands on the next version.
    let r = env.ok(
        &[
            "--db",
            &back,
            "--format",
            "json",
            "entitlement",
            "set",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--total",
            "120",
            "--as",
            "anna",
        ],
        None,
    );
    assert!(
        r.stdout.contains("\"version\": 3") || r.stdout.contains("\"version\":3"),
        "{}",
        r.stdout
    );

    // A target that holds data is refused and stays as it was.
    let refused = env.run(&["migrate-store", "--from", &source, "--to", &there], None);
    assert_ne!(refused.code, 0);
    assert!(
        refused.stderr.contains("must be empty"),
        "{}",
        refused.stderr
    );
    assert_eq!(readout(&env, &there), before);
}
