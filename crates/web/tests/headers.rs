//! What every answer says about itself: no CORS for other origins, a content type (with its
//! charset for text), `no-store` on everything but the static assets, the security headers,
//! and 415 for a body of the wrong type.

mod common;

use common::*;
use entrack_core::Role;
use entrack_store::DEFAULT_ORG;
use reqwest::{Client, StatusCode};
use serde_json::json;

const PW: &str = "Kiwi-Harbour-Lantern-93";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_origins_get_no_cors_headers_even_on_a_preflight() {
    let s = start().await;
    seed(&*s.store, T1, "Contoso", 100);
    let c = s.client();
    let preflight = Client::new()
        .request(
            reqwest::Method::OPTIONS,
            s.url(&format!("/api/v1/tenants/{T1}/services/exchange")),
        )
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "authorization, if-match")
        .send()
        .await
        .unwrap();
    assert!(
        !preflight.status().is_success(),
        "a preflight is not approved: {}",
        preflight.status()
    );
    let get = c
        .get(s.url("/api/v1/tenants"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), StatusCode::OK);
    for r in [&preflight, &get] {
        let cors: Vec<_> = r
            .headers()
            .keys()
            .filter(|k| k.as_str().starts_with("access-control-"))
            .collect();
        assert!(cors.is_empty(), "CORS headers sent: {cors:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_has_its_type_and_nothing_sensitive_is_stored_by_caches() {
    let s = start().await;
    seed(&*s.store, T1, "Contoso", 100);
    user(&*s.store, DEFAULT_ORG, "anna", Role::Admin, Some(PW));
    // A browser session for the pages.
    let browser = Client::builder().cookie_store(true).build().unwrap();
    let r = browser
        .post(s.url("/api/v1/login"))
        .json(&json!({ "username": "anna", "password": PW }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let api = s.client();
    let pages = [
        "/tenants",
        &format!("/tenants/{T1}"),
        "/dashboard",
        "/taxonomy",
        "/files",
    ];
    let answers = [
        "/api/v1/tenants",
        &format!("/api/v1/tenants/{T1}"),
        &format!("/api/v1/tenants/{T1}/services/exchange"),
        "/api/v1/report",
        "/api/v1/me",
        "/api/v1/tokens",
        "/api/v1/taxonomy",
        "/api/openapi.json",
        "/api/v1/tenants/not-a-tenant",
        "/healthz",
    ];
    let mut crawled = Vec::new();
    for p in pages {
        crawled.push((p.to_string(), browser.get(s.url(p)).send().await.unwrap()));
    }
    for p in answers {
        crawled.push((p.to_string(), api.get(s.url(p)).send().await.unwrap()));
    }
    // Without credentials, too.
    crawled.push((
        "/api/v1/tenants (anonymous)".into(),
        Client::new()
            .get(s.url("/api/v1/tenants"))
            .send()
            .await
            .unwrap(),
    ));
    for (path, r) in &crawled {
        let h = r.headers();
        let ct = h
            .get("content-type")
            .unwrap_or_else(|| panic!("{path}: no content type"))
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        if ct.starts_with("text/") {
            assert!(ct.contains("charset=utf-8"), "{path}: {ct}");
        } else {
            assert!(
                ct == "application/json" || ct == "application/problem+json",
                "{path}: {ct}"
            );
        }
        assert_eq!(
            h.get("cache-control").map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(h.contains_key("content-security-policy"), "{path}");
    }
    // The stylesheet may be cached: it holds nothing of anyone's.
    let css = browser.get(s.url("/static/app.css")).send().await.unwrap();
    assert!(css.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_body_sent_as_another_type_gets_415() {
    let s = start().await;
    seed(&*s.store, T1, "Contoso", 100);
    let c = s.client();
    let body = json!({"rows": [in_progress(100, "Pilot of 40 users done, wave 2 planned")]});
    let r = c
        .put(s.url(&format!("/api/v1/tenants/{T1}/services/exchange")))
        .header("if-match", "*")
        .header("content-type", "text/plain")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(is_problem(&r));
    let r = c
        .post(s.url("/api/v1/suggest"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("note=hello")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Nothing was written.
    assert_eq!(
        s.store
            .service(
                &entrack_core::TenantId::parse(T1).unwrap(),
                entrack_core::Service::from_code("exchange").unwrap()
            )
            .unwrap()
            .unwrap()
            .version,
        1
    );
}
