//! Who may do what: every operation of the OpenAPI document × every role gets exactly the
//! status documented here, and nothing of another organisation is ever visible or changed.

mod common;

use common::*;
use entrack_core::change::{EntitlementSet, StatusPut};
use entrack_core::parse::RowInput;
use entrack_core::{Role, Scenario, Service, TenantId};
use entrack_store::accounts::Assignment;
use entrack_store::ops;
use entrack_store::{ExportQuery, OrgId, Store, DEFAULT_ORG};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const TA: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
const TB: &str = "b1b2b3b4-0000-4000-8000-00000000000b";

/// The roles of organisation A, then a caller without credentials.
const ROLES: [&str; 6] = [
    "admin",
    "assignment-fm",
    "delivery-fm",
    "account-team",
    "viewer",
    "anonymous",
];

struct World {
    s: Server,
    clients: Vec<Client>,
    canary: String,
    org_b: OrgId,
    /// An assignment an admin may remove.
    spare_assignment: i64,
    /// A user of organisation A an admin may disable.
    leaver: i64,
}

fn tid(s: &str) -> TenantId {
    TenantId::parse(s).unwrap()
}

fn svc(s: &str) -> Service {
    Service::from_code(s).unwrap()
}

fn assign(store: &dyn Store, tenant: &str, user: &str, role: Role, service: Option<&str>) -> i64 {
    let u = store.user_by_name(user).unwrap().unwrap();
    store
        .assign(&Assignment {
            id: 0,
            tenant: tid(tenant),
            user: u.id,
            role,
            service: service.map(svc),
            primary: false,
            assigned_by: "seed".into(),
            assigned_at: jiff::Timestamp::now(),
        })
        .unwrap()
        .id
}

async fn world() -> World {
    // Every client comes from this machine: the per-source sign-in budget must hold the
    // matrix's password checks (sign-in and re-authentication, for every role).
    let s = start_with(entrack_web::auth::AuthConfig {
        login_attempts: 100,
        ..Default::default()
    })
    .await;
    let store: &dyn Store = &*s.store;
    let mut clients = vec![s.client()];
    for (name, role) in [
        ("afm", Role::AssignmentFm),
        ("dfm", Role::DeliveryFm),
        ("acct", Role::AccountTeam),
        ("vera", Role::Viewer),
    ] {
        clients.push(bearer(&user(store, DEFAULT_ORG, name, role, None)));
    }
    clients.push(Client::new());

    // Organisation A: Exchange in the assignment phase, Teams in delivery.
    seed(store, TA, "Contoso", 100);
    let ctx = ctx();
    for (service, seats, scenario) in [
        ("exchange", 100, Scenario::Assignment),
        ("teams", 50, Scenario::Delivery),
    ] {
        ops::set_entitlement(
            store,
            &ctx,
            &tid(TA),
            svc(service),
            &EntitlementSet {
                total: Some(seats),
                scenario: Some(Some(scenario)),
                ..Default::default()
            },
        )
        .unwrap();
    }
    assign(store, TA, "afm", Role::AssignmentFm, None);
    assign(store, TA, "dfm", Role::DeliveryFm, None);
    assign(store, TA, "acct", Role::AccountTeam, None);
    let spare_assignment = assign(store, TA, "acct", Role::AccountTeam, Some("teams"));
    user(store, DEFAULT_ORG, "leaver", Role::Viewer, None);
    let leaver = store.user_by_name("leaver").unwrap().unwrap().id;

    // Organisation B, with a canary in every text it holds.
    let canary = format!("CANARY-ORG-B-{}", uuid_like());
    let org_b = store.create_org("Fabrikam Partners").unwrap().id;
    user(store, org_b, "b-admin", Role::Admin, None);
    let bctx = org_ctx(org_b);
    seed_in(store, &bctx, TB, &format!("{canary} tenant"), 30);
    let row = |l1: &str, l2: Option<&str>, n: u64| RowInput {
        l1: Some(l1.into()),
        l2: l2.map(Into::into),
        entitlements: Some(n.to_string()),
        note: Some(format!("{canary} note")),
        owner: (l1 == "no-intent").then(|| format!("{canary} owner")),
        next_action: Some(format!("{canary} next action")),
        next_action_date: Some("2031-01-31".into()),
        target_date: (l1 == "in-progress").then(|| "2031-06-30".into()),
        ..Default::default()
    };
    ops::put_status(
        store,
        &bctx,
        &tid(TB),
        svc("exchange"),
        &StatusPut {
            rows: vec![
                row("in-progress", None, 20),
                row("no-intent", Some("using-competitive-solution"), 10),
            ],
            scenario: None,
            service_status: None,
        },
    )
    .unwrap();
    World {
        s,
        clients,
        canary,
        org_b,
        spare_assignment,
        leaver,
    }
}

fn uuid_like() -> String {
    format!("{:x}", jiff::Timestamp::now().as_nanosecond())
}

/// One request of the matrix.
struct Case {
    method: Method,
    /// The path as the OpenAPI document names it.
    template: &'static str,
    path: String,
    body: Option<Body>,
    headers: Vec<(&'static str, String)>,
    /// Per role, in the order of [`ROLES`].
    expect: [u16; 6],
}

enum Body {
    Json(Value),
    Csv(String),
}

fn rows_body(note: &str, seats: u64) -> Value {
    in_progress(seats, note)
}

/// The documented role matrix, for organisation A's own objects.
fn cases(w: &World, role: usize) -> Vec<Case> {
    let t = TA;
    let who = ROLES[role];
    let note = format!("Kickoff held with IT; pilot of 50 users agreed by {who}");
    let c = |method: Method,
             template: &'static str,
             path: String,
             body: Option<Body>,
             expect: [u16; 6]| Case {
        method,
        template,
        path,
        body,
        headers: Vec::new(),
        expect,
    };
    let read = [200, 200, 200, 200, 200, 401];
    let admin_only = |ok: u16| [ok, 403, 403, 403, 403, 401];
    let mut v = vec![
        c(Method::GET, "/healthz", "/healthz".into(), None, [200; 6]),
        c(Method::GET, "/readyz", "/readyz".into(), None, [200; 6]),
        c(Method::GET, "/metrics", "/metrics".into(), None, admin_only(200)),
        c(Method::GET, "/api/v1/taxonomy", "/api/v1/taxonomy".into(), None, [200; 6]),
        c(Method::GET, "/api/v1/tenants", "/api/v1/tenants".into(), None, read),
        c(
            Method::POST,
            "/api/v1/tenants",
            "/api/v1/tenants".into(),
            Some(Body::Json(json!({ "tenant_id": "0d1c4a59-2f5e-4c2a-9a1b-3e1f6b7c8d90", "tenant_name": "Northwind" }))),
            admin_only(201),
        ),
        c(Method::GET, "/api/v1/tenants/{tenant}", format!("/api/v1/tenants/{t}"), None, read),
        c(
            Method::GET,
            "/api/v1/tenants/{tenant}/services/{service}",
            format!("/api/v1/tenants/{t}/services/exchange"),
            None,
            read,
        ),
        // Assignment phase: the Assignment FM updates, not the Delivery FM or the account
        // team (422, rule updater-not-allowed); a viewer never writes (403).
        c(
            Method::PUT,
            "/api/v1/tenants/{tenant}/services/{service}",
            format!("/api/v1/tenants/{t}/services/exchange"),
            Some(Body::Json(rows_body(&note, 100))),
            [200, 200, 422, 422, 403, 401],
        ),
        // Delivery phase: the Delivery FM updates, not the Assignment FM.
        c(
            Method::PUT,
            "/api/v1/tenants/{tenant}/services/{service}",
            format!("/api/v1/tenants/{t}/services/teams"),
            Some(Body::Json(rows_body(&note, 50))),
            [200, 422, 200, 422, 403, 401],
        ),
        c(
            Method::PUT,
            "/api/v1/tenants/{tenant}/services/{service}/entitlement",
            format!("/api/v1/tenants/{t}/services/exchange/entitlement"),
            Some(Body::Json(json!({ "total_entitlements": 100 }))),
            admin_only(200),
        ),
        c(
            Method::GET,
            "/api/v1/tenants/{tenant}/services/{service}/history",
            format!("/api/v1/tenants/{t}/services/exchange/history"),
            None,
            read,
        ),
        c(Method::GET, "/api/v1/report", "/api/v1/report".into(), None, read),
        c(
            Method::POST,
            "/api/v1/suggest",
            "/api/v1/suggest".into(),
            Some(Body::Json(json!({ "note": "Blocked: firewall drops Teams media traffic, network team reconfiguring", "service": "teams" }))),
            read,
        ),
        c(
            Method::POST,
            "/api/v1/imports",
            "/api/v1/imports?dry_run=true".into(),
            Some(Body::Csv(format!(
                "tenant_id,tenant_name,service,l1,entitlements,note,target_date,next_action,next_action_date\n\
                 {t},Contoso,exchange,in-progress,100,Pilot running with 50 users,2031-06-30,Review,2031-01-15\n"
            ))),
            admin_only(200),
        ),
        c(Method::GET, "/api/v1/export", "/api/v1/export".into(), None, read),
        c(
            Method::POST,
            "/api/v1/login",
            "/api/v1/login".into(),
            Some(Body::Json(json!({ "username": "admin", "password": "not the password at all" }))),
            [401; 6],
        ),
        c(Method::POST, "/api/v1/logout", "/api/v1/logout".into(), None, [204, 204, 204, 204, 204, 401]),
        c(Method::GET, "/api/v1/me", "/api/v1/me".into(), None, read),
        c(Method::GET, "/api/v1/tokens", "/api/v1/tokens".into(), None, read),
        c(Method::GET, "/api/v1/sessions", "/api/v1/sessions".into(), None, read),
        c(
            Method::PUT,
            "/api/v1/users/{id}/disabled",
            format!("/api/v1/users/{}/disabled", w.leaver),
            Some(Body::Json(json!({ "disabled": true }))),
            admin_only(200),
        ),
        c(Method::DELETE, "/api/v1/sessions/{id}", "/api/v1/sessions/00000000000000ff".into(), None, [404, 404, 404, 404, 404, 401]),
        c(
            Method::POST,
            "/api/v1/me/mfa",
            "/api/v1/me/mfa".into(),
            Some(Body::Json(json!({ "password": "not the password at all" }))),
            [403, 403, 403, 403, 403, 401],
        ),
        c(
            Method::POST,
            "/api/v1/me/mfa/confirm",
            "/api/v1/me/mfa/confirm".into(),
            Some(Body::Json(json!({ "code": "123456" }))),
            [404, 404, 404, 404, 404, 401],
        ),
        c(
            Method::POST,
            "/api/v1/me/mfa/remove",
            "/api/v1/me/mfa/remove".into(),
            Some(Body::Json(json!({ "password": "not the password at all" }))),
            [403, 403, 403, 403, 403, 401],
        ),
        c(
            Method::POST,
            "/api/v1/tokens",
            "/api/v1/tokens".into(),
            Some(Body::Json(json!({ "name": format!("script of {who}") }))),
            [201, 201, 201, 201, 201, 401],
        ),
        c(Method::DELETE, "/api/v1/tokens/{id}", "/api/v1/tokens/999999".into(), None, [404, 404, 404, 404, 404, 401]),
        c(Method::GET, "/api/v1/users", "/api/v1/users".into(), None, read),
        c(
            Method::POST,
            "/api/v1/users",
            "/api/v1/users".into(),
            Some(Body::Json(json!({ "username": "new.viewer", "role": "viewer" }))),
            admin_only(201),
        ),
        c(
            Method::GET,
            "/api/v1/tenants/{tenant}/assignments",
            format!("/api/v1/tenants/{t}/assignments"),
            None,
            read,
        ),
        c(
            Method::POST,
            "/api/v1/tenants/{tenant}/assignments",
            format!("/api/v1/tenants/{t}/assignments"),
            Some(Body::Json(json!({ "user": 5, "role": "account-team", "service": "teams", "primary": true }))),
            admin_only(201),
        ),
        c(
            Method::DELETE,
            "/api/v1/tenants/{tenant}/assignments/{id}",
            format!("/api/v1/tenants/{t}/assignments/{}", w.spare_assignment),
            None,
            admin_only(204),
        ),
    ];
    for case in &mut v {
        if case.method == Method::PUT {
            case.headers.push(("if-match", "*".into()));
        }
    }
    v
}

async fn send(w: &World, role: usize, case: &Case) -> reqwest::Response {
    let mut rq = w.clients[role].request(case.method.clone(), w.s.url(&case.path));
    for (k, v) in &case.headers {
        rq = rq.header(*k, v);
    }
    rq = match &case.body {
        Some(Body::Json(v)) => rq.json(v),
        Some(Body::Csv(t)) => rq.header("content-type", "text/csv").body(t.clone()),
        None => rq,
    };
    rq.send().await.unwrap()
}

fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_and_role_gets_the_documented_status() {
    let w = world().await;
    let doc = get_json(&Client::new(), w.s.url("/api/openapi.json")).await;
    // Every operation of the document is in the matrix, and nothing else is.
    let listed: BTreeSet<(String, String)> = cases(&w, 0)
        .iter()
        .map(|c| (c.method.to_string(), c.template.to_string()))
        .collect();
    assert_eq!(operations(&doc), listed);

    let mut wrong = Vec::new();
    for (role, name) in ROLES.iter().enumerate() {
        for case in cases(&w, role) {
            let r = send(&w, role, &case).await;
            let got = r.status().as_u16();
            if got != case.expect[role] {
                let body = r.text().await.unwrap_or_default();
                wrong.push(format!(
                    "{} {} as {}: {got}, documented {} ({body})",
                    case.method, case.path, name, case.expect[role]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Organisation B as its own admin exports it: what must not change.
fn b_snapshot(w: &World) -> (String, usize) {
    let mut out = String::new();
    w.s.store
        .export(
            &ExportQuery {
                org: Some(w.org_b),
                ..ExportQuery::default()
            },
            &mut |t, s| {
                out.push_str(&format!("{t:?} {s:?}\n"));
                Ok(())
            },
        )
        .unwrap();
    let events =
        w.s.store
            .history(&entrack_store::HistoryQuery {
                org: Some(w.org_b),
                ..Default::default()
            })
            .unwrap()
            .len();
    (out, events)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_organisation_is_invisible_and_untouchable() {
    let w = world().await;
    let before = b_snapshot(&w);
    assert!(before.0.contains(&w.canary));
    // B's users are not A's to disable: 404, as for a user that does not exist.
    let b_admin = w.s.store.user_by_name("b-admin").unwrap().unwrap();
    let r = w.clients[0]
        .put(w.s.url(&format!("/api/v1/users/{}/disabled", b_admin.id)))
        .json(&json!({ "disabled": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(!w.s.store.user(b_admin.id).unwrap().unwrap().disabled);
    let doc = get_json(&Client::new(), w.s.url("/api/openapi.json")).await;
    let mut leaks = Vec::new();
    let mut not_404 = Vec::new();
    for (role, name) in ROLES.iter().enumerate().take(5) {
        // Every operation addressed to B's tenant: 404, as for a tenant that does not exist.
        for (method, template) in operations(&doc) {
            if !template.contains("{tenant}") {
                continue;
            }
            let path = template
                .replace("{tenant}", TB)
                .replace("{service}", "exchange")
                .replace("{id}", "1");
            let body = match method.as_str() {
                "PUT" if template.ends_with("/entitlement") => {
                    Some(Body::Json(json!({ "total_entitlements": 1 })))
                }
                "PUT" => Some(Body::Json(rows_body(
                    "Moved to delivery after the workshop with IT",
                    30,
                ))),
                "POST" => Some(Body::Json(json!({ "user": 1, "role": "delivery-fm" }))),
                _ => None,
            };
            let case = Case {
                method: method.parse().unwrap(),
                template: "",
                path: path.clone(),
                body,
                headers: vec![("if-match", "*".into())],
                expect: [404; 6],
            };
            let r = send(&w, role, &case).await;
            let status = r.status();
            let head = format!("{:?}", r.headers());
            let text = r.text().await.unwrap();
            if status != StatusCode::NOT_FOUND {
                not_404.push(format!("{method} {path} as {name}: {status}"));
            }
            if text.contains(&w.canary) || head.contains(&w.canary) {
                leaks.push(format!("{method} {path} as {name}"));
            }
        }
        // Lists, searches, reports and exports: nothing of B, and B counts nothing.
        let c = &w.clients[role];
        for path in [
            "/api/v1/tenants".to_string(),
            "/api/v1/tenants?search=CANARY".to_string(),
            format!("/api/v1/tenants?search={}", &TB[..8]),
            "/api/v1/tenants?l1=no-intent".to_string(),
            "/api/v1/report?include_invalid=true".to_string(),
            "/api/v1/export".to_string(),
            format!("/api/v1/export?tenant={TB}"),
            "/api/v1/users".to_string(),
        ] {
            let r = c.get(w.s.url(&path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            let text = r.text().await.unwrap();
            if text.contains(&w.canary) || text.contains(TB) || text.contains("b-admin") {
                leaks.push(format!("GET {path} as {name}"));
            }
            if path.starts_with("/api/v1/report") {
                let lines: Value = serde_json::from_str(&text).unwrap();
                let seats: u64 = lines
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l["entitlements"].as_u64().unwrap())
                    .sum();
                assert_eq!(seats, 150, "only A's 150 seats are counted");
            }
            if path == "/api/v1/tenants?l1=no-intent" {
                assert_eq!(text, r#"{"tenants":[],"next":null}"#);
            }
        }
    }
    // An import naming B's tenant is refused for that row and changes nothing.
    let csv = format!(
        "tenant_id,tenant_name,service,l1,entitlements,note,target_date,next_action,next_action_date\n\
         {TB},Mine now,exchange,in-progress,30,Pilot running with 30 users,2031-06-30,Review,2031-01-15\n"
    );
    let r = w.clients[0]
        .post(w.s.url("/api/v1/imports"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("import-rejected") && text.contains("tenant-unavailable"),
        "{text}"
    );
    assert!(!text.contains(&w.canary));
    // Creating a tenant with B's id is refused without showing anything of it.
    let r = w.clients[0]
        .post(w.s.url("/api/v1/tenants"))
        .json(&json!({ "tenant_id": TB, "tenant_name": "Mine now" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(!r.text().await.unwrap().contains(&w.canary));

    assert!(not_404.is_empty(), "{}", not_404.join("\n"));
    assert!(leaks.is_empty(), "canary seen by A:\n{}", leaks.join("\n"));
    assert_eq!(b_snapshot(&w), before, "no row or event of B changed");
}
