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
        Some("客户暂时没有意向。"),
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
        ),
    )
    .unwrap();
    let r = env.ok(&["suggest", "--eval", file.to_str().unwrap()], None);
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
    assert_eq!(v["overall"]["notes"], 3);
    assert_eq!(v["overall"]["l2_notes"], 2);
    assert_eq!(v["overall"]["l2_top1"], 2, "{v}");
    assert_eq!(v["overall"]["grade_agree"], 3, "{v}");
    assert_eq!(v["unreadable"][0]["line"], 4);
}
