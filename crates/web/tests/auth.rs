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

/// Signs in and answers the cookie pair and the CSRF token.
async fn session_of(c: &Client, s: &Server, user: &str, body: Value) -> (String, String) {
    let _ = user;
    let r = c
        .post(s.url("/api/v1/login"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = pair(&set_cookie(&r));
    let csrf = r.json::<Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    (cookie, csrf)
}

async fn me_status(c: &Client, s: &Server, cookie: &str) -> StatusCode {
    c.get(s.url("/api/v1/me"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_end_after_the_idle_timeout_and_the_lifetime_to_the_second() {
    let s = start_with(AuthConfig {
        session_ttl: Duration::from_secs(600),
        session_idle: Duration::from_secs(120),
        ..AuthConfig::default()
    })
    .await;
    user(&*s.store, DEFAULT_ORG, "anna", Role::DeliveryFm, Some(PW));
    let c = plain();
    let creds = json!({ "username": "anna", "password": PW });
    let clock = |secs| s.app.guard.advance(Duration::from_secs(secs));

    // Idle: every request starts the idle time again; 2 s short of it the session lives,
    // 1 s past it it is gone (the clock is read to the second).
    let (cookie, _) = session_of(&c, &s, "anna", creds.clone()).await;
    clock(118);
    assert_eq!(me_status(&c, &s, &cookie).await, StatusCode::OK);
    clock(118);
    assert_eq!(me_status(&c, &s, &cookie).await, StatusCode::OK);
    clock(121);
    assert_eq!(me_status(&c, &s, &cookie).await, StatusCode::UNAUTHORIZED);
    clock(1);
    assert_eq!(
        me_status(&c, &s, &cookie).await,
        StatusCode::UNAUTHORIZED,
        "an idle session is ended, not paused"
    );

    // Lifetime: used every 100 s, the session still ends 600 s after sign-in.
    let (cookie, _) = session_of(&c, &s, "anna", creds.clone()).await;
    for _ in 0..5 {
        clock(100);
        assert_eq!(me_status(&c, &s, &cookie).await, StatusCode::OK);
    }
    clock(98);
    assert_eq!(me_status(&c, &s, &cookie).await, StatusCode::OK, "598 s");
    clock(3);
    assert_eq!(
        me_status(&c, &s, &cookie).await,
        StatusCode::UNAUTHORIZED,
        "601 s"
    );

    // The pages follow the same rules: an idle session sends the browser to sign in.
    let (cookie, _) = session_of(&c, &s, "anna", creds).await;
    let nofollow = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = |cookie: String| {
        let (nofollow, url) = (nofollow.clone(), s.url("/tenants"));
        async move {
            nofollow
                .get(url)
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(page(cookie.clone()).await, StatusCode::OK);
    clock(121);
    assert_eq!(page(cookie).await, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_list_their_sessions_and_end_one_elsewhere() {
    let s = start().await;
    user(&*s.store, DEFAULT_ORG, "anna", Role::DeliveryFm, Some(PW));
    user(&*s.store, DEFAULT_ORG, "ben", Role::DeliveryFm, Some(PW));
    let (office, laptop, other) = (from([127, 0, 0, 5]), from([127, 0, 0, 6]), plain());
    let anna = json!({ "username": "anna", "password": PW });
    let (here, csrf) = session_of(&office, &s, "anna", anna.clone()).await;
    let (there, _) = session_of(&laptop, &s, "anna", anna).await;
    let (bens, ben_csrf) = session_of(
        &other,
        &s,
        "ben",
        json!({ "username": "ben", "password": PW }),
    )
    .await;

    let list = office
        .get(s.url("/api/v1/sessions"))
        .header("cookie", &here)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), StatusCode::OK);
    let list: Value = list.json().await.unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "anna's two, not ben's: {list:?}");
    let current: Vec<_> = list.iter().filter(|x| x["current"] == true).collect();
    assert_eq!(current.len(), 1);
    let elsewhere = list.iter().find(|x| x["current"] == false).unwrap();
    let id = elsewhere["id"].as_str().unwrap();
    assert_eq!(id.len(), 16);
    assert!(!there.contains(id), "the id is not the cookie's secret");
    for field in ["created_at", "last_seen_at", "expires_at"] {
        assert!(elsewhere[field]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok());
    }

    // Ben cannot end anna's session, and it takes the CSRF token.
    let r = other
        .delete(s.url(&format!("/api/v1/sessions/{id}")))
        .header("cookie", &bens)
        .header("x-csrf-token", &ben_csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = office
        .delete(s.url(&format!("/api/v1/sessions/{id}")))
        .header("cookie", &here)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(me_status(&laptop, &s, &there).await, StatusCode::OK);

    let r = office
        .delete(s.url(&format!("/api/v1/sessions/{id}")))
        .header("cookie", &here)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me_status(&laptop, &s, &there).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(me_status(&office, &s, &here).await, StatusCode::OK);
    assert_eq!(me_status(&other, &s, &bens).await, StatusCode::OK);
}

/// The code of the guard's current step, away from a step's edge (the clock moves past
/// one when it is near, so the server reads the same step).
fn current_code(s: &Server, secret: &[u8]) -> String {
    use entrack_web::mfa;
    if s.app.guard.now().as_second().rem_euclid(mfa::STEP) >= mfa::STEP - 2 {
        s.app.guard.advance(Duration::from_secs(3));
    }
    mfa::code_at(secret, mfa::step_of(s.app.guard.now())).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_factor_is_asked_once_added_and_each_code_works_once() {
    use entrack_web::mfa;
    let s = start().await;
    user(&*s.store, DEFAULT_ORG, "anna", Role::Admin, Some(PW));
    let c = plain();
    let (cookie, csrf) = session_of(
        &c,
        &s,
        "anna",
        json!({ "username": "anna", "password": PW }),
    )
    .await;
    let post = |path: &str, body: Value| {
        c.post(s.url(path))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };

    // Adding one takes the password again.
    let r = post(
        "/api/v1/me/mfa",
        json!({ "password": "not anna's password" }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post("/api/v1/me/mfa/confirm", json!({ "code": "123456" }))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "nothing to confirm yet");
    let r = post("/api/v1/me/mfa", json!({ "password": PW }))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let e: Value = r.json().await.unwrap();
    let secret = mfa::decode(e["secret"].as_str().unwrap()).unwrap();
    assert_eq!(secret.len(), 20, "160 bits");
    let link = e["link"].as_str().unwrap();
    assert!(
        link.starts_with("otpauth://totp/entrack:anna?secret="),
        "{link}"
    );

    // Until it is confirmed, sign-in takes the password alone.
    assert_eq!(login(&c, &s, "anna", PW).await.status(), StatusCode::OK);
    let wrong = format!(
        "{:06}",
        (current_code(&s, &secret).parse::<u32>().unwrap() + 1) % 1_000_000
    );
    let r = post("/api/v1/me/mfa/confirm", json!({ "code": wrong }))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let first = current_code(&s, &secret);
    let r = post("/api/v1/me/mfa/confirm", json!({ "code": first }))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    // Now the password alone is not enough, and the confirming code is used up.
    let r = login(&c, &s, "anna", PW).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "code-required");
    let with = |code: &str| json!({ "username": "anna", "password": PW, "code": code });
    let answer = |body: Value| {
        let c = c.clone();
        let url = s.url("/api/v1/login");
        async move { c.post(url).json(&body).send().await.unwrap() }
    };
    let r = answer(with(&first)).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "code-wrong");

    // The next step's code works once; a replay gets 401.
    s.app.guard.advance(Duration::from_secs(mfa::STEP as u64));
    let next = current_code(&s, &secret);
    assert_eq!(answer(with(&next)).await.status(), StatusCode::OK);
    assert_eq!(answer(with(&next)).await.status(), StatusCode::UNAUTHORIZED);

    // A code from outside the current step is refused, earlier or later.
    s.app.guard.advance(Duration::from_secs(61));
    let step = mfa::step_of(s.app.guard.now());
    for off in [-2i64, -1, 1] {
        let code = mfa::code_at(&secret, step + off).unwrap();
        if code != current_code(&s, &secret) {
            assert_eq!(
                answer(with(&code)).await.status(),
                StatusCode::UNAUTHORIZED,
                "step {off}"
            );
        }
    }
    // A right password with a wrong code does not sign in and counts as an attempt.
    let before = s.app.guard.hashes.load(Ordering::Relaxed);
    assert_eq!(
        answer(with("000000x")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(s.app.guard.hashes.load(Ordering::Relaxed), before + 1);

    // Removing it takes the password and a fresh code.
    let r = post("/api/v1/me/mfa/remove", json!({ "password": PW }))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    s.app.guard.advance(Duration::from_secs(mfa::STEP as u64));
    let code = current_code(&s, &secret);
    let r = post(
        "/api/v1/me/mfa/remove",
        json!({ "password": "wrong", "code": code }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post(
        "/api/v1/me/mfa/remove",
        json!({ "password": PW, "code": code }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(login(&c, &s, "anna", PW).await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_page_asks_for_the_code_of_a_user_with_a_second_factor() {
    use entrack_web::mfa;
    let s = start().await;
    user(&*s.store, DEFAULT_ORG, "anna", Role::DeliveryFm, Some(PW));
    let anna = s.store.user_by_name("anna").unwrap().unwrap();
    let secret = mfa::new_secret();
    s.store.set_pending_factor(anna.id, Some(&secret)).unwrap();
    s.store.activate_factor(anna.id, 0).unwrap();
    let c = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = |code: &str| {
        let url = s.url("/login");
        let c = c.clone();
        let body = vec![
            ("username", "anna".to_string()),
            ("password", PW.to_string()),
            ("code", code.to_string()),
            ("next", "/tenants".to_string()),
        ];
        async move {
            c.post(url)
                .header("sec-fetch-site", "same-origin")
                .form(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let r = form("").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let html = r.text().await.unwrap();
    assert!(html.contains("authenticator app"), "{html}");
    assert!(html.contains(r#"autocomplete="one-time-code""#));
    let r = form(&current_code(&s, &secret)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers().contains_key("set-cookie"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_user_is_out_at_the_next_request_and_can_come_back() {
    let s = start().await;
    let token = user(&*s.store, DEFAULT_ORG, "anna", Role::DeliveryFm, Some(PW));
    let anna = s.store.user_by_name("anna").unwrap().unwrap();
    let c = plain();
    let (cookie, _) = session_of(
        &c,
        &s,
        "anna",
        json!({ "username": "anna", "password": PW }),
    )
    .await;
    let by_token = || bearer(&token).get(s.url("/api/v1/me")).send();
    assert_eq!(me_status(&c, &s, &cookie).await, StatusCode::OK);
    assert_eq!(by_token().await.unwrap().status(), StatusCode::OK);

    // An admin disables her through the API (not themselves).
    let root = user(&*s.store, DEFAULT_ORG, "root", Role::Admin, None);
    let root_id = s.store.user_by_name("root").unwrap().unwrap().id;
    let r = bearer(&root)
        .put(s.url(&format!("/api/v1/users/{root_id}/disabled")))
        .json(&json!({ "disabled": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = bearer(&root)
        .put(s.url(&format!("/api/v1/users/{}/disabled", anna.id)))
        .json(&json!({ "disabled": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["disabled"], true);
    assert_eq!(me_status(&c, &s, &cookie).await, StatusCode::UNAUTHORIZED);
    assert_eq!(by_token().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        login(&c, &s, "anna", PW).await.status(),
        StatusCode::UNAUTHORIZED,
        "nor can a disabled user sign in"
    );

    s.store.set_disabled(anna.id, false).unwrap();
    assert_eq!(
        me_status(&c, &s, &cookie).await,
        StatusCode::UNAUTHORIZED,
        "the old session stays ended"
    );
    assert_eq!(by_token().await.unwrap().status(), StatusCode::OK);
    assert_eq!(login(&c, &s, "anna", PW).await.status(), StatusCode::OK);
}
