//! The web UI in a real browser: headless Chromium driven over WebDriver (Debian's
//! `chromium` and `chromium-driver`), against the real server on a loopback port. One walk
//! through an FM's day: sign in, switch to German, find a tenant, break a rule and see the
//! message beside the field, fix it, let Suggest grade the note and take its proposal,
//! save, find the change in the history, and read the dashboard against the report API.

mod common;

use common::*;
use entrack_core::Role;
use entrack_store::DEFAULT_ORG;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PW: &str = "correct horse battery staple";

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn driver() -> Driver {
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{bin} must be installed (apt-get install chromium chromium-driver): {e}")
        });
    // Wait until it listens.
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

async fn browser(d: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": binary,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--no-first-run", "--lang=en-US"]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&d.url)
        .await
        .expect("a WebDriver session")
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn fill(c: &Client, css: &str, value: &str) {
    let e = c.find(Locator::Css(css)).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(value).await.unwrap();
}

async fn choose(c: &Client, css: &str, value: &str) {
    let e = c.find(Locator::Css(css)).await.unwrap();
    e.select_by_value(value).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Waits (up to ten seconds) for an element.
async fn wait_for(c: &Client, css: &str) {
    for _ in 0..200 {
        if c.find(Locator::Css(css)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let body = c.source().await.unwrap_or_default();
    panic!("no {css} at {}:\n{body}", c.current_url().await.unwrap());
}

/// Waits (up to ten seconds) until the page's path satisfies `ok`.
async fn wait_path(c: &Client, ok: impl Fn(&str) -> bool) -> String {
    for _ in 0..200 {
        let url = c.current_url().await.unwrap();
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        if ok(&path) && c.find(Locator::Css("main")).await.is_ok() {
            return path;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let body = c.source().await.unwrap_or_default();
    panic!("still at {} :\n{body}", c.current_url().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_fm_edits_a_service_in_the_browser() {
    let s = start().await;
    seed(&*s.store, T1, "Contoso GmbH", 100);
    seed(&*s.store, T2, "Fabrikam Inc.", 40);
    user(&*s.store, DEFAULT_ORG, "anna", Role::Admin, Some(PW));
    let d = driver();
    let c = browser(&d).await;
    let run = async {
        // Signed out: the sign-in form, then back where we wanted to go.
        c.goto(&s.url("/tenants")).await.unwrap();
        assert!(c.current_url().await.unwrap().path().starts_with("/login"));
        fill(&c, "#username", "anna").await;
        fill(&c, "#password", PW).await;
        click(&c, "#sign-in").await;
        wait_path(&c, |p| p == "/tenants").await;
        assert_eq!(text_of(&c, "h1").await, "Portfolio");

        // German: labels, names of the taxonomy.
        click(&c, "a[lang=de]").await;
        wait_for(&c, "html[lang=de]").await;
        assert_eq!(text_of(&c, "#search").await, "Suchen");
        assert!(text_of(&c, "#f-l1").await.contains("Blockiert"));

        // Find the tenant by a part of its name.
        fill(&c, "#q", "fabri").await;
        click(&c, "#search").await;
        wait_path(&c, |p| p.contains("q=fabri")).await;
        let rows = c
            .find_all(Locator::Css("table.list tbody tr"))
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        click(&c, "table.list tbody a").await;
        wait_for(&c, "#edit-exchange").await;
        assert!(text_of(&c, "h1").await.contains("Fabrikam"));
        click(&c, "#edit-exchange").await;
        wait_for(&c, "#l1-0").await;

        // In Progress without a target date: refused, the message beside the field.
        choose(&c, "#l1-0", "in-progress").await;
        fill(&c, "#note-0", "Mailbox migration runs in waves with the partner; wave 2 starts in March <script>document.title='owned'</script>").await;
        click(&c, "#save").await;
        wait_for(&c, "#err-target-0").await;
        let msg = text_of(&c, "#err-target-0").await;
        assert!(
            msg.contains("Zieldatum") && msg.contains("[target-date-required]"),
            "{msg}"
        );

        // Suggest grades the note and proposes a status; accept the first proposal.
        click(&c, "#suggest-0").await;
        wait_for(&c, "#grade").await;
        let grade = text_of(&c, "#grade").await;
        assert!(grade.starts_with("Sehr gut"), "{grade}");
        click(&c, "#accept-0-0").await;
        wait_for(&c, "#l2-0 option[value=migration]:checked").await;
        let l2 = c
            .find(Locator::Css("#l2-0"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(l2.as_deref(), Some("migration"));

        // Fix the date and save: the history shows the change, the note as text.
        c.execute(
            "document.getElementById('target-0').value = '2031-06-30';",
            vec![],
        )
        .await
        .unwrap();
        click(&c, "#save").await;
        wait_path(&c, |p| p.contains("/history")).await;
        assert!(text_of(&c, "#saved").await.contains("Gespeichert"));
        let history = text_of(&c, "#history").await;
        assert!(history.contains("anna"), "{history}");
        assert!(
            history.contains("<script>document.title='owned'</script>"),
            "{history}"
        );
        assert_ne!(c.title().await.unwrap(), "owned");

        // The dashboard's figure is the report API's.
        c.goto(&s.url("/dashboard")).await.unwrap();
        wait_for(&c, "#by-l1").await;
        let cell = text_of(&c, "#svc-exchange td[data-l1=in-progress]").await;
        let shown: u64 = cell.split_whitespace().next().unwrap().parse().unwrap();
        let token = user(&*s.store, DEFAULT_ORG, "reader", Role::Viewer, None);
        let report: Value = bearer(&token)
            .get(s.url("/api/v1/report"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let api: u64 = report
            .as_array()
            .expect("report lines")
            .iter()
            .filter(|l| l["service"] == "exchange" && l["l1"] == "in-progress")
            .map(|l| l["entitlements"].as_u64().unwrap())
            .sum();
        assert_eq!(shown, api);
        assert_eq!(api, 40);
    };
    let out = tokio::time::timeout(Duration::from_secs(120), run).await;
    let _ = c.close().await;
    out.expect("the walk finishes");
}
