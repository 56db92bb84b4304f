//! The web UI over plain HTTP: the page policy (no inline script, no framing), CSRF on
//! every form, user text escaped, and the pages' language.

mod common;

use common::*;
use entrack_core::Role;
use entrack_store::DEFAULT_ORG;
use reqwest::StatusCode;

const PW: &str = "correct horse battery staple";

/// Signs in through the form; answers a client that keeps the session cookie and the
/// CSRF token of the pages.
async fn signed_in(s: &Server) -> (reqwest::Client, String) {
    user(&*s.store, DEFAULT_ORG, "anna", Role::Admin, Some(PW));
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = c
        .post(s.url("/login"))
        .form(&[("username", "anna"), ("password", PW), ("next", "/tenants")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = c
        .get(s.url("/tenants"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .expect("a CSRF field on the page")
        .to_string();
    (c, csrf)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_strict_policy_and_forms_need_the_csrf_token() {
    let s = start().await;
    seed(&*s.store, T1, "Contoso <b>GmbH</b>", 100);
    // Signed out: to the sign-in form, which itself carries the policy.
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = c.get(s.url("/tenants")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(s.url("/login")).send().await.unwrap();
    let h = r.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("referrer-policy"));
    let html = r.text().await.unwrap();
    assert!(
        !html.contains("<script>") && !html.contains("onclick"),
        "no inline script"
    );

    let (c, csrf) = signed_in(&s).await;
    // The tenant's name is text, not markup.
    let page = c
        .get(s.url(&format!("/tenants/{T1}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Contoso &lt;b&gt;GmbH&lt;&#x2f;b&gt;"),
        "{page}"
    );

    // A form without the token, or with another one, changes nothing.
    let url = s.url(&format!("/tenants/{T1}/services/exchange"));
    let row = [
        ("version", "1"),
        ("action", "save"),
        ("l1.0", "status-unknown"),
        ("l2.0", "customer-unresponsive"),
        ("seats.0", "100"),
        (
            "note.0",
            "No answer after 4 attempts by mail and phone; the IT lead left",
        ),
    ];
    for token in [None, Some("0".repeat(64))] {
        let mut form: Vec<(&str, String)> = row.iter().map(|(k, v)| (*k, v.to_string())).collect();
        if let Some(t) = token {
            form.push(("csrf", t));
        }
        let r = c.post(&url).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let id = entrack_core::TenantId::parse(T1).unwrap();
    let svc = entrack_core::Service::from_code("exchange").unwrap();
    let version = |s: &Server| {
        entrack_store::Store::service(&*s.store, &id, svc)
            .unwrap()
            .unwrap()
            .version
    };
    assert_eq!(version(&s), 1);
    // With it: saved, and on to the history.
    let mut form: Vec<(&str, String)> = row.iter().map(|(k, v)| (*k, v.to_string())).collect();
    form.push(("csrf", csrf.clone()));
    let r = c.post(&url).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(version(&s), 2);

    // A save on the version read before: 412, their change shown, nothing overwritten.
    let r = c.post(&url).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("id=\"stale\"") && page.contains("anna"),
        "{page}"
    );
    assert_eq!(version(&s), 2);

    // Signing out needs the token too.
    let r = c
        .post(s.url("/logout"))
        .form(&[("csrf", "nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .post(s.url("/logout"))
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(s.url("/tenants")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "signed out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_follows_the_switcher_then_the_browser() {
    let s = start().await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = c
        .get(s.url("/login"))
        .header("accept-language", "es-ES,es;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Iniciar sesión"), "{page}");
    let r = c.get(s.url("/lang/zh?next=/login")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("entrack_lang=zh"), "{cookie}");
    let page = c
        .get(s.url("/login"))
        .header("accept-language", "es")
        .header("cookie", cookie.split(';').next().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("登录"), "{page}");
    // Only this site's paths are followed.
    let r = c
        .get(s.url("/lang/de?next=//evil.example/"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/tenants");
}
