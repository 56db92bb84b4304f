//! A real server on a loopback port over a fresh embedded store, with organisations,
//! users and API tokens made the way an operator makes them.
#![allow(dead_code)]

use entrack_core::change::{EntitlementSet, Meta};
use entrack_core::history::Source;
use entrack_core::{Lang, Role};
use entrack_store::accounts::NewUser;
use entrack_store::ops::{self, Ctx, Principal};
use entrack_store::{OrgId, Store, DEFAULT_ORG};
use entrack_store_sqlite::SqliteStore;
use entrack_web::auth::AuthConfig;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::Client;
use serde_json::{json, Value};
use std::sync::Arc;

pub const T1: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
pub const T2: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

pub struct Server {
    pub base: String,
    pub store: Arc<SqliteStore>,
    pub app: entrack_web::App,
    /// An admin of the default organisation.
    pub admin: String,
    _dir: tempfile::TempDir,
}

pub async fn start() -> Server {
    start_with(AuthConfig::default()).await
}

pub async fn start_with(cfg: AuthConfig) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path().join("api.db")).unwrap());
    // As `entrack serve` runs it: cached point reads, checkpoints on their own thread.
    store.serve_mode().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = entrack_web::App::new(store.clone(), cfg);
    tokio::spawn(entrack_web::serve(
        listener,
        app.clone(),
        std::future::pending(),
    ));
    let admin = user(&*store, DEFAULT_ORG, "admin", Role::Admin, None);
    Server {
        base,
        store,
        app,
        admin,
        _dir: dir,
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
    /// A client that sends the default organisation's admin token.
    pub fn client(&self) -> Client {
        bearer(&self.admin)
    }
}

/// A client sending `token` as a bearer token.
pub fn bearer(token: &str) -> Client {
    let mut h = HeaderMap::new();
    h.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    Client::builder().default_headers(h).build().unwrap()
}

/// Creates a user (with a password if given) and returns a fresh API token of theirs.
pub fn user(
    store: &dyn Store,
    org: OrgId,
    name: &str,
    role: Role,
    password: Option<&str>,
) -> String {
    let u = store
        .create_user(&NewUser {
            org,
            username: name.into(),
            display_name: name.into(),
            role,
            password_hash: password.map(|p| entrack_web::auth::hash_password(p).unwrap()),
        })
        .unwrap();
    let token = entrack_web::auth::new_token();
    store
        .create_token(
            u.id,
            "test",
            &entrack_web::auth::secret_hash(&token),
            jiff::Timestamp::now(),
        )
        .unwrap();
    token
}

/// The local operator: seeds data in any organisation.
pub fn ctx() -> Ctx {
    Ctx {
        meta: Meta {
            at: jiff::Timestamp::now(),
            actor: "seed".into(),
            source: Source::Cli,
            batch: None,
        },
        role: None,
        lang: Lang::En,
        principal: None,
    }
}

/// An admin of `org`, for seeding inside it.
pub fn org_ctx(org: OrgId) -> Ctx {
    Ctx {
        principal: Some(Principal {
            user: 0,
            username: "seed".into(),
            org,
            role: Role::Admin,
        }),
        role: Some(Role::Admin),
        ..ctx()
    }
}

/// A tenant with `seats` Exchange seats (all Status Unknown), in the default organisation.
pub fn seed(store: &dyn Store, tenant: &str, name: &str, seats: u64) {
    seed_in(store, &ctx(), tenant, name, seats)
}

pub fn seed_in(store: &dyn Store, ctx: &Ctx, tenant: &str, name: &str, seats: u64) {
    ops::add_tenant(store, ctx, tenant, name).unwrap();
    let id = entrack_core::TenantId::parse(tenant).unwrap();
    let service = ops::resolve_service("exchange").unwrap();
    ops::set_entitlement(
        store,
        ctx,
        &id,
        service,
        &EntitlementSet {
            total: Some(seats),
            ..Default::default()
        },
    )
    .unwrap();
}

pub fn in_progress(n: u64, note: &str) -> Value {
    json!({ "rows": [{
        "l1": "in-progress", "entitlements": n, "target_date": "2030-06-30",
        "note": note,
        "next_action": "Kickoff", "next_action_date": "2030-01-15"
    }]})
}

pub async fn get_json(c: &Client, url: impl reqwest::IntoUrl) -> Value {
    let r = c.get(url).send().await.unwrap();
    r.json().await.unwrap()
}

pub fn is_problem(r: &reqwest::Response) -> bool {
    r.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        == Some("application/problem+json")
}
