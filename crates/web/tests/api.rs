//! The JSON API against a real server on a loopback port, over a fresh embedded store,
//! as an admin of the default organisation.

mod common;

use common::*;
use entrack_store::ops;

use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_readiness_request_ids_and_the_openapi_document() {
    let s = start().await;
    let c = s.client();
    let r = c.get(format!("{}/healthz", s.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().contains_key("x-request-id"));
    let r = c.get(format!("{}/readyz", s.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // A request id given by the caller comes back.
    let r = c
        .get(format!("{}/healthz", s.base))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "abc-123");
    // One that could forge log lines or flood them is replaced by the server's own; ids
    // of two requests differ.
    let mut seen = std::collections::HashSet::new();
    for given in ["a b\tc", &"x".repeat(200), "id\"}{"] {
        let r = c
            .get(format!("{}/healthz", s.base))
            .header("x-request-id", given)
            .send()
            .await
            .unwrap();
        let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
        assert_ne!(id, given);
        assert!(id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        assert!(seen.insert(id));
    }

    let doc: Value = get_json(&c, format!("{}/api/openapi.json", s.base)).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/taxonomy",
        "/api/v1/tenants",
        "/api/v1/tenants/{tenant}",
        "/api/v1/tenants/{tenant}/services/{service}",
        "/api/v1/tenants/{tenant}/services/{service}/history",
        "/api/v1/report",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    assert!(
        paths["/api/v1/tenants/{tenant}/services/{service}"]["put"]["responses"]
            .as_object()
            .unwrap()
            .contains_key("428")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenants_are_created_listed_and_shown() {
    let s = start().await;
    let c = s.client();
    let r = c
        .post(format!("{}/api/v1/tenants", s.base))
        .json(&json!({ "tenant_id": T1, "tenant_name": "Contoso Ltd" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()["location"], format!("/api/v1/tenants/{T1}"));
    // The same id again: 409 with the rule code, in German when asked.
    let r = c
        .post(format!("{}/api/v1/tenants", s.base))
        .header("accept-language", "de-DE,de;q=0.9")
        .json(&json!({ "tenant_id": T1, "tenant_name": "Contoso" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(is_problem(&r));
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["code"], "tenant-exists");
    assert!(p["title"]
        .as_str()
        .unwrap()
        .contains("nichts wurde gespeichert"));
    // A body that is not the documented shape is a 400, not a crash.
    let r = c
        .post(format!("{}/api/v1/tenants", s.base))
        .json(&json!({ "tenant_id": T2, "name": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(is_problem(&r));

    seed(&*s.store, T2, "Fabrikam", 40);
    let list: Value = get_json(&c, format!("{}/api/v1/tenants?search=fab", s.base)).await;
    assert_eq!(
        list,
        json!({ "tenants": [{ "tenant_id": T2, "tenant_name": "Fabrikam" }], "next": null })
    );
    let r = c
        .get(format!("{}/api/v1/tenants?limit=0", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let one: Value = get_json(&c, format!("{}/api/v1/tenants/{T2}", s.base)).await;
    assert_eq!(one["tenant"]["tenant_name"], "Fabrikam");
    assert_eq!(one["services"][0]["service"], "exchange");
    assert_eq!(one["services"][0]["total_entitlements"], 40);
    for missing in ["not-a-guid", "11111111-2222-4333-8444-555555555555"] {
        let r = c
            .get(format!("{}/api/v1/tenants/{missing}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{missing}");
        assert!(is_problem(&r));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_put_needs_the_version_it_read_and_never_overwrites_a_newer_one() {
    let s = start().await;
    seed(&*s.store, T1, "Contoso", 100);
    let c = s.client();
    let url = format!("{}/api/v1/tenants/{T1}/services/EXO", s.base);

    let r = c.get(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    let doc: Value = r.json().await.unwrap();
    assert_eq!(tag, format!("\"v{}\"", doc["version"]));

    // No If-Match: 428, nothing written.
    let r = c
        .put(&url)
        .json(&in_progress(100, "a"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED);
    assert!(is_problem(&r));

    // The version read: saved, new ETag.
    let r = c
        .put(&url)
        .header("if-match", &tag)
        .json(&in_progress(100, "Pilot with 100 users, kickoff booked"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let new_tag = r.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(new_tag, tag);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved["rows"][0]["l1"], "in-progress");

    // The old version again: 412 with the current version, nothing written.
    let r = c
        .put(&url)
        .header("if-match", &tag)
        .json(&in_progress(100, "late edit"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    assert!(is_problem(&r));
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["code"], "stale");
    assert_eq!(p["current_version"], saved["version"]);
    let now: Value = get_json(&c, &url).await;
    assert_eq!(
        now["rows"][0]["note"],
        "Pilot with 100 users, kickoff booked"
    );

    // A weak tag or a foreign one never matches.
    for tag in [format!("W/{new_tag}"), "\"abc\"".to_string()] {
        let r = c
            .put(&url)
            .header("if-match", tag)
            .json(&in_progress(100, "weak"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    }

    // A broken rule: 422 naming every rule, localised; the state stays.
    let r = c
        .put(&url)
        .header("if-match", &new_tag)
        .header("accept-language", "es")
        .json(
            &json!({ "rows": [{ "l1": "blocked", "l2": "no-intent-other", "entitlements": 100 }] }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = r.json().await.unwrap();
    assert!(!p["errors"].as_array().unwrap().is_empty());
    assert_eq!(p["errors"][0]["code"], p["code"]);
    assert!(p["title"].as_str().unwrap().contains("no se guardó nada"));
    let after: Value = get_json(&c, &url).await;
    assert_eq!(after, now);

    // History has the one saved change, newest first.
    let h: Value = get_json(&c, format!("{url}/history")).await;
    let kinds: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"status.put"));
    assert_eq!(kinds.iter().filter(|k| **k == "status.put").count(), 1);
    assert_eq!(h[0]["actor"], "admin");
    assert_eq!(h[0]["source"], "api");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taxonomy_and_report() {
    let s = start().await;
    seed(&*s.store, T1, "Contoso", 100);
    let c = s.client();
    let r = c
        .get(format!("{}/api/v1/taxonomy", s.base))
        .header("accept-language", "zh-CN")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-language"], "zh");
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["l1"].as_array().unwrap().len(), 5);

    let lines: Value = get_json(&c, format!("{}/api/v1/report", s.base)).await;
    assert_eq!(lines[0]["service"], "exchange");
    assert_eq!(lines[0]["l1"], "status-unknown");
    assert_eq!(lines[0]["entitlements"], 100);
    let r = c
        .get(format!("{}/api/v1/report?service=nope", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = c
        .get(format!("{}/api/v1/report?include_invalid=maybe", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

/// 32 clients make 2,000 conditional edits on three hot services: every edit that got a 2xx
/// is in history exactly once, none that got a 412 is, and nothing answers 5xx.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_conditional_edits_lose_nothing() {
    let s = start().await;
    let tenants = [T1, T2, "11111111-2222-4333-8444-555555555555"];
    for (i, t) in tenants.iter().enumerate() {
        seed(&*s.store, t, &format!("Hot {i}"), 1000);
    }
    let c = s.client();
    let total = 2000usize;
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for client in 0..32 {
        let c = c.clone();
        let base = s.base.clone();
        let next = next.clone();
        tasks.push(tokio::spawn(async move {
            let mut ok: Vec<(String, String)> = Vec::new();
            let mut stale = 0usize;
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if n >= total {
                    break;
                }
                let t = tenants[n % tenants.len()];
                let url = format!("{base}/api/v1/tenants/{t}/services/exchange");
                let r = c.get(&url).send().await.unwrap();
                assert!(!r.status().is_server_error());
                let tag = r.headers()["etag"].to_str().unwrap().to_string();
                let read: u64 = tag.trim_matches('"')[1..].parse().unwrap();
                let note = format!("edit {n} by client {client}");
                let r = c
                    .put(&url)
                    .header("if-match", tag)
                    .json(&in_progress(1000, &note))
                    .send()
                    .await
                    .unwrap();
                match r.status() {
                    StatusCode::OK => {
                        // Saved on top of exactly the version this client read.
                        let saved: Value = r.json().await.unwrap();
                        assert_eq!(saved["version"], read + 1, "edit {n}");
                        ok.push((t.to_string(), note));
                    }
                    StatusCode::PRECONDITION_FAILED => stale += 1,
                    other => panic!("edit {n}: {other}"),
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

    // Every saved note appears once in its service's history; the history has no other edits.
    let mut saved: Vec<(String, String)> = Vec::new();
    for t in tenants {
        let id = entrack_core::TenantId::parse(t).unwrap();
        let events = s
            .store
            .history(&entrack_store::HistoryQuery {
                org: None,
                tenant: Some(id),
                service: Some(ops::resolve_service("exchange").unwrap()),
                until: None,
                limit: None,
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
}
