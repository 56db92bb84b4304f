//! `entrack import` killed with SIGKILL at random points while it writes, on each store: every
//! import is all or nothing, an import that said it was written is there, each import's
//! history is complete, and the store passes its integrity checks. `.ci/run` runs 25 trials
//! per store; `bench/crash.sh` runs more (`ENTRACK_CRASH_TRIALS`).

mod common;

use common::{Env, Rng};
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const HEADER: &str = "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date";
const SERVICES: [&str; 4] = ["exchange", "teams", "sharepoint", "intune"];

/// One trial's file: `tenants` new tenants with one to four services each.
struct TrialFile {
    name: String,
    tenants: usize,
    services: usize,
    rows: usize,
}

fn trial_file(env: &Env, trial: usize, rng: &mut Rng) -> TrialFile {
    let tenants = 1 + rng.below(600) as usize;
    let mut csv = String::from(HEADER);
    csv.push('\n');
    let (mut services, mut rows) = (0, 0);
    for t in 0..tenants {
        let id = format!("{trial:08x}-{t:04x}-4000-8000-000000000000");
        let name = format!("Crash {trial} Tenant {t}");
        for s in SERVICES.iter().take(1 + rng.below(4) as usize) {
            services += 1;
            if rng.below(2) == 0 {
                csv.push_str(&format!("{id},{name},{s},100,in-progress,migration,,100,2027-03-31,,Pilot done and wave 2 planned,Kickoff meeting,2027-01-15\n"));
                rows += 1;
            } else {
                csv.push_str(&format!("{id},{name},{s},100,in-progress,migration,,60,2027-03-31,,Pilot done and wave 2 planned,Kickoff meeting,2027-01-15\n"));
                csv.push_str(&format!("{id},{name},{s},100,blocked,legal-regulatory,,40,2027-06-30,Account Team,Works council review pending until June,,\n"));
                rows += 2;
            }
        }
    }
    let name = format!("trial-{trial:03}.csv");
    let path = env.dir.path().join(&name);
    std::fs::write(path, csv).expect("write trial file");
    TrialFile {
        name,
        tenants,
        services,
        rows,
    }
}

/// Exported rows per trial (by the tenant name's trial number).
fn rows_by_trial(env: &Env) -> BTreeMap<usize, usize> {
    let file = env.dir.path().join("check.csv");
    env.ok(&["export", file.to_str().expect("utf-8 path")], None);
    let text = std::fs::read_to_string(&file).expect("export");
    let mut out = BTreeMap::new();
    for line in text.lines().skip(1) {
        if let Some(rest) = line.split(",Crash ").nth(1) {
            if let Some(n) = rest.split(' ').next().and_then(|n| n.parse().ok()) {
                *out.entry(n).or_default() += 1;
            }
        }
    }
    out
}

/// Import batches by file name: their event counts.
fn batches(env: &Env) -> BTreeMap<String, Vec<usize>> {
    let out = env
        .ok(
            &["--format", "json", "import", "batches", "--limit", "100000"],
            None,
        )
        .stdout;
    let v: serde_json::Value = serde_json::from_str(&out).expect("batches json");
    let mut by_file: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for b in v.as_array().expect("array") {
        let file = b["file"].as_str().unwrap_or("").to_string();
        let events = b["events"]
            .as_str()
            .and_then(|e| e.parse().ok())
            .unwrap_or(0);
        by_file.entry(file).or_default().push(events);
    }
    by_file
}

fn integrity(env: &Env) {
    if env.scratch.is_none() {
        let store = entrack_store_sqlite::SqliteStore::open(env.db_file()).expect("open store");
        let problems = store.integrity_problems().expect("integrity check");
        assert!(problems.is_empty(), "integrity: {problems:?}");
    }
    // Both stores: the report (kept in the same transactions as the rows) equals the rows.
    let report = env
        .ok(&["--format", "json", "report", "--include-invalid"], None)
        .stdout;
    let report: serde_json::Value = serde_json::from_str(&report).expect("report json");
    let reported: u64 = report
        .as_array()
        .expect("report lines")
        .iter()
        .map(|l| l["rows"].as_u64().unwrap_or(0))
        .sum();
    let exported: usize = rows_by_trial(env).values().sum();
    assert_eq!(reported as usize, exported, "report and rows disagree");
}

fn trials(env: &Env, store: &str) {
    let count: usize = std::env::var("ENTRACK_CRASH_TRIALS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(25);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ count as u64);
    env.ok(&["init"], None);
    let mut files = Vec::new();
    let mut acknowledged = Vec::new();
    let (mut killed, mut finished, mut unacknowledged) = (0, 0, 0);
    // How long an import takes per row, learnt from the imports that finish.
    let mut micros_per_row = 1_000.0;
    // The imports' connections carry a name on PostgreSQL, so that each check waits until
    // a killed import's COMMIT has landed or gone.
    let db = env.killable_db();
    for trial in 0..count {
        let f = trial_file(env, trial, &mut rng);
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("entrack"))
            .current_dir(env.dir.path())
            .env("LANG", "C.UTF-8")
            .env_remove("ENTRACK_LANG")
            .env("ENTRACK_DB", &db)
            .args(["import", &f.name, "--as", "crash", "--quiet"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Somewhere between the start and a little after this file's expected end.
        let expected = (f.rows as f64 * micros_per_row * 1.3) as u64;
        let at = Duration::from_micros(rng.below(expected));
        let start = Instant::now();
        let mut done = None;
        while start.elapsed() < at {
            if let Some(s) = child.try_wait().expect("wait") {
                done = Some(s);
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if done.is_none() {
            let _ = child.kill();
        }
        let out = child.wait_with_output().expect("wait");
        env.wait_for_killed(&db);
        let ok = out.status.success()
            && String::from_utf8_lossy(&out.stdout).contains("Written as batch");
        if ok {
            finished += 1;
            let took = start.elapsed().as_micros() as f64 / f.rows as f64;
            micros_per_row = 0.5 * micros_per_row + 0.5 * took;
        } else {
            killed += 1;
        }
        acknowledged.push(ok);
        files.push(f);

        // After every trial: all or nothing for every file so far.
        let rows = rows_by_trial(env);
        if !ok && rows.contains_key(&trial) {
            unacknowledged += 1;
        }
        let batches = batches(env);
        for (t, f) in files.iter().enumerate() {
            let present = rows.get(&t).copied().unwrap_or(0);
            let batch = batches.get(&f.name);
            if present == 0 {
                assert!(
                    !acknowledged[t],
                    "{store} trial {t}: acknowledged import missing"
                );
                assert!(
                    batch.is_none(),
                    "{store} trial {t}: a batch without its rows"
                );
            } else {
                assert_eq!(present, f.rows, "{store} trial {t}: partial import");
                assert_eq!(
                    batch.map(|b| b.as_slice()),
                    Some(&[f.tenants + f.services][..]),
                    "{store} trial {t}: history of the batch"
                );
            }
        }
        integrity(env);
    }
    eprintln!(
        "{store}: {count} trials: {killed} killed before they said so ({unacknowledged} of them had committed), {finished} finished; partial imports: 0, acknowledged imports lost: 0, integrity problems: 0"
    );
}

#[test]
fn imports_killed_at_random_points_are_all_or_nothing_on_the_embedded_store() {
    if common::on_postgres() {
        return; // the run on the embedded store covers it
    }
    trials(&Env::sqlite(), "sqlite");
}

#[test]
fn imports_killed_at_random_points_are_all_or_nothing_on_postgres() {
    if common::on_postgres() {
        return; // the workspace run (ENTRACK_TEST_POSTGRES set) covers it
    }
    match Env::postgres() {
        Some(env) => trials(&env, "postgres"),
        None => eprintln!("ENTRACK_TEST_POSTGRES is not set: no PostgreSQL server to test on"),
    }
}
