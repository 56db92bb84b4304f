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
    let (mut child, base, lines) = common::serve_logged(&env, "info");
    let r = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(r.status(), 200);
    // Without credentials the API answers 401, and says how to sign in.
    let r = reqwest::get(format!("{base}/api/v1/tenants"))
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

/// The README's first command: `entrack demo` fills a store of its own with generated
/// tenants through the rules, prints where to sign in, and the printed sign-in works; a
/// store with other data is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_fills_its_own_store_and_prints_a_working_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = entrack()
        .current_dir(dir.path())
        .env_remove("ENTRACK_DB")
        .args(["demo", "--tenants", "15", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let ready = lines.next().unwrap().unwrap();
    let url = ready
        .split("open ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {ready:?}"))
        .to_string();
    let password = ready.rsplit(' ').next().unwrap().to_string();
    assert!(
        ready.contains("entrack-demo.db") && ready.contains("“demo”"),
        "{ready}"
    );
    assert!(dir.path().join("entrack-demo.db").exists(), "its own file");
    assert!(
        !dir.path().join("entrack.db").exists(),
        "not the default store"
    );

    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let page = c
        .post(format!("{url}login"))
        .form(&[
            ("username", "demo"),
            ("password", password.as_str()),
            ("next", "/tenants"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let tenants = page.matches("<tr class=\"tenant\">").count();
    assert_eq!(tenants, 15, "{page}");
    let dash = c
        .get(format!("{url}dashboard"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dash.contains("id=\"age-in-progress\""), "{dash}");
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert!(child.wait().unwrap().success());

    // The same store again: kept as it is, with a new password.
    let out = entrack()
        .current_dir(dir.path())
        .env_remove("ENTRACK_DB")
        .args(["--db", "entrack-demo.db", "report", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    // A store with other data gets no demo user.
    let other = dir.path().join("real.db");
    let made = entrack()
        .arg("--db")
        .arg(&other)
        .args([
            "tenant",
            "add",
            "--id",
            "6f9619ff-8b86-d011-b42d-00c04fc964ff",
            "--name",
            "Contoso",
            "--as",
            "anna",
        ])
        .output()
        .unwrap();
    assert!(made.status.success());
    let out = entrack()
        .arg("--db")
        .arg(&other)
        .args(["demo", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no demo user"));
}

/// Nothing secret reaches the log: not a password (right or wrong), not a session cookie,
/// not an API token, even at the most detailed level.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_holds_no_password_session_or_token() {
    const PW: &str = "Kiwi-Harbour-Lantern-93";
    const WRONG: &str = "Wrong-Lantern-Harbour-17";
    let env = common::Env::new();
    env.ok(
        &["user", "add", "anna", "--role", "admin", "--password-stdin"],
        Some(&format!("{PW}\n")),
    );
    let (mut child, base, lines) = common::serve_logged(&env, "trace");
    let log = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = |pw: &'static str| {
        c.post(format!("{base}/api/v1/login"))
            .json(&serde_json::json!({"username": "anna", "password": pw}))
            .send()
    };
    assert_eq!(login(WRONG).await.unwrap().status(), 401);
    let r = login(PW).await.unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    let session = cookie
        .split(';')
        .next()
        .unwrap()
        .split('=')
        .nth(1)
        .unwrap()
        .to_string();
    let csrf = r.json::<serde_json::Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = c
        .post(format!("{base}/api/v1/tokens"))
        .header("x-csrf-token", &csrf)
        .header("origin", &base)
        .json(&serde_json::json!({"name": "script"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let token = r.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = reqwest::Client::new()
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
    let log = log.join().unwrap().join("\n");
    assert!(log.contains("request_id"), "the log was written: {log}");
    for (what, secret) in [
        ("password", PW),
        ("wrong password", WRONG),
        ("session", session.as_str()),
        ("CSRF token", csrf.as_str()),
        ("API token", token.as_str()),
    ] {
        let line = log.lines().find(|l| l.contains(secret));
        assert!(line.is_none(), "the {what} is in the log: {line:?}");
    }
}

/// A user adds a second factor through the API of a running server; after a lost phone,
/// `entrack user remove-mfa` takes it away and ends the user's sessions at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_second_factor_is_removed_from_the_command_line() {
    use entrack_web::mfa;
    use serde_json::{json, Value};
    let env = common::Env::new();
    let pw = "copper kettle hums beside the quiet fjord";
    env.ok(
        &["user", "add", "anna", "--role", "admin", "--password-stdin"],
        Some(&format!("{pw}\n")),
    );
    let (mut child, base) = common::serve(&env);
    let c = reqwest::Client::new();
    let login = |body: Value| {
        let (c, url) = (c.clone(), format!("{base}/api/v1/login"));
        async move { c.post(url).json(&body).send().await.unwrap() }
    };
    let r = login(json!({ "username": "anna", "password": pw })).await;
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let csrf = r.json::<Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    let post = |path: &str, body: Value| {
        c.post(format!("{base}{path}"))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };
    let e: Value = post("/api/v1/me/mfa", json!({ "password": pw }))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = mfa::decode(e["secret"].as_str().unwrap()).unwrap();
    // The server's clock is the real one; stay clear of a step's edge.
    while jiff::Timestamp::now().as_second().rem_euclid(mfa::STEP) >= mfa::STEP - 2 {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let code = mfa::code_at(&secret, mfa::step_of(jiff::Timestamp::now())).unwrap();
    let r = post("/api/v1/me/mfa/confirm", json!({ "code": code }))
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = login(json!({ "username": "anna", "password": pw })).await;
    assert_eq!(r.status(), 401, "the password alone is not enough now");

    let out = env.ok(&["user", "remove-mfa", "anna"], None);
    assert!(out.stdout.contains("password alone"), "{}", out.stdout);
    let me = c
        .get(format!("{base}/api/v1/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401, "the user's sessions ended");
    let r = login(json!({ "username": "anna", "password": pw })).await;
    assert_eq!(r.status(), 200);
    let _ = child.kill();
    let _ = child.wait();
}
