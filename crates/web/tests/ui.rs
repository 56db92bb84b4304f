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
    let c = second_browser(s).await;
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

/// The text of a page.
async fn html(c: &reqwest::Client, url: String) -> String {
    let r = c.get(url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.unwrap()
}

/// The text of the table cell after `marker` (a `data-…` attribute), up to the next tag.
fn cell_after<'a>(page: &'a str, row: &str, marker: &str) -> &'a str {
    let row = page
        .split(&format!("id=\"{row}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no row {row}"));
    let row = row.split("</tr>").next().unwrap();
    row.split(&format!("{marker}>"))
        .nth(1)
        .unwrap_or_else(|| panic!("no {marker} in {row}"))
        .split([' ', '<'])
        .next()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portfolio_filters_sorts_and_the_dashboard_ages_what_it_counts() {
    use entrack_core::change::StatusPut;
    use entrack_core::parse::RowInput;
    use entrack_store::accounts::Assignment;
    use entrack_store::ops;
    let s = start().await;
    let (c, _) = signed_in(&s).await;
    let now = jiff::Timestamp::now();
    let days = |n: i64| {
        now.checked_sub(jiff::SignedDuration::from_hours(24 * n))
            .unwrap()
    };
    let date = |n: i64| days(n).to_zoned(jiff::tz::TimeZone::UTC).date().to_string();
    // Contoso: 100 Exchange seats in Status Unknown since now. Fabrikam: 50 seats since 40
    // days ago, 20 of them moved to In Progress 35 days ago with a target and a next action
    // (no owner: In Progress has none) that have both passed since.
    seed(&*s.store, T1, "Contoso GmbH", 100);
    let mut old = ctx();
    old.meta.at = days(40);
    seed_in(&*s.store, &old, T2, "Fabrikam AG", 50);
    let mut later = ctx();
    later.meta.at = days(35);
    let rows = vec![
        RowInput {
            l1: Some("status-unknown".into()),
            l2: Some("new-subscription-or-workload".into()),
            entitlements: Some("30".into()),
            note: Some(
                "Licences arrived with the renewal; no contact with the customer yet".into(),
            ),
            ..Default::default()
        },
        RowInput {
            l1: Some("in-progress".into()),
            l2: Some("migration".into()),
            entitlements: Some("20".into()),
            target_date: Some(date(5)),
            next_action: Some("Call the messaging lead about wave two".into()),
            next_action_date: Some(date(10)),
            note: Some(
                "First migration wave of 20 mailboxes runs with the partner's tooling".into(),
            ),
            ..Default::default()
        },
    ];
    let t2 = entrack_core::TenantId::parse(T2).unwrap();
    let exo = entrack_core::Service::from_code("exchange").unwrap();
    ops::put_status(
        &*s.store,
        &later,
        &t2,
        exo,
        &StatusPut {
            rows,
            ..Default::default()
        },
    )
    .unwrap();
    let names = |page: &str| -> Vec<String> {
        page.split("<tr class=\"tenant\"><td><a href=\"/tenants/")
            .skip(1)
            .map(|x| {
                x.split('>')
                    .nth(1)
                    .unwrap()
                    .split('<')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let list = |q: &str| html(&c, s.url(&format!("/tenants?{q}")));
    assert_eq!(names(&list("").await), ["Contoso GmbH", "Fabrikam AG"]);
    assert_eq!(
        names(&list("sort=-name").await),
        ["Fabrikam AG", "Contoso GmbH"]
    );
    let by_id = list("sort=id").await;
    assert_eq!(
        names(&by_id),
        ["Fabrikam AG", "Contoso GmbH"],
        "0a1b… before 6f96…"
    );
    assert!(by_id.contains("aria-sort=\"ascending\""));
    assert_eq!(names(&list("stale=1").await), ["Fabrikam AG"]);
    assert_eq!(names(&list("passed=1").await), ["Fabrikam AG"]);
    assert_eq!(names(&list("overdue=1").await), ["Fabrikam AG"]);
    assert_eq!(
        names(&list("l2=in-progress%2Fmigration").await),
        ["Fabrikam AG"]
    );
    assert_eq!(
        names(&list("l2=status-unknown%2Fnew-subscription-or-workload").await),
        ["Contoso GmbH", "Fabrikam AG"]
    );
    assert!(names(&list("mine=1").await).is_empty());
    let anna = s.store.user_by_name("anna").unwrap().unwrap();
    s.store
        .assign(&Assignment {
            id: 0,
            tenant: entrack_core::TenantId::parse(T1).unwrap(),
            user: anna.id,
            role: Role::DeliveryFm,
            service: None,
            primary: true,
            assigned_by: "seed".into(),
            assigned_at: now,
        })
        .unwrap();
    assert_eq!(names(&list("mine=1").await), ["Contoso GmbH"]);

    // The dashboard: Status Unknown of both (Fabrikam's 30 seats kept their 40 days), In
    // Progress 35 days, the overdue next action under its owner.
    let dash = html(&c, s.url("/dashboard")).await;
    assert_eq!(
        cell_after(&dash, "age-status-unknown", "data-age=\"0-30\""),
        "100"
    );
    assert_eq!(
        cell_after(&dash, "age-status-unknown", "data-age=\"31-90\""),
        "30"
    );
    assert_eq!(
        cell_after(&dash, "age-in-progress", "data-age=\"31-90\""),
        "20"
    );
    let overdue = dash.split("id=\"overdue\"").nth(1).unwrap();
    assert!(
        overdue.contains("(no owner)"),
        "In Progress has no owner: {overdue}"
    );
    let csv = html(&c, s.url("/dashboard.csv?part=aging")).await;
    assert!(csv.contains("in-progress,31-90,1,20"), "{csv}");
    assert!(csv.contains("status-unknown,0-30,1,100"), "{csv}");
    let csv = html(&c, s.url("/dashboard.csv?part=overdue")).await;
    assert_eq!(csv, "owner,rows,entitlements\n,1,20\n");

    // The portfolio's export link carries its filters: whole services with an In Progress row.
    let page = list("l1=in-progress").await;
    let link = page
        .split("id=\"export-these\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let csv = html(&c, s.url(&link)).await;
    assert!(
        csv.contains("Fabrikam AG") && !csv.contains("Contoso"),
        "{csv}"
    );
    assert_eq!(
        csv.lines().count(),
        3,
        "a header and Fabrikam's two rows: {csv}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_import_page_checks_then_imports_once_and_only_with_the_token() {
    let s = start().await;
    let (c, csrf) = signed_in(&s).await;
    let header = "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n";
    let good = format!(
        "{header}{T1},Contoso GmbH,EXO,100,In Progress,Migration,,100,2030-06-30,,Mailboxes move in four waves; 20 users already migrated,,\n"
    );
    let bad = format!(
        "{good}{T2},Fabrikam AG,Teams,10,Blocked,,,10,,,Blocked by the works council over call recording,,\n"
    );
    let form = |body: &str, token: &str| {
        reqwest::multipart::Form::new()
            .text("csrf", token.to_string())
            .part(
                "file",
                reqwest::multipart::Part::text(body.to_string())
                    .file_name("book.csv")
                    .mime_str("text/csv")
                    .unwrap(),
            )
    };
    let tenants = |s: &Server| s.store.tenants(&Default::default()).unwrap().len();

    // Without the page's token: refused, nothing read.
    let r = c
        .post(s.url("/files/check"))
        .multipart(form(&good, "nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A file with a broken row: its errors by row, column and rule; no way to import it
    // whole.
    let page = c
        .post(s.url("/files/check"))
        .multipart(form(&bad, &csrf))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let errors = page.split("id=\"row-errors\"").nth(1).expect(&page);
    assert!(errors.contains("<td class=\"num\">3</td>"), "{errors}");
    assert!(
        errors.contains("l2-required") || errors.contains("required"),
        "{errors}"
    );
    assert!(!page.contains("id=\"import-now\""));
    assert_eq!(tenants(&s), 0);

    // A good file: what it would do, then the import on confirmation.
    let page = c
        .post(s.url("/files/check"))
        .multipart(form(&good, &csrf))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"summary\""), "{page}");
    assert!(page.contains("1 tenants and 1 services created"), "{page}");
    assert_eq!(tenants(&s), 0, "a check writes nothing");
    let upload = page
        .split("name=\"upload\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let confirm = [("csrf", csrf.as_str()), ("upload", upload.as_str())];
    let r = c
        .post(s.url("/files/import"))
        .form(&[("csrf", "nope"), ("upload", upload.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let page = c
        .post(s.url("/files/import"))
        .form(&confirm)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"written\""), "{page}");
    assert_eq!(tenants(&s), 1);
    // The same confirmation again: the upload is gone, nothing imported twice.
    let page = c
        .post(s.url("/files/import"))
        .form(&confirm)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"gone\""), "{page}");
    assert_eq!(s.store.batches(None).unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_taxonomy_page_defines_every_l1_and_l2_in_the_readers_language() {
    let s = start().await;
    let (c, _) = signed_in(&s).await;
    for (lang, blocked) in [
        ("en", "account or engineering teams"),
        ("de", "Account- oder Engineering-Teams"),
        ("es", "equipos de cuenta o de ingeniería"),
        ("zh", "客户团队或工程团队"),
    ] {
        let page = c
            .get(s.url("/taxonomy"))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let def = |code: &str| -> String {
            page.split(&format!("id=\"def-{code}\">"))
                .nth(1)
                .unwrap_or_else(|| panic!("{lang}: no definition cell for {code}"))
                .split("</td>")
                .next()
                .unwrap()
                .to_string()
        };
        assert!(
            def("blocked").contains(blocked),
            "{lang}: {}",
            def("blocked")
        );
        for l1 in entrack_core::L1::ALL {
            let codes = std::iter::once(l1.code()).chain(l1.l2s().map(|l2| l2.code()));
            for code in codes {
                let d = def(code);
                assert!(
                    d.len() > 20 && !d.contains("def-"),
                    "{lang}: {code} has no definition: {d:?}"
                );
            }
        }
    }
}

/// A browser (another one, for a second session) signed in as anna through the form.
async fn second_browser(s: &Server) -> reqwest::Client {
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
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_page_ends_other_sessions_and_adds_and_removes_the_second_factor() {
    use entrack_web::mfa;
    let s = start().await;
    let (c, csrf) = signed_in(&s).await;
    let other = second_browser(&s).await;
    assert_eq!(
        other.get(s.url("/tenants")).send().await.unwrap().status(),
        StatusCode::OK
    );

    let page = html(&c, s.url("/account")).await;
    assert_eq!(page.matches("<tr class=\"session\"").count(), 2, "{page}");
    assert!(page.contains("This browser"));
    assert!(page.contains("href=\"/account\""), "the menu links to it");
    let id = page
        .split("action=\"/account/sessions/")
        .nth(1)
        .and_then(|x| x.split('/').next())
        .expect("an end button for the other session")
        .to_string();
    // Without the page's token nothing ends.
    let r = c
        .post(s.url(&format!("/account/sessions/{id}/end")))
        .form(&[("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .post(s.url(&format!("/account/sessions/{id}/end")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("That session has ended."));
    let r = other.get(s.url("/tenants")).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the other browser is signed out"
    );

    // The second factor: the password again, then a code of the new key.
    let r = c
        .post(s.url("/account/mfa"))
        .form(&[("csrf", csrf.as_str()), ("password", "not the password")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("The password is wrong"));
    let r = c
        .post(s.url("/account/mfa"))
        .form(&[("csrf", csrf.as_str()), ("password", PW)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let page = r.text().await.unwrap();
    let key = page
        .split("<code id=\"mfa-secret\">")
        .nth(1)
        .and_then(|x| x.split('<').next())
        .expect("the key on the page")
        .replace(' ', "");
    // The link (escaped in HTML) carries the same key.
    assert!(page.contains("id=\"mfa-link\" href=\"otpauth:"), "{page}");
    assert!(
        page.contains(&format!("?secret={key}&amp;issuer=entrack")),
        "{page}"
    );
    let secret = mfa::decode(&key).unwrap();
    if s.app.guard.now().as_second().rem_euclid(mfa::STEP) >= mfa::STEP - 2 {
        s.app.guard.advance(std::time::Duration::from_secs(3));
    }
    let code = mfa::code_at(&secret, mfa::step_of(s.app.guard.now())).unwrap();
    let r = c
        .post(s.url("/account/mfa/confirm"))
        .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("sign-in now asks for a code"), "{page}");
    assert!(page.contains("id=\"mfa-remove\""));
    let r = second_browser_status(&s).await;
    assert_eq!(
        r,
        StatusCode::UNAUTHORIZED,
        "the password alone no longer signs in"
    );

    // Removing it takes the password and a fresh code.
    s.app
        .guard
        .advance(std::time::Duration::from_secs(mfa::STEP as u64));
    if s.app.guard.now().as_second().rem_euclid(mfa::STEP) >= mfa::STEP - 2 {
        s.app.guard.advance(std::time::Duration::from_secs(3));
    }
    let code = mfa::code_at(&secret, mfa::step_of(s.app.guard.now())).unwrap();
    let r = c
        .post(s.url("/account/mfa/remove"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", PW),
            ("code", code.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("id=\"mfa-start\""));
    assert_eq!(second_browser_status(&s).await, StatusCode::SEE_OTHER);
}

/// What the sign-in form answers to anna's password alone.
async fn second_browser_status(s: &Server) -> StatusCode {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(s.url("/login"))
        .form(&[("username", "anna"), ("password", PW), ("next", "/tenants")])
        .send()
        .await
        .unwrap()
        .status()
}
