//! `entrack feed` (the licensing feed's totals) and `entrack export` (CSV/XLSX, filters,
//! localised labels, formula neutralising, export-then-import changes nothing).

mod common;

use common::Env;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const T1: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
const T2: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

fn write(env: &Env, name: &str, text: &str) -> PathBuf {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text).expect("write file");
    p
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn feed(env: &Env, text: &str, extra: &[&str]) -> common::Run {
    let f = write(env, "feed.csv", text);
    let mut args = vec!["feed", p(&f), "--as", "licensing"];
    args.extend_from_slice(extra);
    env.run(&args, None)
}

fn show(env: &Env, tenant: &str, service: &str) -> Value {
    let r = env.ok(
        &[
            "--format",
            "json",
            "status",
            "show",
            "--tenant",
            tenant,
            "--service",
            service,
        ],
        None,
    );
    serde_json::from_str(&r.stdout).expect("json")
}

fn rows(state: &Value) -> Vec<(String, u64)> {
    state["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let path = format!(
                "{}/{}",
                r["l1"].as_str().unwrap(),
                r["l2"].as_str().unwrap_or("")
            );
            (path, r["entitlements"].as_u64().unwrap())
        })
        .collect()
}

const HEADER: &str = "tenant_id,tenant_name,service,total_entitlements\n";

#[test]
fn feed_creates_tenants_and_services_in_status_unknown_new_subscription() {
    let env = Env::new();
    let r = feed(
        &env,
        &format!("{HEADER}{T1},Contoso GmbH,EXO,120\n{T1},Contoso GmbH,teams,40\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("1 tenants and 2 services created"),
        "{}",
        r.stdout
    );
    let s = show(&env, T1, "exchange");
    assert_eq!(s["total_entitlements"], 120);
    assert_eq!(
        rows(&s),
        vec![(
            "status-unknown/new-subscription-or-workload".to_string(),
            120
        )]
    );
    let h = env.ok(&["--format", "json", "history", "--limit", "1"], None);
    assert!(
        h.stdout.contains("\"source\": \"automation\"") && h.stdout.contains("feed.applied"),
        "{}",
        h.stdout
    );
    // The same feed again changes nothing.
    let again = feed(
        &env,
        &format!("{HEADER}{T1},Contoso GmbH,EXO,120\n{T1},Contoso GmbH,teams,40\n"),
        &[],
    );
    assert!(
        again.stdout.contains("2 unchanged") && again.stdout.contains("Nothing was written"),
        "{}",
        again.stdout
    );
}

/// Contoso's Exchange: 100 seats, 60 in progress, 30 customer unresponsive, 10 new.
fn classified(env: &Env) {
    feed(
        env,
        &format!("{HEADER}{T1},Contoso GmbH,exchange,100\n"),
        &[],
    );
    let rows = serde_json::json!([
        {"l1": "in-progress", "l2": "migration", "entitlements": 60, "target_date": "2027-03-31", "note": "Wave 1 done"},
        {"l1": "status-unknown", "l2": "customer-unresponsive", "entitlements": 30, "note": "No answer after 4 attempts by mail and phone"},
        {"l1": "status-unknown", "l2": "new-subscription-or-workload", "entitlements": 10, "note": "New seats from the licence renewal, intent not yet confirmed"}
    ]);
    env.ok(
        &[
            "status",
            "put",
            "--tenant",
            T1,
            "--service",
            "exchange",
            "--as",
            "anna",
        ],
        Some(&rows.to_string()),
    );
}

#[test]
fn feed_adds_seats_to_new_subscription_and_takes_seats_from_status_unknown_first() {
    let env = Env::new();
    classified(&env);
    feed(
        &env,
        &format!("{HEADER}{T1},Contoso GmbH,exchange,125\n"),
        &[],
    );
    let s = show(&env, T1, "exchange");
    assert_eq!(
        rows(&s),
        vec![
            ("status-unknown/customer-unresponsive".to_string(), 30),
            (
                "status-unknown/new-subscription-or-workload".to_string(),
                35
            ),
            ("in-progress/migration".to_string(), 60),
        ]
    );
    // 125 -> 80: 35 from New Subscription, then 10 from Customer Unresponsive.
    feed(
        &env,
        &format!("{HEADER}{T1},Contoso GmbH,exchange,80\n"),
        &[],
    );
    let s = show(&env, T1, "exchange");
    assert_eq!(
        rows(&s),
        vec![
            ("status-unknown/customer-unresponsive".to_string(), 20),
            ("in-progress/migration".to_string(), 60),
        ]
    );
}

#[test]
fn a_reduction_status_unknown_cannot_absorb_flags_the_service_and_touches_nothing_else() {
    let env = Env::new();
    classified(&env);
    let before = show(&env, T1, "exchange");
    let r = feed(
        &env,
        &format!("{HEADER}{T1},Contoso GmbH,exchange,50\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("1 flagged for review"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(&format!("{T1} exchange feed-below-classified:50")),
        "{}",
        r.stdout
    );
    let after = show(&env, T1, "exchange");
    assert_eq!(rows(&after), rows(&before));
    assert_eq!(after["total_entitlements"], 100);
    let review = env.ok(&["--format", "csv", "review"], None);
    assert!(
        review
            .stdout
            .contains(&format!("{T1},exchange,feed-below-classified:50")),
        "{}",
        review.stdout
    );
    // Once the service has the feed's total, the flag goes.
    env.ok(
        &[
            "entitlement",
            "set",
            "--tenant",
            T1,
            "--service",
            "exchange",
            "--total",
            "60",
            "--as",
            "anna",
        ],
        None,
    );
    let s = show(&env, T1, "exchange");
    assert_eq!(s["total_entitlements"], 60);
    let r = feed(
        &env,
        &format!("{HEADER}{T1},Contoso GmbH,exchange,60\n"),
        &[],
    );
    assert!(
        r.stdout.contains("1 totals changed") || r.stdout.contains("1 unchanged"),
        "{}",
        r.stdout
    );
    let review = env.ok(&["review"], None);
    assert!(
        review.stdout.contains("No service is flagged"),
        "{}",
        review.stdout
    );
}

#[test]
fn a_full_feed_flags_the_services_it_does_not_list_and_deletes_nothing() {
    let env = Env::new();
    feed(
        &env,
        &format!("{HEADER}{T1},Contoso GmbH,exchange,100\n{T2},Fabrikam,teams,10\n"),
        &[],
    );
    let r = feed(
        &env,
        &format!("{HEADER}{T1},Contoso GmbH,exchange,100\n"),
        &["--full"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(&format!("{T2} teams missing-from-feed")),
        "{}",
        r.stdout
    );
    assert_eq!(show(&env, T2, "teams")["total_entitlements"], 10);
    // Listed again: the flag goes.
    feed(
        &env,
        &format!("{HEADER}{T1},Contoso GmbH,exchange,100\n{T2},Fabrikam,teams,10\n"),
        &["--full"],
    );
    assert!(env
        .ok(&["review"], None)
        .stdout
        .contains("No service is flagged"));
}

#[test]
fn a_bad_feed_line_is_reported_and_the_feed_is_not_applied() {
    let env = Env::new();
    let r = feed(&env, &format!("{HEADER}{T1},Contoso GmbH,exchange,100\nnot-a-guid,X,teams,5\n{T1},Contoso GmbH,exchange,90\n"), &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("row 3, tenant_id (“not-a-guid”)")
            && r.stderr.contains("[invalid-tenant-id]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("row 4, total_entitlements (“90”)")
            && r.stderr.contains("[conflicting-value]"),
        "{}",
        r.stderr
    );
    assert_eq!(env.history().as_array().unwrap().len(), 0);
}

fn seeded() -> Env {
    let env = Env::new();
    let file = format!(
        "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n\
         {T1},=cmd|' /C calc'!A0,exchange,100,in-progress,migration,,60,2027-03-31,,\"+SUM(1,2) pilot done, wave 2 planned with the partner\",-next,2027-01-15\n\
         {T1},=cmd|' /C calc'!A0,exchange,100,blocked,legal-regulatory,,40,2027-06-30,Account Team,@evil works council stopped the rollout until the privacy review ends,,\n\
         {T1},=cmd|' /C calc'!A0,teams,50,status-unknown,customer-unresponsive,,50,,,\"\tTabbed, 'quoted' no answer after 3 calls by mail and phone\",,\n\
         {T2},Fabrikam Inc.,intune,20,status-unknown,customer-unresponsive,,20,,,No answer after 4 attempts by mail and phone,,\n"
    );
    let f = write(&env, "seed.csv", &file);
    env.ok(&["import", p(&f), "--as", "anna"], None);
    env
}

fn count_events(env: &Env) -> usize {
    env.history().as_array().unwrap().len()
}

#[test]
fn export_neutralises_formulas_and_imports_back_as_a_no_op() {
    let env = seeded();
    let out = env.dir.path().join("out.csv");
    let r = env.ok(&["export", p(&out)], None);
    assert!(
        r.stdout.contains("Exported 4 rows of 3 services"),
        "{}",
        r.stdout
    );
    let text = std::fs::read_to_string(&out).unwrap();
    for line in text.lines().skip(1) {
        for cell in line.split(',') {
            let c = cell.trim_start_matches('"');
            assert!(
                !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "live formula cell {cell:?} in {line}"
            );
        }
    }
    assert!(
        text.contains("'=cmd|' /C calc'!A0") && text.contains("'@evil") && text.contains("'-next"),
        "{text}"
    );
    let n = count_events(&env);
    let again = env.ok(&["import", p(&out), "--as", "anna"], None);
    assert!(
        again.stdout.contains("3 unchanged") && again.stdout.contains("Nothing was written"),
        "{}",
        again.stdout
    );
    assert_eq!(count_events(&env), n);
}

#[test]
fn export_in_german_has_german_headers_and_names_and_imports_back() {
    let env = seeded();
    let out = env.dir.path().join("de.csv");
    env.ok(&["--lang", "de", "export", p(&out)], None);
    let text = std::fs::read_to_string(&out).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("Mandanten-ID,Mandantenname,Dienst,"),
        "{header}"
    );
    assert!(
        text.contains(",In Bearbeitung,Migration,")
            && text.contains(",Blockiert,Gesetzlich/Regulatorisch,"),
        "{text}"
    );
    // Codes unless a language is asked for: LANG alone does not localise a file.
    let plain = env.dir.path().join("plain.csv");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entrack"));
    let st = cmd
        .env("ENTRACK_DB", env.db())
        .env_remove("ENTRACK_LANG")
        .env("LANG", "de_DE.UTF-8")
        .args(["export", p(&plain)])
        .output()
        .unwrap();
    assert!(st.status.success());
    assert!(std::fs::read_to_string(&plain)
        .unwrap()
        .starts_with("tenant_id,"));
    let n = count_events(&env);
    let again = env.ok(&["import", p(&out), "--as", "anna"], None);
    assert!(again.stdout.contains("3 unchanged"), "{}", again.stdout);
    assert_eq!(count_events(&env), n);
}

#[test]
fn export_filters_select_whole_services() {
    let env = seeded();
    let out = env.dir.path().join("blocked.csv");
    let r = env.ok(&["export", p(&out), "--l1", "Blocked"], None);
    assert!(
        r.stdout.contains("Exported 2 rows of 1 services"),
        "{}",
        r.stdout
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains(",in-progress,") && text.contains(",blocked,"),
        "all rows of the service: {text}"
    );
    let out = env.dir.path().join("t2.csv");
    let r = env.ok(&["export", p(&out), "--tenant", "Fabrikam Inc."], None);
    assert!(
        r.stdout.contains("Exported 1 rows of 1 services"),
        "{}",
        r.stdout
    );
    let r = env.ok(&["export", p(&out), "--service", "Microsoft Teams"], None);
    assert!(
        r.stdout.contains("Exported 1 rows of 1 services"),
        "{}",
        r.stdout
    );
}

fn libreoffice() -> &'static str {
    // CI installs LibreOffice (libreoffice-calc-nogui); this test needs it.
    for c in ["soffice", "libreoffice"] {
        if Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return c;
        }
    }
    panic!("LibreOffice is needed for this test: apt-get install libreoffice-calc-nogui");
}

#[test]
fn xlsx_export_opens_in_libreoffice_with_real_dates_and_numbers_and_imports_back() {
    let env = seeded();
    let out = env.dir.path().join("status.xlsx");
    env.ok(&["export", p(&out)], None);
    let n = count_events(&env);
    let again = env.ok(&["import", p(&out), "--as", "anna"], None);
    assert!(again.stdout.contains("3 unchanged"), "{}", again.stdout);
    assert_eq!(count_events(&env), n);

    let conv = env.dir.path().join("conv");
    let profile = env.dir.path().join("lo-profile");
    let st = Command::new(libreoffice())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            p(&conv),
            p(&out),
        ])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let csv = std::fs::read_to_string(conv.join("status.csv")).unwrap();
    let line = csv
        .lines()
        .find(|l| l.contains(",in-progress,"))
        .expect("in-progress row");
    // Dates come out formatted as dates (not serial numbers), counts as plain numbers.
    assert!(line.contains(",60,2027-03-31,"), "{line}");
    assert!(line.contains(",2027-01-15,"), "{line}");
    assert!(line.contains(",100,in-progress,"), "{line}");
}
