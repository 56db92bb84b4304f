//! The tenant list's filters and pages, idempotent creation, imports and exports over
//! HTTP, entitlements set through the API, assignments by a primary FM, and /metrics.

mod common;

use common::*;
use entrack_core::Role;
use entrack_store::accounts::Assignment;
use entrack_store::DEFAULT_ORG;
use reqwest::StatusCode;
use serde_json::{json, Value};

const CSV: &str = "tenant_id,tenant_name,service,l1,l2,entitlements,owner,note,target_date,next_action,next_action_date\n\
0d1c4a59-2f5e-4c2a-9a1b-3e1f6b7c8d90,Northwind,exchange,in-progress,,80,,Pilot with 80 users running,2031-06-30,Review,2020-01-15\n\
0d1c4a59-2f5e-4c2a-9a1b-3e1f6b7c8d90,Northwind,exchange,no-intent,using-competitive-solution,20,Lee Account,Customer stays on a competing mail platform,,Check again,2031-03-01\n\
1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b,Adatum,teams,in-progress,,40,,Teams rollout to two sites,2031-09-30,Workshop,2031-02-01\n\
2f3e4d5c-6b7a-4899-8a1b-2c3d4e5f6a7b,Blue Yonder,exchange,status-unknown,new-subscription-or-workload,10,,New seats not yet discussed with the customer,,Call IT lead,2031-01-10\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_over_http_then_filter_sort_and_page_the_tenants() {
    let s = start().await;
    let c = s.client();
    // Dry run: counts, nothing written.
    let r = c
        .post(s.url("/api/v1/imports?dry_run=true"))
        .header("content-type", "text/csv")
        .body(CSV)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["summary"]["services_created"], 3);
    assert_eq!(out["summary"]["written"], false);
    assert!(s.store.tenants(&Default::default()).unwrap().is_empty());
    // The real thing.
    let r = c
        .post(s.url("/api/v1/imports"))
        .header("content-type", "text/csv")
        .body(CSV)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["summary"]["tenants_created"], 3);
    assert_eq!(out["summary"]["written"], true);
    // A bad row: all or nothing, the row, column, value and rule named.
    let bad = CSV.replace(
        "Blue Yonder,exchange,status-unknown",
        "Blue Yonder,exchange,blockiert-nicht",
    );
    let r = c
        .post(s.url("/api/v1/imports"))
        .header("content-type", "text/csv")
        .body(bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(is_problem(&r));
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["code"], "import-rejected");
    let out = &p["result"];
    assert_eq!(out["summary"]["written"], false);
    assert_eq!(out["errors"][0]["row"], 5);
    assert_eq!(out["errors"][0]["column"], "l1");
    assert_eq!(out["errors"][0]["code"], "unknown-l1");

    let names = |v: &Value| -> Vec<String> {
        v["tenants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["tenant_name"].as_str().unwrap().to_string())
            .collect()
    };
    let list = |q: &str| get_json(&c, s.url(&format!("/api/v1/tenants?{q}")));
    assert_eq!(
        names(&list("").await),
        ["Adatum", "Blue Yonder", "Northwind"]
    );
    assert_eq!(
        names(&list("sort=-name").await),
        ["Northwind", "Blue Yonder", "Adatum"]
    );
    assert_eq!(
        names(&list("l1=In%20Progress").await),
        ["Adatum", "Northwind"]
    );
    assert_eq!(
        names(&list("l1=no-intent&l2=using-competitive-solution").await),
        ["Northwind"]
    );
    assert_eq!(names(&list("service=teams").await), ["Adatum"]);
    assert_eq!(names(&list("owner=lee").await), ["Northwind"]);
    assert_eq!(names(&list("overdue=true").await), ["Northwind"]);
    assert_eq!(names(&list("target_from=2031-07-01").await), ["Adatum"]);
    assert_eq!(
        names(&list("target_to=2031-07-01&l1=in-progress").await),
        ["Northwind"]
    );
    assert_eq!(names(&list("search=yond").await), ["Blue Yonder"]);
    // Pages of two, then one, following `next`.
    let p1 = list("limit=2").await;
    assert_eq!(names(&p1), ["Adatum", "Blue Yonder"]);
    let next = p1["next"].as_str().unwrap();
    let p2 = list(&format!("limit=2&cursor={next}")).await;
    assert_eq!(names(&p2), ["Northwind"]);
    assert!(p2["next"].is_null());
    for bad in [
        "l1=nope",
        "sort=size",
        "cursor=zz",
        "target_from=31.12.2030",
        "limit=1001",
    ] {
        let r = c
            .get(s.url(&format!("/api/v1/tenants?{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
    }

    // The export downloads what was imported; importing it again changes nothing.
    let r = c.get(s.url("/api/v1/export")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let file = r.text().await.unwrap();
    assert_eq!(file.lines().count(), 5, "{file}");
    let r = c
        .post(s.url("/api/v1/imports"))
        .header("content-type", "text/csv")
        .body(file)
        .send()
        .await
        .unwrap();
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["summary"]["services_unchanged"], 3, "{out}");
    let xlsx = c
        .get(s.url("/api/v1/export?format=xlsx&service=teams"))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK\x03\x04"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idempotency_key_makes_a_retry_safe() {
    let s = start().await;
    let c = s.client();
    let post = |key: &'static str, body: &'static str| {
        c.post(s.url("/api/v1/imports"))
            .header("content-type", "text/csv")
            .header("idempotency-key", key)
            .body(body)
            .send()
    };
    let first = post("import-2026-11-21", CSV).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    let again = post("import-2026-11-21", CSV).await.unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(first, again, "the stored response, batch id included");
    // One batch only.
    assert_eq!(s.store.batches(None).unwrap().len(), 1);
    // The same key with another file: 422.
    let other = post("import-2026-11-21", "tenant_id\n").await.unwrap();
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        other.json::<Value>().await.unwrap()["code"],
        "idempotency-mismatch"
    );

    // Tenants too: the retry answers 201 with the same body, not 409.
    let body = json!({ "tenant_id": T1, "tenant_name": "Contoso" });
    let mk = || {
        c.post(s.url("/api/v1/tenants"))
            .header("idempotency-key", "t-1")
            .json(&body)
            .send()
    };
    let a = mk().await.unwrap();
    let b = mk().await.unwrap();
    assert_eq!(
        (a.status(), b.status()),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(a.text().await.unwrap(), b.text().await.unwrap());
    // Keys belong to their user: another user's same key is a new request.
    let other_admin = bearer(&user(&*s.store, DEFAULT_ORG, "second", Role::Admin, None));
    let r = other_admin
        .post(s.url("/api/v1/tenants"))
        .header("idempotency-key", "t-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT, "tenant exists");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entitlements_create_services_and_a_primary_fm_assigns() {
    let s = start().await;
    let c = s.client();
    c.post(s.url("/api/v1/tenants"))
        .json(&json!({ "tenant_id": T1, "tenant_name": "Contoso" }))
        .send()
        .await
        .unwrap();
    let url = s.url(&format!(
        "/api/v1/tenants/{T1}/services/sharepoint/entitlement"
    ));
    let r = c
        .put(&url)
        .header("if-match", "\"v0\"")
        .json(&json!({ "total_entitlements": 250, "scenario": "assignment" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"v1\"");
    let doc: Value = r.json().await.unwrap();
    assert_eq!(doc["rows"][0]["l1"], "status-unknown");
    assert_eq!(doc["rows"][0]["entitlements"], 250);
    // v0 again: it exists now.
    let r = c
        .put(&url)
        .header("if-match", "\"v0\"")
        .json(&json!({ "total_entitlements": 300 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);

    // A primary delivery FM of the tenant may assign others; a plain one may not.
    let lead = user(&*s.store, DEFAULT_ORG, "lead", Role::DeliveryFm, None);
    let plain = user(&*s.store, DEFAULT_ORG, "plain", Role::DeliveryFm, None);
    let ids: Vec<i64> = ["lead", "plain"]
        .iter()
        .map(|n| s.store.user_by_name(n).unwrap().unwrap().id)
        .collect();
    for (i, primary) in [(0, true), (1, false)] {
        s.store
            .assign(&Assignment {
                id: 0,
                tenant: entrack_core::TenantId::parse(T1).unwrap(),
                user: ids[i],
                role: Role::DeliveryFm,
                service: None,
                primary,
                assigned_by: "admin".into(),
                assigned_at: jiff::Timestamp::now(),
            })
            .unwrap();
    }
    let body = json!({ "user": ids[1], "role": "account-team", "service": "sharepoint" });
    let r = bearer(&plain)
        .post(s.url(&format!("/api/v1/tenants/{T1}/assignments")))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = bearer(&lead)
        .post(s.url(&format!("/api/v1/tenants/{T1}/assignments")))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // A second primary delivery FM for the tenant is refused.
    let r = c
        .post(s.url(&format!("/api/v1/tenants/{T1}/assignments")))
        .json(&json!({ "user": ids[1], "role": "delivery-fm", "primary": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // A service-level assignment next to the tenant-wide one.
    s.store
        .assign(&Assignment {
            id: 0,
            tenant: entrack_core::TenantId::parse(T1).unwrap(),
            user: ids[0],
            role: Role::DeliveryFm,
            service: Some(entrack_core::Service::from_code("sharepoint").unwrap()),
            primary: false,
            assigned_by: "admin".into(),
            assigned_at: jiff::Timestamp::now(),
        })
        .unwrap();
    let list = get_json(&c, s.url(&format!("/api/v1/tenants/{T1}/assignments"))).await;
    assert_eq!(list.as_array().unwrap().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_by_route_and_need_an_admin() {
    let s = start().await;
    let c = s.client();
    for _ in 0..3 {
        c.get(s.url("/api/v1/tenants")).send().await.unwrap();
    }
    let viewer = bearer(&user(&*s.store, DEFAULT_ORG, "vera", Role::Viewer, None));
    assert_eq!(
        viewer.get(s.url("/metrics")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let r = c.get(s.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = r.text().await.unwrap();
    assert!(
        text.contains(
            r#"entrack_http_requests_total{method="GET",route="/api/v1/tenants",status="2xx"} 3"#
        ),
        "{text}"
    );
    assert!(text.contains("entrack_password_hashes_total 0"));
    assert!(!text.contains(T1));
}

/// Suggest over HTTP: the grade with its reasons in the caller's language, the proposals,
/// and a refusal for a note too long to read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggest_grades_a_note_in_the_callers_language() {
    let s = start().await;
    let c = s.client();
    let r = c
        .post(s.url("/api/v1/suggest"))
        .header("accept-language", "de")
        .json(&json!({ "note": "Kunde hat vorerst keine Absicht, das Budget geht in das ERP-Projekt.", "service": "teams" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["grade"], "marginal");
    let hedge = body["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "hedge")
        .expect("a hedge");
    assert_eq!(hedge["found"], "vorerst");
    assert!(
        hedge["message"].as_str().unwrap().contains("Abschwächung"),
        "{hedge}"
    );

    let r = c
        .post(s.url("/api/v1/suggest"))
        .json(&json!({ "note": "Blocked: the firewall drops Teams media traffic, so calls fail until the network team opens the ports.", "service": "teams" }))
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["grade"], "great", "{body}");
    assert_eq!(body["proposals"][0]["l1"], "blocked");
    assert_eq!(
        body["proposals"][0]["l2"],
        "customer-it-infrastructure-remediation"
    );
    assert_eq!(body["proposals"][0]["l3"], "network");

    let r = c
        .post(s.url("/api/v1/suggest"))
        .json(&json!({ "note": "x".repeat(4001) }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = c
        .post(s.url("/api/v1/suggest"))
        .json(&json!({ "note": "ok", "service": "no-such-service" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// A save through the API grades the note of every changed row: a poor one is refused with
/// rule note-poor (row, field, reasons in the caller's language), a good one is saved and
/// its grade and proposals come back beside the rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_grades_its_notes_and_refuses_a_poor_one() {
    let s = start().await;
    seed(&*s.store, T1, "Contoso", 10);
    let c = s.client();
    let url = s.url(&format!("/api/v1/tenants/{T1}/services/exchange"));
    let r = c
        .put(&url)
        .header("if-match", "*")
        .header("accept-language", "es")
        // One word that says nothing (a bare "en curso" is marginal: domain.md 4.9).
        .json(&in_progress(10, "pendiente"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = r.json().await.unwrap();
    let v = &p["errors"][0];
    assert_eq!(v["code"], "note-poor", "{p}");
    assert_eq!(v["row"], 1);
    assert_eq!(v["field"], "note");
    assert!(
        v["message"].as_str().unwrap().contains("demasiado pobre"),
        "{v}"
    );

    let r = c
        .put(&url)
        .header("if-match", "*")
        .json(&in_progress(
            10,
            "Mailbox migration runs in waves with the partner; wave 2 starts in March",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved["notes"][0]["row"], 1);
    assert_eq!(saved["notes"][0]["grade"], "great", "{saved}");
    assert_eq!(saved["notes"][0]["proposals"][0]["l1"], "in-progress");
}
