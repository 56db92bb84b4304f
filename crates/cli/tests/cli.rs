//! The commands as a user runs them: taxonomy, messages in four languages, history with
//! `--as-of`, the report, and a rejected change that leaves the store file untouched.

mod common;
use common::{Env, TENANT};
use serde_json::{json, Value};

#[test]
fn taxonomy_json_lists_the_whole_playbook_with_four_names() {
    let env = Env::new();
    let r = env.ok(&["taxonomy", "--format", "json"], None);
    let t: Value = serde_json::from_str(&r.stdout).unwrap();
    let l1s = t["l1"].as_array().unwrap();
    let l2s: Vec<&Value> = l1s
        .iter()
        .flat_map(|l1| l1["l2"].as_array().unwrap())
        .collect();
    let l3s: usize = l2s
        .iter()
        .map(|l2| l2["l3"].as_array().unwrap().len())
        .sum();
    assert_eq!((l1s.len(), l2s.len(), l3s), (5, 18, 265));
    for entry in l1s.iter().chain(l2s.iter().copied()) {
        for lang in ["en", "de", "es", "zh"] {
            assert!(
                entry["names"][lang].as_str().is_some_and(|s| !s.is_empty()),
                "{} lacks {lang}",
                entry["code"]
            );
        }
    }
    // The codes are the playbook's page slugs, identical to the specification's file.
    let spec: Value =
        serde_json::from_str(include_str!("../../../../shared/spec/taxonomy.json")).unwrap();
    let codes = |v: &Value, l1key: &str| -> Vec<String> {
        let mut out = Vec::new();
        for l1 in v.as_array().unwrap_or_else(|| v[l1key].as_array().unwrap()) {
            out.push(l1["code"].as_str().unwrap().to_string());
            for l2 in l1["l2"].as_array().unwrap() {
                out.push(format!(
                    "{}/{}",
                    l1["code"].as_str().unwrap(),
                    l2["code"].as_str().unwrap()
                ));
                for l3 in l2["l3"].as_array().unwrap() {
                    out.push(format!(
                        "{}/{}/{}",
                        l1["code"].as_str().unwrap(),
                        l2["code"].as_str().unwrap(),
                        l3["code"].as_str().unwrap()
                    ));
                }
            }
        }
        out
    };
    assert_eq!(codes(&t["l1"], "l1"), codes(&spec, "l1"));
    assert!(t["version"].is_string() && t["date"].is_string());
}

#[test]
fn taxonomy_tree_and_missing_translations() {
    let env = Env::new();
    let r = env.ok(&["taxonomy", "--lang", "es"], None);
    assert!(r.stdout.contains("Bloqueado [blocked]"));
    assert!(r
        .stdout
        .contains("  Interacción del socio [partner-engagement]"));
    let r = env.ok(&["taxonomy", "--service", "teams"], None);
    assert!(r.stdout.contains("VDI [vdi]"));
    assert!(!r.stdout.contains("(OPP) Legacy Macros"));
    let r = env.ok(
        &["taxonomy", "--missing-translations", "--format", "json"],
        None,
    );
    let missing: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        missing.iter().all(|m| m["level"] == "l3"),
        "every L1 and L2 has all four names"
    );
    assert!(missing.iter().any(|m| m["code"]
        == "blocked/product-feature-capability/intune-geofencing"
        || m["level"] == "l3"));
    assert!(!missing.iter().any(|m| m["lang"] == "en"));
}

#[test]
fn services_resolve_aliases() {
    let env = Env::new();
    let r = env.ok(&["services", "--format", "json"], None);
    let s: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert!(s.iter().any(|x| x["code"] == "microsoft-defender-atp"
        && x["aliases"].as_str().unwrap().contains("MDATP")));
    let env = Env::new();
    env.add_tenant();
    for alias in ["EXO", "SPO", "OD4B", "MDATP"] {
        env.set_total(alias, 10);
    }
    let r = env.ok(&["--format", "json", "tenant", "show", TENANT], None);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let codes: Vec<&str> = v["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "exchange",
            "microsoft-defender-atp",
            "onedrive",
            "sharepoint"
        ]
    );
}

fn rejected_in(lang: &str) -> String {
    let env = Env::with_service(100, &["--scenario", "delivery"]);
    let rows = json!([
        {"l1": "in-progress", "l2": "legal-regulatory", "entitlements": 60, "owner": "Account Team", "note": "Pilot done, wave 2 planned with the partner"},
        {"l1": "blocked", "l2": "app-compatibility", "entitlements": 30, "owner": "Account Team", "note": "LOB app not certified"}
    ]);
    let r = env.run(
        &[
            "--lang",
            lang,
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "anna",
        ],
        Some(&rows.to_string()),
    );
    assert_eq!(r.code, 1);
    let rows = json!([
        {"l1": "in-progress", "l2": "migration", "entitlements": 60, "owner": "Account Team", "note": "Pilot done, wave 2 planned with the partner"},
        {"l1": "blocked", "l2": "app-compatibility", "l3": "lob-applications", "entitlements": 30, "note": "LOB app not certified"},
        {"l1": "no-intent", "l2": "executive-sponsorship", "entitlements": 5, "owner": "Account Team", "target_date": "2031-01-01", "note": "No sponsor since the reorganisation, so no intent to deploy"}
    ]);
    let r2 = env.run(
        &[
            "--lang",
            lang,
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "anna",
        ],
        Some(&rows.to_string()),
    );
    assert_eq!(r2.code, 1);
    format!("{}{}", r.stderr, r2.stderr)
}

#[test]
fn rejection_messages_in_four_languages() {
    for lang in ["en", "de", "es", "zh"] {
        insta::assert_snapshot!(format!("rejected_{lang}"), rejected_in(lang));
    }
    let env = Env::with_service(100, &[]);
    let rows = json!([{"l1": "in-progress", "entitlements": 100, "target_date": "2030-01-01", "note": "x", "owner": "y"}]);
    let r = env.run(
        &[
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "anna",
        ],
        Some(&rows.to_string()),
    );
    insta::assert_snapshot!("rejected_lang_from_env_default", r.stderr);
}

#[test]
fn language_comes_from_lang_when_not_given() {
    let env = Env::with_service(100, &[]);
    let rows = json!([{"l1": "in-progress", "entitlements": 100, "note": "x"}]);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("entrack"));
    let out = cmd
        .current_dir(env.dir.path())
        .env("ENTRACK_DB", env.db())
        .env_remove("ENTRACK_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "de_DE.UTF-8")
        .args([
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "anna",
            "--file",
            "rows.json",
        ])
        .current_dir(env.dir.path());
    std::fs::write(env.dir.path().join("rows.json"), rows.to_string()).unwrap();
    let out = out.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("In Bearbeitung braucht ein Zieldatum"));
}

#[test]
fn json_format_reports_violations_as_data() {
    let env = Env::with_service(100, &[]);
    let rows = json!([{"l1": "in-progress", "entitlements": 100, "note": "x"}]);
    let r = env.run(
        &[
            "--format",
            "json",
            "--lang",
            "es",
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "anna",
        ],
        Some(&rows.to_string()),
    );
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["violations"][0]["code"], "target-date-required");
    assert_eq!(v["violations"][0]["row"], 1);
    assert_eq!(v["violations"][0]["field"], "target_date");
    assert!(v["violations"][0]["message"]
        .as_str()
        .unwrap()
        .contains("necesita una fecha focalizada"));
}

#[test]
fn a_rejected_change_leaves_the_store_file_byte_identical() {
    let env = Env::with_service(100, &[]);
    let before = env.fingerprint();
    let rows = json!([{"l1": "no-intent", "l2": "executive-sponsorship", "entitlements": 100, "note": "No sponsor since the reorganisation, so no intent to deploy"}]);
    let r = env.run(
        &[
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "anna",
        ],
        Some(&rows.to_string()),
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("[owner-required]"));
    assert_eq!(env.fingerprint(), before);
}

#[test]
fn history_newest_first_and_state_as_of_a_past_instant() {
    let env = Env::with_service(100, &[]);
    let first = json!([{"l1": "in-progress", "entitlements": 100, "target_date": "2030-01-31", "note": "Deploying with partner"}]);
    env.put_ok(&first, "ben");
    let history = env.history();
    let at_first = history[0]["at"].as_str().unwrap().to_string();
    let second = json!([
        {"l1": "in-progress", "entitlements": 70, "target_date": "2030-01-31", "note": "Deploying with partner"},
        {"l1": "blocked", "l2": "partner-engagement", "entitlements": 30, "owner": "Account Team", "note": "Partner SOW excludes the branch offices"}
    ]);
    env.put_ok(&second, "carla");
    let history = env.history();
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "status.put",
            "status.put",
            "entitlement.set",
            "tenant.created"
        ]
    );
    assert_eq!(history[0]["actor"], "carla");
    assert_eq!(history[0]["source"], "cli");
    let change = history[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "entitlements" && c["row"]["l1"] == "in-progress")
        .unwrap();
    assert_eq!(
        (change["before"].as_str(), change["after"].as_str()),
        (Some("100"), Some("70"))
    );

    let r = env.ok(
        &[
            "--format",
            "json",
            "history",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as-of",
            &at_first,
        ],
        None,
    );
    let past: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        past["rows"],
        json!([{"l1": "in-progress", "l2": null, "l3": null, "entitlements": 100,
        "target_date": "2030-01-31", "owner": null, "note": "Deploying with partner", "next_action": null, "next_action_date": null}])
    );
    assert_eq!(past["version"], 2);
    let r = env.run(
        &[
            "history",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as-of",
            "2001-01-01",
        ],
        None,
    );
    assert_eq!(r.code, 1);
    let r = env.ok(
        &[
            "history",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--limit",
            "1",
        ],
        None,
    );
    assert!(r.stdout.contains("carla") && !r.stdout.contains("ben"));
}

#[test]
fn output_rows_can_be_put_back_unchanged() {
    let env = Env::with_service(100, &[]);
    let rows = json!([
        {"l1": "in-progress", "l2": "migration", "entitlements": 90, "target_date": "2030-01-31", "note": "Mailboxes move in waves"},
        {"l1": "duplicate-invalid", "entitlements": 10, "note": "Seats counted twice after the E5 upgrade"}
    ]);
    env.put_ok(&rows, "anna");
    let state = env.state();
    let r = env.put_ok(&state["rows"], "anna");
    assert!(r.stdout.contains("Nothing changed"));
    assert_eq!(env.state(), state);
}

#[test]
fn report_counts_by_service_l1_l2_without_invalid_unless_asked() {
    let env = Env::with_service(100, &[]);
    let rows = json!([
        {"l1": "in-progress", "l2": "migration", "entitlements": 90, "target_date": "2030-01-31", "note": "Mailboxes move in waves"},
        {"l1": "duplicate-invalid", "entitlements": 10, "note": "Seats counted twice after the E5 upgrade"}
    ]);
    env.put_ok(&rows, "anna");
    env.set_total("exchange", 40);
    let r = env.ok(&["--format", "json", "report"], None);
    let lines: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        lines,
        json!([
            {"service": "exchange", "l1": "status-unknown", "l2": "new-subscription-or-workload", "rows": 1, "entitlements": 40},
            {"service": "teams", "l1": "in-progress", "l2": "migration", "rows": 1, "entitlements": 90}
        ])
    );
    let r = env.ok(
        &[
            "--format",
            "csv",
            "report",
            "--include-invalid",
            "--service",
            "teams",
        ],
        None,
    );
    assert_eq!(r.stdout, "service,l1,l2,rows,entitlements\nteams,in-progress,migration,1,90\nteams,duplicate-invalid,,1,10\n");
    let r = env.ok(&["--lang", "de", "report"], None);
    assert!(r.stdout.contains("Unbekannter Status") && r.stdout.contains("Summe"));
}

/// `entrack taxonomy | head -1`: the reader goes away early; entrack ends without a panic
/// or an error message (killed by SIGPIPE, as other command-line tools are).
#[test]
fn output_to_a_pipe_that_closes_early_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let env = Env::new();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("entrack"))
        .args(["--db", &env.db(), "taxonomy", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    child.wait().unwrap();
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
}
