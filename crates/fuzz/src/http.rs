//! Requests through the whole HTTP surface, as an admin with an API token, over a store
//! that holds the seed tenants. Whatever the query string, path segment, `If-Match`,
//! `Idempotency-Key`, `Accept-Language` or body, the answer is never a server error and its
//! body is whole.
//!
//! The input: one byte choosing the operation, then lines — the part of the request target
//! the operation takes from the input, `If-Match`, `Idempotency-Key`, `Accept-Language`,
//! and the rest as the body.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Method, Request};
use entrack_core::Role;
use entrack_store::accounts::NewUser;
use entrack_store::DEFAULT_ORG;
use entrack_store_sqlite::SqliteStore;
use http_body_util::BodyExt;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use tower_service::Service;

/// The seed's first tenant.
const TENANT: &str = "197a14e2-ac08-4ba5-b8f6-59ac44ce4ab3";

struct Server {
    router: axum::Router,
    token: String,
    _dir: tempfile::TempDir,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteStore::open(dir.path().join("http.db")).expect("a fresh store");
        let seed = dir.path().join("seed.csv");
        std::fs::write(&seed, crate::files::SEED).expect("the seed file");
        crate::files::seed(&store, &seed);
        let user = entrack_store::accounts::Accounts::create_user(
            &store,
            &NewUser {
                org: DEFAULT_ORG,
                username: "admin".into(),
                display_name: "Admin".into(),
                role: Role::Admin,
                password_hash: None,
            },
        )
        .expect("an admin");
        let token = entrack_web::auth::new_token();
        entrack_store::accounts::Accounts::create_token(
            &store,
            user.id,
            "fuzz",
            &entrack_web::auth::secret_hash(&token),
            jiff::Timestamp::now(),
        )
        .expect("a token");
        let app = entrack_web::App::new(Arc::new(store), Default::default());
        Server {
            router: entrack_web::router(app),
            token,
            _dir: dir,
        }
    })
}

thread_local! {
    static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
}

/// Percent-encodes what a client would (a request target carries no raw spaces, controls
/// or non-ASCII), leaving the rest as typed: `%`, `&`, `=`, `+`, `/` reach the server.
fn target_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_graphic() && b != b'#' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A path segment: also `/`, `?` encoded.
fn segment(s: &str) -> String {
    target_text(s).replace('/', "%2F").replace('?', "%3F")
}

pub fn request(data: &[u8]) {
    send(data);
}

/// Sends the request the input describes; its status, or `None` when no client could send
/// such a request.
pub(crate) fn send(data: &[u8]) -> Option<axum::http::StatusCode> {
    let (&op, rest) = data.split_first()?;
    let mut lines = rest.splitn(5, |&b| b == b'\n');
    let mut next = || lines.next().unwrap_or_default();
    let (part, if_match, key, lang, body) = (next(), next(), next(), next(), next());
    let part = String::from_utf8_lossy(part);
    let (q, seg) = (target_text(&part), segment(&part));
    let svc = format!("/api/v1/tenants/{TENANT}/services");
    let (method, uri) = match op % 17 {
        0 => (Method::GET, format!("/api/v1/tenants?{q}")),
        1 => (Method::GET, format!("/api/v1/report?{q}")),
        2 => (Method::GET, format!("/api/v1/tenants/{seg}")),
        3 => (Method::GET, format!("{svc}/teams/history?{q}")),
        4 => (Method::PUT, format!("{svc}/teams")),
        5 => (Method::PUT, format!("{svc}/{seg}/entitlement")),
        6 => (Method::POST, format!("/api/v1/imports?{q}")),
        7 => (Method::GET, format!("/api/v1/export?{q}")),
        8 => (Method::GET, format!("/tenants?{q}")),
        9 => (Method::GET, format!("/dashboard?{q}")),
        10 => (Method::POST, "/api/v1/suggest".to_string()),
        11 => (Method::POST, "/api/v1/tenants".to_string()),
        12 => (Method::GET, format!("{svc}/{seg}")),
        13 => (Method::GET, format!("/files/export?{q}")),
        14 => (Method::GET, format!("/{q}")),
        15 if part.is_empty() => (Method::POST, "/api/v1/me/mfa".to_string()),
        15 => (Method::POST, format!("/api/v1/me/mfa/{seg}")),
        _ => (Method::DELETE, format!("/api/v1/sessions/{seg}")),
    };
    let s = server();
    let mut req = Request::builder().method(method).uri(&uri);
    req = req.header(header::AUTHORIZATION, format!("Bearer {}", s.token));
    for (name, value) in [
        (header::IF_MATCH, if_match),
        (header::HeaderName::from_static("idempotency-key"), key),
        (header::ACCEPT_LANGUAGE, lang),
    ] {
        // A value no client could send (a control character) never reaches the server.
        if let Ok(v) = HeaderValue::from_bytes(value) {
            if !value.is_empty() {
                req = req.header(name, v);
            }
        }
    }
    let content_type = match op % 17 {
        6 => "text/csv",
        _ => "application/json",
    };
    req = req.header(header::CONTENT_TYPE, content_type);
    // Not a request a client could send: nothing to answer.
    let mut req = req.body(Body::from(body.to_vec())).ok()?;
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
    let mut router = s.router.clone();
    Some(RUNTIME.with(|rt| {
        rt.block_on(async move {
            let response = router.call(req).await.expect("the router answers");
            let status = response.status();
            let body = response
                .into_body()
                .collect()
                .await
                .expect("a whole body")
                .to_bytes();
            assert!(
                !status.is_server_error(),
                "{uri}: {status} {}",
                String::from_utf8_lossy(&body)
            );
            status
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(n: usize) -> Vec<u8> {
        let path = crate::data_dir().join(format!("corpus/http/seed-{n:02}"));
        std::fs::read(path).expect("an http seed")
    }

    /// The inputs reach the handlers as the admin, not a wall of 401s.
    #[test]
    fn seeds_reach_the_handlers() {
        assert_eq!(send(&seed(3)).map(|s| s.as_u16()), Some(200), "GET tenant");
        assert_eq!(
            send(&seed(0)).map(|s| s.as_u16()),
            Some(400),
            "a bad cursor"
        );
        assert_eq!(send(&seed(16)).map(|s| s.as_u16()), Some(200), "taxonomy");
        let put = send(&seed(5)).expect("a put").as_u16();
        assert!(put == 200 || put == 412, "PUT with If-Match: {put}");
        assert_eq!(send(&seed(12)).map(|s| s.as_u16()), Some(200), "suggest");
    }
}
