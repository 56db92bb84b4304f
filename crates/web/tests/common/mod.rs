//! A real server on a loopback port over a fresh store, with organisations, users and API
//! tokens made the way an operator makes them. The store is the embedded one, or, with
//! `ENTRACK_TEST_STORE=postgres`, a schema of its own on the PostgreSQL server named by
//! `ENTRACK_TEST_POSTGRES` (`.ci/run` runs these tests both ways).
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
    pub store: Arc<dyn Store>,
    /// Every byte the store keeps, for tests that look for what must not be there.
    pub raw: Raw,
    pub app: entrack_web::App,
    /// An admin of the default organisation.
    pub admin: String,
    _dir: tempfile::TempDir,
    _scratch: Option<entrack_store_postgres::Scratch>,
}

/// Reads every byte a store keeps.
pub type Raw = Box<dyn Fn() -> Vec<u8> + Send + Sync>;

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("ENTRACK_TEST_STORE").is_ok_and(|s| s == "postgres")
}

pub async fn start() -> Server {
    start_with(AuthConfig::default()).await
}

pub async fn start_with(cfg: AuthConfig) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let (store, raw, scratch): (Arc<dyn Store>, Raw, _) = if on_postgres() {
        let base = std::env::var("ENTRACK_TEST_POSTGRES")
            .expect("ENTRACK_TEST_STORE=postgres needs ENTRACK_TEST_POSTGRES=postgres://…");
        let scratch = entrack_store_postgres::Scratch::create(&base)
            .unwrap_or_else(|e| panic!("ENTRACK_TEST_POSTGRES: {e}"));
        let store = entrack_store_postgres::PgStore::open(&scratch.url).unwrap();
        let url = scratch.url.clone();
        let raw = Box::new(move || pg_dump(&url));
        (Arc::new(store), raw, Some(scratch))
    } else {
        let path = dir.path().join("api.db");
        let store = SqliteStore::open(&path).unwrap();
        // As `entrack serve` runs it: cached point reads, checkpoints on their own thread.
        store.serve_mode().unwrap();
        let raw = Box::new(move || {
            let mut out = std::fs::read(&path).unwrap();
            for ext in ["-wal", "-journal"] {
                let mut p = path.clone().into_os_string();
                p.push(ext);
                out.extend(std::fs::read(p).unwrap_or_default());
            }
            out
        });
        (Arc::new(store), raw, None)
    };
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
        raw,
        app,
        admin,
        _dir: dir,
        _scratch: scratch,
    }
}

/// Every row of every table of the store's schema, as text (read on a thread of its own:
/// the blocking client may not run on the test's runtime).
fn pg_dump(url: &str) -> Vec<u8> {
    let url = url.to_string();
    std::thread::spawn(move || pg_dump_here(&url))
        .join()
        .unwrap()
}

fn pg_dump_here(url: &str) -> Vec<u8> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let tables: Vec<String> = c
        .query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = Vec::new();
    for t in tables {
        for r in c
            .query(&format!("SELECT row_to_json(x)::text FROM {t} x"), &[])
            .unwrap()
        {
            out.extend(r.get::<_, String>(0).into_bytes());
        }
    }
    out
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
