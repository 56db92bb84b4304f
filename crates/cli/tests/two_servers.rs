//! Two `entrack serve` processes on one PostgreSQL database, as behind a load balancer:
//! conditional edits sent to both never lose an update and never get a 5xx; a session and an
//! idempotency key work whichever server answers. Runs when `ENTRACK_TEST_POSTGRES` names a
//! server (`.ci/run` sets it).

mod common;

use common::{Env, TENANT};
use entrack_store::{HistoryQuery, Store};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::process::Child;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const PW: &str = "Kiwi-Harbour-Lantern-93";
const OTHER: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(env: &Env) -> Server {
    let (child, base) = common::serve(env);
    Server { child, base }
}

fn bearer(token: &str) -> reqwest::Client {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    reqwest::Client::builder()
        .default_headers(h)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_lose_no_update() {
    let Some(env) = Env::postgres() else {
        eprintln!("ENTRACK_TEST_POSTGRES is not set: no PostgreSQL server to test on");
        return;
    };
    env.ok(
        &["user", "add", "boss", "--role", "admin", "--password-stdin"],
        Some(&format!("{PW}\n")),
    );
    let token = env
        .ok(&["token", "create", "boss", "--name", "load"], None)
        .stdout
        .trim()
        .to_string();
    let hot = [TENANT, OTHER];
    for (i, t) in hot.iter().enumerate() {
        let name = format!("Hot {i}");
        env.ok(
            &["tenant", "add", "--id", t, "--name", &name, "--as", "boss"],
            None,
        );
        env.ok(
            &[
                "entitlement",
                "set",
                "--tenant",
                t,
                "--service",
                "exchange",
                "--total",
                "1000",
                "--as",
                "boss",
            ],
            None,
        );
    }
    let servers = [serve(&env), serve(&env)];
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();

    // A session opened on one server is good on the other, and ends on both.
    let plain = reqwest::Client::new();
    let r = plain
        .post(format!("{}/api/v1/login", bases[0]))
        .json(&json!({ "username": "boss", "password": PW }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
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
    let me = |base: String, cookie: String| {
        let plain = plain.clone();
        async move {
            plain
                .get(format!("{base}/api/v1/me"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(me(bases[1].clone(), cookie.clone()).await, StatusCode::OK);
    let out = plain
        .post(format!("{}/api/v1/logout", bases[1]))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert!(out.status().is_success(), "{}", out.status());
    assert_eq!(
        me(bases[0].clone(), cookie.clone()).await,
        StatusCode::UNAUTHORIZED
    );

    // An idempotency key used on one server is answered from the store by the other.
    let c = bearer(&token);
    let body =
        json!({ "tenant_id": "11111111-2222-4333-8444-555555555555", "tenant_name": "Once" });
    let mut answers = Vec::new();
    for base in &bases {
        let r = c
            .post(format!("{base}/api/v1/tenants"))
            .header("idempotency-key", "create-once")
            .json(&body)
            .send()
            .await
            .unwrap();
        let replayed = r.headers().get("idempotent-replayed").is_some();
        answers.push((r.status(), replayed, r.text().await.unwrap()));
    }
    assert_eq!(answers[0].0, StatusCode::CREATED);
    assert_eq!(answers[1].0, StatusCode::CREATED);
    assert!(!answers[0].1 && answers[1].1, "{answers:?}");
    assert_eq!(answers[0].2, answers[1].2);

    // 16 clients, each edit read from one server and saved through the other.
    let total = 600usize;
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for client in 0..16 {
        let c = c.clone();
        let bases = bases.clone();
        let next = next.clone();
        tasks.push(tokio::spawn(async move {
            let mut ok: Vec<(String, String)> = Vec::new();
            let mut stale = 0usize;
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= total {
                    break;
                }
                let t = hot[n % hot.len()];
                let path = format!("/api/v1/tenants/{t}/services/exchange");
                let r = c
                    .get(format!("{}{path}", bases[n % 2]))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::OK);
                let tag = r.headers()["etag"].to_str().unwrap().to_string();
                let read: u64 = tag.trim_matches('"')[1..].parse().unwrap();
                let note = format!("edit {n} by client {client}");
                let row = json!({ "rows": [{
                    "l1": "in-progress", "entitlements": 1000, "target_date": "2030-06-30",
                    "note": note, "next_action": "Kickoff", "next_action_date": "2030-01-15"
                }]});
                let r = c
                    .put(format!("{}{path}", bases[(n + 1) % 2]))
                    .header("if-match", tag)
                    .json(&row)
                    .send()
                    .await
                    .unwrap();
                match r.status() {
                    StatusCode::OK => {
                        let saved: Value = r.json().await.unwrap();
                        assert_eq!(saved["version"], read + 1, "edit {n}");
                        ok.push((t.to_string(), note));
                    }
                    StatusCode::PRECONDITION_FAILED => stale += 1,
                    other => panic!("edit {n}: {other} {}", r.text().await.unwrap_or_default()),
                }
            }
            (ok, stale)
        }));
    }
    let mut ok = Vec::new();
    let mut stale = 0;
    for t in tasks {
        let (o, s) = t.await.unwrap();
        ok.extend(o);
        stale += s;
    }
    assert_eq!(ok.len() + stale, total);
    assert!(!ok.is_empty());
    drop(servers);

    // Every saved edit is in history exactly once, on top of the version it read.
    let store = entrack_store_postgres::PgStore::open(&env.db()).unwrap();
    let mut saved = Vec::new();
    for t in hot {
        let events = store
            .history(&HistoryQuery {
                tenant: Some(entrack_core::TenantId::parse(t).unwrap()),
                service: entrack_core::Service::resolve("exchange"),
                ..Default::default()
            })
            .unwrap();
        let mut versions: Vec<u64> = events.iter().map(|e| e.version).collect();
        versions.sort();
        versions.dedup();
        assert_eq!(versions.len(), events.len(), "one event per version");
        for e in events.iter().filter(|e| e.kind.code() == "status.put") {
            let note = e
                .changes
                .iter()
                .filter_map(|c| c.after.clone())
                .find(|v| v.starts_with("edit "))
                .expect("each edit changes the note");
            saved.push((t.to_string(), note));
        }
    }
    ok.sort();
    saved.sort();
    assert_eq!(saved, ok);
    assert!(store.integrity_problems().unwrap().is_empty());
}
