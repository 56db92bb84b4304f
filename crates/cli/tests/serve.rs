//! `entrack serve` as a user starts it: it answers, refuses to listen beyond this machine, and
//! stops cleanly on SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn entrack() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("entrack"))
}

#[test]
fn serve_refuses_an_address_other_machines_can_reach() {
    let dir = tempfile::tempdir().unwrap();
    let out = entrack()
        .args(["--db"])
        .arg(dir.path().join("s.db"))
        .args(["serve", "--listen", "0.0.0.0:18080", "--lang", "de"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("0.0.0.0:18080") && err.contains("Loopback"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_and_stops_on_sigterm() {
    let env = common::Env::new();
    let mut child = entrack()
        .args(["--db", &env.db()])
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("ENTRACK_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let address = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    let r = reqwest::get(format!("http://{address}/readyz"))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Without credentials the API answers 401, and says how to sign in.
    let r = reqwest::get(format!("http://{address}/api/v1/tenants"))
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().contains_key("www-authenticate"));
    // SIGTERM: the server finishes and exits successfully.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let code = child.wait().unwrap();
    assert!(code.success(), "exit {code:?}; log: {rest:?}");
    assert!(rest.iter().any(|l| l.contains("request_id")), "{rest:?}");
    // A store without users says how to create the first admin.
    assert!(
        rest.iter().any(|l| l.contains("entrack user add")),
        "{rest:?}"
    );
}
