//! Signing in and staying safe: session cookies, CSRF, API tokens, throttled passwords,
//! and the users an admin creates — against a real server on a loopback port.

mod common;

use common::*;
use entrack_core::Role;
use entrack_store::DEFAULT_ORG;
use entrack_web::auth::AuthConfig;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::net::IpAddr;
use std::sync::atomic::Ordering;
use std::time::Duration;

const PW: &str = "violet tractor sings over nine pebbles";

fn plain() -> Client {
    Client::new()
}

/// A client whose connections come from `ip` (any 127.x.y.z address is this machine).
fn from(ip: [u8; 4]) -> Client {
    Client::builder()
        .local_address(IpAddr::from(ip))
        .build()
        .unwrap()
}

async fn login(c: &Client, s: &Server, user: &str, pw: &str) -> reqwest::Response {
    c.post(s.url("/api/v1/login"))
        .json(&json!({ "username": user, "password": pw }))
        .send()
        .await
        .unwrap()
}

fn set_cookie(r: &reqwest::Response) -> String {
    r.headers()["set-cookie"].to_str().unwrap().to_string()
}

/// The `name=value` part of a Set-Cookie.
fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_is_new_at_every_sign_in_and_ends_at_sign_out() {
    let s = start().await;
    user(&*s.store, DEFAULT_ORG, "anna", Role::DeliveryFm, Some(PW));
    let c = plain();

    let r = login(&c, &s, "anna", PW).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = set_cookie(&r);
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    // Plain HTTP on loopback: no Secure flag (browsers would drop the cookie).
    assert!(!cookie.contains("Secure"), "{cookie}");
    let first = pair(&cookie);
    let value = first.split_once('=').unwrap().1;
    assert_eq!(value.len(), 64, "256 random bits as hex");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["user"]["username"], "anna");
    assert_eq!(body["user"]["role"], "delivery-fm");
    let csrf = body["csrf_token"].as_str().unwrap().to_string();

    let me = c
        .get(s.url("/api/v1/me"))
        .header("cookie", &first)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);

    // Signing in again with the old cookie: a new id, and the old one stops working.
    let r = c
        .post(s.url("/api/v1/login"))
        .header("cookie", &first)
        .json(&json!({ "username": "anna", "password": PW }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let second = pair(&set_cookie(&r));
    assert_ne!(first, second);
    let csrf2 = r.json::<Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(csrf, csrf2);
    let old = c
        .get(s.url("/api/v1/me"))
        .header("cookie", &first)
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);

    // Sign-out ends the session on the server and clears the cookie.
    let r = c
        .post(s.url("/api/v1/logout"))
        .header("cookie", &second)
        .header("x-csrf-token", &csrf2)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(set_cookie(&r).contains("Max-Age=0"));
    let after = c
        .get(s.url("/api/v1/me"))
        .header("cookie", &second)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);

    // A disabled… no: a wrong password and an unknown user get the same answer.
    let a = login(&c, &s, "anna", "violet tractor sings over nine pebblez").await;
    let b = login(&c, &s, "nobody", PW).await;
    assert_eq!(a.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(b.status(), StatusCode::UNAUTHORIZED);
    let (a, b): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
    assert_eq!(a["title"], b["title"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_tls_the_cookie_is_secure_with_the_host_prefix() {
    let s = start_with(AuthConfig {
        secure_cookies: true,
        ..AuthConfig::default()
    })
    .await;
    user(&*s.store, DEFAULT_ORG, "anna", Role::Viewer, Some(PW));
    let r = login(&plain(), &s, "anna", PW).await;
    let cookie = set_cookie(&r);
    assert!(cookie.starts_with("__Host-entrack_session="), "{cookie}");
    for attr in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookie_writes_need_the_csrf_token_and_this_site() {
    let s = start().await;
    seed(&*s.store, T1, "Contoso", 10);
    user(&*s.store, DEFAULT_ORG, "boss", Role::Admin, Some(PW));
    let c = plain();
    let r = login(&c, &s, "boss", PW).await;
    let cookie = pair(&set_cookie(&r));
    let csrf = r.json::<Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    let host = s.base.trim_start_matches("http://").to_string();
    let body = in_progress(
        10,
        "Customer migrates mailboxes in waves; migration starts in January because the partner is booked",
    );
    let put = |extra: Vec<(&'static str, String)>| {
        let mut rq = c
            .put(s.url(&format!("/api/v1/tenants/{T1}/services/exchange")))
            .header("cookie", &cookie)
            .header("if-match", "*")
            .json(&body);
        for (k, v) in extra {
            rq = rq.header(k, v);
        }
        rq.send()
    };
    let refused = [
        vec![],
        vec![("x-csrf-token", "0".repeat(64))],
        vec![
            ("x-csrf-token", csrf.clone()),
            ("origin", "https://evil.example".into()),
        ],
        vec![
            ("x-csrf-token", csrf.clone()),
            ("sec-fetch-site", "cross-site".into()),
        ],
    ];
    for extra in refused {
        let r = put(extra.clone()).await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{extra:?}");
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "csrf");
    }
    // Nothing changed.
    let id = entrack_core::TenantId::parse(T1).unwrap();
    let svc = entrack_core::Service::from_code("exchange").unwrap();
    assert_eq!(
        entrack_store::Store::service(&*s.store, &id, svc)
            .unwrap()
            .unwrap()
            .version,
        1
    );
    // With the token, from this site: saved.
    let r = put(vec![
        ("x-csrf-token", csrf.clone()),
        ("origin", format!("http://{host}")),
        ("sec-fetch-site", "same-origin".into()),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Reads need no token.
    let r = c
        .get(s.url("/api/v1/tenants"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_tokens_are_shown_once_and_stop_working_when_revoked() {
    let s = start().await;
    let c = s.client();
    let r = c
        .post(s.url("/api/v1/tokens"))
        .json(&json!({ "name": "nightly sync" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let t: Value = r.json().await.unwrap();
    let secret = t["token"].as_str().unwrap().to_string();
    assert!(secret.starts_with("et_"));
    let list = get_json(&c, s.url("/api/v1/tokens")).await;
    let text = list.to_string();
    assert!(text.contains("nightly sync"));
    assert!(
        !text.contains(&secret[3..]),
        "a listed token carries no secret"
    );

    let script = bearer(&secret);
    let me = get_json(&script, s.url("/api/v1/me")).await;
    assert_eq!(me["username"], "admin");
    let r = c
        .delete(s.url(&format!("/api/v1/tokens/{}", t["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = script.get(s.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.headers().contains_key("www-authenticate"));
    // Garbage and nothing at all: 401 too.
    for auth in ["Bearer nope", "Basic YWRtaW46YWRtaW4="] {
        let r = plain()
            .get(s.url("/api/v1/me"))
            .header("authorization", auth)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{auth}");
    }
    // The store keeps only hashes.
    let raw = (s.raw)();
    let hay = String::from_utf8_lossy(&raw);
    assert!(!hay.contains(&secret[3..]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_is_throttled_without_locking_the_real_user_out() {
    let s = start_with(AuthConfig {
        login_window: Duration::from_secs(60),
        ..AuthConfig::default()
    })
    .await;
    user(&*s.store, DEFAULT_ORG, "anna", Role::DeliveryFm, Some(PW));
    // Anna signs in from her usual machine first.
    let anna = from([127, 0, 0, 2]);
    assert_eq!(login(&anna, &s, "anna", PW).await.status(), StatusCode::OK);
    let before = s.app.guard.hashes.load(Ordering::Relaxed);

    // Someone else tries 30 passwords on her account.
    let attacker = from([127, 0, 0, 3]);
    let mut throttled = 0;
    for i in 0..30 {
        let r = login(&attacker, &s, "anna", &format!("guess number {i} of many")).await;
        match r.status() {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::TOO_MANY_REQUESTS => {
                throttled += 1;
                let wait: u64 = r.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=60).contains(&wait), "{wait}");
            }
            other => panic!("unexpected {other}"),
        }
    }
    let hashed = s.app.guard.hashes.load(Ordering::Relaxed) - before;
    // Anna's own sign-in counted against the account's budget for unknown sources.
    assert_eq!(
        hashed, 9,
        "at most 10 attempts per account reach the password hasher"
    );
    assert_eq!(throttled, 21);

    // Anna, from her machine, still gets in at once.
    assert_eq!(login(&anna, &s, "anna", PW).await.status(), StatusCode::OK);
    // A new machine must wait for the window, then succeeds: no permanent lockout.
    let laptop = from([127, 0, 0, 4]);
    let r = login(&laptop, &s, "anna", PW).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // The guard's clock moves on instead of the test waiting a minute.
    s.app.guard.advance(Duration::from_secs(wait));
    assert_eq!(
        login(&laptop, &s, "anna", PW).await.status(),
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_creates_users_with_strong_passwords_stored_as_argon2id() {
    let s = start().await;
    let c = s.client();
    let weak = c
        .post(s.url("/api/v1/users"))
        .json(&json!({ "username": "ben", "role": "viewer", "password": "password1234" }))
        .send()
        .await
        .unwrap();
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.json::<Value>().await.unwrap()["code"], "password-weak");
    let long = "a sixty-four character passphrase, with spaces and ümlauts, ok!!";
    assert_eq!(long.chars().count(), 64);
    let r = c
        .post(s.url("/api/v1/users"))
        .json(&json!({ "username": "ben", "role": "viewer", "password": long, "display_name": "Ben Ito" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let u = s.store.user_by_name("ben").unwrap().unwrap();
    assert!(u
        .password_hash
        .as_deref()
        .unwrap()
        .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    assert_eq!(
        login(&plain(), &s, "ben", long).await.status(),
        StatusCode::OK
    );
    // The name is taken now; and only an admin creates users.
    let r = c
        .post(s.url("/api/v1/users"))
        .json(&json!({ "username": "BEN", "role": "viewer" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let viewer = bearer(&user(&*s.store, DEFAULT_ORG, "vera", Role::Viewer, None));
    let r = viewer
        .post(s.url("/api/v1/users"))
        .json(&json!({ "username": "eve", "role": "admin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let users = get_json(&viewer, s.url("/api/v1/users")).await;
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "ben", "vera"]);
    assert!(!users.to_string().contains("argon2"));
}
