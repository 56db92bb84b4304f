//! `entrack suggest`: a note's grade and proposals, in four languages, as text and JSON; a
//! poor note exits 1; `--eval` scores labelled notes.

mod common;

use common::Env;
use serde_json::Value;

#[test]
fn a_note_gets_its_grade_and_proposals_in_the_users_language() {
    let env = Env::new();
    let r = env.ok(
        &["suggest", "--service", "teams", "--lang", "de",
          "Blockiert: Der Betriebsrat hat Teams nicht freigegeben, weil die Betriebsvereinbarung fehlt."],
        None,
    );
    assert!(r.stdout.starts_with("Sehr gut"), "{}", r.stdout);
    assert!(
        r.stdout.contains("1. Blockiert › Gesetzlich/Regulatorisch"),
        "{}",
        r.stdout
    );

    // A bare status is poor: the reasons say why, and the exit code is 1.
    let r = env.run(&["suggest", "--lang", "es", "sin intención"], None);
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with("Deficiente"), "{}", r.stdout);
    assert!(r.stdout.contains("solo palabras de estado"), "{}", r.stdout);

    // JSON, and the note from standard input.
    let r = env.ok(
        &["--format", "json", "suggest", "--service", "exo"],
        Some("客户暂时没有意向，预算用于ERP项目。"),
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["grade"], "marginal");
    assert!(v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == "hedge" && r["found"] == "暂时"));
    assert_eq!(v["proposals"].as_array().unwrap().len(), 5);
}

#[test]
fn eval_prints_accuracy_per_language_and_the_confusion() {
    let env = Env::new();
    let file = env.dir.path().join("eval.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"lang":"en","workload":"teams","note":"Using Zoom and Slack company wide, renewed for 3 years","l1":"no-intent","l2":"using-competitive-solution","l3":null,"grade":"great"}"#, "\n",
            r#"{"lang":"de","workload":"Exchange","note":"Firewall blockiert den Verkehr zu EXO, Netzwerkteam stellt um","l1":"Blockiert","l2":"Customer IT Infrastructure and Remediation","l3":"network","grade":"great"}"#, "\n",
            r#"{"lang":"zh","workload":"intune","note":"无意向","l1":"no-intent","l2":null,"l3":null,"grade":"poor"}"#, "\n",
            "not json\n",
            r#"{"lang":"en","workload":"Teams Premium Plus","note":"No intent.","l1":"no-intent","l2":null,"l3":null,"grade":"poor"}"#, "\n",
        ),
    )
    .unwrap();
    let r = env.ok(&["suggest", "--eval", file.to_str().unwrap()], None);
    // A workload the catalogue does not know is said, and its note still scored.
    assert!(
        r.stderr
            .contains("\"Teams Premium Plus\" (1 note) is not a service"),
        "{}",
        r.stderr
    );
    for want in [
        "lang",
        "de",
        "en",
        "zh",
        "overall",
        "L2 confusion",
        "time per note",
    ] {
        assert!(r.stdout.contains(want), "{want}: {}", r.stdout);
    }
    assert!(r.stderr.contains("line 4"), "{}", r.stderr);
    let r = env.ok(
        &[
            "--format",
            "json",
            "suggest",
            "--eval",
            file.to_str().unwrap(),
        ],
        None,
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["overall"]["notes"], 4);
    assert_eq!(v["overall"]["l2_notes"], 2);
    assert_eq!(v["overall"]["l2_top1"], 2, "{v}");
    assert_eq!(v["overall"]["grade_agree"], 4, "{v}");
    assert_eq!(v["unreadable"][0]["line"], 4);
    assert_eq!(v["unknown_workloads"]["Teams Premium Plus"], 1, "{v}");
    assert!(v.get("misses").is_none(), "{v}");
}

#[test]
fn eval_lists_the_notes_it_answered_otherwise_than_labelled_when_asked() {
    let env = Env::new();
    let file = env.dir.path().join("eval.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"lang":"en","workload":"teams","note":"Using Zoom and Slack company wide, renewed for 3 years","l1":"no-intent","l2":"using-competitive-solution","grade":"great"}"#, "\n",
            r#"{"lang":"en","workload":"teams","note":"Using Zoom and Slack company wide, renewed for 3 years","l1":"blocked","l2":"legal-regulatory","grade":"poor"}"#, "\n",
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let r = env.ok(&["suggest", "--eval", path, "--misses"], None);
    assert!(
        r.stdout.contains("Notes answered otherwise than labelled (1)")
            && r.stdout.contains("line 2 [en] Using Zoom and Slack")
            && r.stdout.contains(
                "labelled blocked/legal-regulatory poor; proposed no-intent/using-competitive-solution great"
            ),
        "{}",
        r.stdout
    );
    let r = env.ok(
        &["--format", "json", "suggest", "--eval", path, "--misses"],
        None,
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let misses = v["misses"].as_array().unwrap();
    assert_eq!(misses.len(), 1, "{v}");
    assert_eq!(misses[0]["line"], 2);
    assert_eq!(misses[0]["proposed_l1"], "no-intent");
    assert_eq!(misses[0]["labelled_grade"], "poor");
    // --misses belongs to --eval.
    let r = env.run(&["suggest", "--misses", "a note"], None);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
}

/// A status row whose note Suggest grades poor is refused where it is written, with the
/// reasons; the organisation's setting lets it through, and the output still grades it.
#[test]
fn a_poor_note_on_a_changed_row_is_refused_unless_the_organisation_allows_it() {
    let env = Env::with_service(100, &[]);
    let poor = serde_json::json!([{"l1": "status-unknown", "l2": "customer-unresponsive",
        "entitlements": 100, "note": "no answer"}]);
    let before = env.fingerprint();
    let r = env.put(&poor, &["--lang", "de"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("Zeile 1, Notiz (note)")
            && r.stderr.contains("zu schwach zum Speichern")
            && r.stderr.contains("[note-poor]"),
        "{}",
        r.stderr
    );
    assert_eq!(env.fingerprint(), before, "a refused note writes nothing");

    // A note that says what and why is saved, and the answer says so.
    let great = serde_json::json!([{"l1": "status-unknown", "l2": "customer-unresponsive",
        "entitlements": 100,
        "note": "No answer after 4 attempts by mail and phone; the IT lead left in May"}]);
    let r = env.ok(
        &[
            "--format",
            "json",
            "status",
            "put",
            "--tenant",
            common::TENANT,
            "--service",
            "teams",
            "--as",
            "anna",
        ],
        Some(&great.to_string()),
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["notes"][0]["row"], 1);
    assert_eq!(v["notes"][0]["grade"], "great");
    assert_eq!(v["notes"][0]["proposals"][0]["l1"], "status-unknown");

    // The organisation allows poor notes: saved, and the table output shows the grade.
    let r = env.ok(&["org", "set", "1", "--poor-notes", "allow"], None);
    assert!(r.stdout.contains("poor note"), "{}", r.stdout);
    let r = env.ok(&["--format", "json", "org", "list"], None);
    assert!(r.stdout.contains("\"allow\""), "{}", r.stdout);
    let r = env.put(&poor, &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("Note of row 1: Poor") && r.stdout.contains("too short"),
        "{}",
        r.stdout
    );
    assert_eq!(env.state()["rows"][0]["note"], "no answer");

    // Back to refusing: a row kept as it is passes, a changed row is graded again.
    env.ok(&["org", "set", "1", "--poor-notes", "refuse"], None);
    let same_note_more_rows = serde_json::json!([
        {"l1": "status-unknown", "l2": "customer-unresponsive", "entitlements": 100, "note": "no answer"}]);
    assert_eq!(
        env.put(&same_note_more_rows, &[]).code,
        0,
        "unchanged rows pass"
    );
    let changed = serde_json::json!([
        {"l1": "status-unknown", "l2": "customer-unresponsive", "entitlements": 90, "note": "no answer"},
        {"l1": "duplicate-invalid", "entitlements": 10,
         "note": "Duplicate tenant after the merger; seats moved to the primary tenant"}]);
    let r = env.put(&changed, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("Row 1, note") && r.stderr.contains("[note-poor]"),
        "{}",
        r.stderr
    );
}

/// An import refuses the services with poor notes (row and reasons named); where poor notes
/// are allowed it imports them and lists them as warnings.
#[test]
fn imports_report_poor_notes_per_row() {
    let env = Env::new();
    let file = env.dir.path().join("s.csv");
    std::fs::write(
        &file,
        format!(
            "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n\
             {t},Contoso GmbH,teams,50,status-unknown,customer-unresponsive,,50,,,tbd,,\n\
             {t},Contoso GmbH,exchange,20,status-unknown,customer-unresponsive,,20,,,No answer after 3 calls by mail and phone; the IT lead left,,\n",
            t = common::TENANT
        ),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let r = env.run(&["import", f, "--as", "anna"], None);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("row 2, note (“tbd”)") && r.stderr.contains("[note-poor]"),
        "{}",
        r.stderr
    );
    assert_eq!(env.history().as_array().unwrap().len(), 0);

    let r = env.run(
        &[
            "--format",
            "json",
            "import",
            f,
            "--as",
            "anna",
            "--skip-invalid",
        ],
        None,
    );
    assert_eq!(r.code, 1, "something was rejected");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["services_created"], 1);
    assert_eq!(v["summary"]["services_rejected"], 1);
    assert_eq!(v["summary"]["notes_poor"], 1);

    env.ok(&["org", "set", "1", "--poor-notes", "allow"], None);
    let r = env.ok(&["import", f, "--as", "anna"], None);
    assert!(
        r.stderr.contains("1 changed rows have a poor note")
            && r.stderr.contains("row 2, note (“tbd”)"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("1 services created"), "{}", r.stdout);
}
