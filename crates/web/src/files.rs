//! The import and export page: upload a status file, read what the import would do and
//! every row error, confirm; download exports with filters. Through the same bulk code as
//! `entrack import` / `entrack export` and the API.
//!
//! A checked upload waits in this process (a temporary file, at most one per user, for an
//! hour) until it is confirmed; behind a load balancer, the confirmation must reach the
//! same server (sticky sessions), or the page asks for the file again.

use crate::problem::Problem;
use crate::ui::{self, Page};
use crate::{blocking, App};
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use entrack_bulk::format::DateFormat;
use entrack_bulk::import::{ImportOptions, ImportOutcome};
use entrack_bulk::FileError;
use entrack_core::history::Source;
use entrack_core::messages::text;
use entrack_core::{Lang, Role, Service, TenantId, L1, L2};
use entrack_store::accounts::UserId;
use entrack_store::ExportQuery;
use minijinja::{context, Value};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a checked upload waits for its confirmation.
const KEEP: Duration = Duration::from_secs(3600);
/// Row errors shown on the page; the rest are counted (the API and CLI give them all).
const SHOWN: usize = 200;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/files", get(page))
        .route(
            "/files/check",
            post(check).layer(DefaultBodyLimit::max(crate::bulk::MAX_UPLOAD)),
        )
        .route("/files/import", post(confirm))
        .route("/files/export", get(export))
}

/// A checked upload waiting for its confirmation.
pub struct Upload {
    token: String,
    file: tempfile::NamedTempFile,
    name: String,
    skip_invalid: bool,
    date_format: Option<DateFormat>,
    at: Instant,
}

/// Checked uploads by user.
#[derive(Default)]
pub struct Uploads(Mutex<HashMap<UserId, Upload>>);

impl Uploads {
    fn put(&self, user: UserId, upload: Upload) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, u| u.at.elapsed() < KEEP);
        map.insert(user, upload);
    }

    fn take(&self, user: UserId, token: &str) -> Option<Upload> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = map.get(&user).is_some_and(|u| {
            u.at.elapsed() < KEEP && crate::auth::constant_eq(u.token.as_bytes(), token.as_bytes())
        });
        if fresh {
            map.remove(&user)
        } else {
            None
        }
    }
}

fn date_formats() -> Vec<Value> {
    [
        ("", ""),
        ("dd.mm.yyyy", "dd.mm.yyyy"),
        ("m/d/yyyy", "m/d/yyyy"),
        ("d/m/yyyy", "d/m/yyyy"),
    ]
    .iter()
    .map(|(code, name)| context! { code => code, name => name })
    .collect()
}

fn base(page: &Page) -> Value {
    context! {
        ..page.base(),
        ..context! {
            admin => page.user.role == Role::Admin,
            l1s => ui::l1_options(page.lang),
            l2s => ui::l2_options(page.lang),
            services_all => ui::service_options(),
            date_formats => date_formats(),
        }
    }
}

async fn page(page: Page) -> Response {
    ui::render("files.html", base(&page))
}

fn error_rows(errors: &[FileError]) -> Vec<Value> {
    errors
        .iter()
        .take(SHOWN)
        .map(|e| {
            context! {
                row => e.row, column => e.column.clone().unwrap_or_default(),
                value => e.value.clone().unwrap_or_default(), code => e.code, message => e.message.clone(),
            }
        })
        .collect()
}

fn outcome(page: &Page, out: &ImportOutcome) -> Value {
    let s = &out.summary;
    let line = s.line(page.lang);
    let written = s
        .batch
        .as_ref()
        .filter(|_| s.written)
        .map(|b| text(page.lang, "cli-import-written", &[("batch", b.to_string())]));
    context! {
        summary => line,
        written => written,
        errors => error_rows(&out.errors),
        errors_total => out.errors.len(),
        warnings => error_rows(&out.warnings),
        warnings_total => out.warnings.len(),
    }
}

/// Runs the import of a saved upload as the page's user.
async fn run(
    app: &App,
    page: &Page,
    upload: &Upload,
    dry_run: bool,
) -> Result<ImportOutcome, Problem> {
    let lang = page.lang;
    let mut ctx = page.ctx();
    ctx.meta.source = Source::Import;
    ctx.meta.batch = Some(entrack_bulk::new_batch_id());
    ctx.require_admin("importing")
        .map_err(|e| Problem::from_op(e, lang))?;
    let opts = ImportOptions {
        dry_run,
        skip_invalid: upload.skip_invalid,
        date_format: upload.date_format,
        ctx,
        progress: None,
    };
    let store = app.store.clone();
    let path = upload.file.path().to_path_buf();
    blocking(lang, move || {
        entrack_bulk::import::import(&*store, &path, &opts).map_err(|e| Problem::internal(lang, e))
    })
    .await
}

/// Reads the multipart form: the file streams into a temporary file as it arrives.
async fn read_upload(mut form: Multipart, lang: Lang) -> Result<(Upload, String), Problem> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        let mut p = Problem::bad_request(lang, e.body_text());
        p.status = e.status().as_u16();
        p
    };
    let mut csrf = String::new();
    let mut name = String::new();
    let mut skip_invalid = false;
    let mut date_format = None;
    let mut file = None;
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "file" => {
                name = field.file_name().unwrap_or("").chars().take(200).collect();
                let mut tmp = tempfile::Builder::new()
                    .prefix("entrack-upload-")
                    .tempfile()
                    .map_err(|e| Problem::internal(lang, e))?;
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    tmp.write_all(&chunk)
                        .map_err(|e| Problem::internal(lang, e))?;
                }
                tmp.flush().map_err(|e| Problem::internal(lang, e))?;
                file = Some(tmp);
            }
            "csrf" => csrf = field.text().await.map_err(bad)?,
            "skip_invalid" => skip_invalid = field.text().await.map_err(bad)? == "1",
            "date_format" => {
                let f = field.text().await.map_err(bad)?;
                if !f.is_empty() {
                    date_format = Some(DateFormat::parse(&f).ok_or_else(|| {
                        Problem::bad_request(lang, format!("date_format: “{f}” is not known"))
                    })?);
                }
            }
            _ => {}
        }
    }
    let file = file.ok_or_else(|| Problem::bad_request(lang, "file: missing"))?;
    let token = crate::auth::new_secret();
    Ok((
        Upload {
            token,
            file,
            name,
            skip_invalid,
            date_format,
            at: Instant::now(),
        },
        csrf,
    ))
}

async fn check(
    State(app): State<App>,
    page: Page,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    if !crate::auth::same_site_headers(&headers) {
        return page.forbidden();
    }
    let (upload, csrf) = match read_upload(form, page.lang).await {
        Ok(x) => x,
        Err(p) => return ui::problem(p),
    };
    if let Some(r) = page.refused(&headers, &csrf) {
        return r;
    }
    let out = match run(&app, &page, &upload, true).await {
        Ok(o) => o,
        Err(p) => return ui::problem(p),
    };
    // The import may go ahead when it would write something.
    let can = out.errors.is_empty() || upload.skip_invalid;
    let token = upload.token.clone();
    let name = upload.name.clone();
    if can {
        app.uploads.put(page.user.id, upload);
    }
    ui::render(
        "files.html",
        context! {
            ..base(&page),
            ..context! { checked => outcome(&page, &out), upload => can.then_some(token), file_name => name }
        },
    )
}

#[derive(Deserialize)]
struct ConfirmForm {
    csrf: String,
    upload: String,
}

async fn confirm(
    State(app): State<App>,
    page: Page,
    headers: HeaderMap,
    Form(f): Form<ConfirmForm>,
) -> Response {
    if let Some(r) = page.refused(&headers, &f.csrf) {
        return r;
    }
    let Some(upload) = app.uploads.take(page.user.id, &f.upload) else {
        return ui::render(
            "files.html",
            context! { ..base(&page), ..context! { gone => true } },
        );
    };
    let out = match run(&app, &page, &upload, false).await {
        Ok(o) => o,
        Err(p) => return ui::problem(p),
    };
    ui::render(
        "files.html",
        context! { ..base(&page), ..context! { imported => outcome(&page, &out), file_name => upload.name.clone() } },
    )
}

#[derive(Deserialize, Default)]
struct ExportForm {
    format: Option<String>,
    tenant: Option<String>,
    service: Option<String>,
    l1: Option<String>,
    /// `l1/l2`, as the portfolio's L2 filter gives it.
    l2: Option<String>,
    labels: Option<String>,
}

async fn export(State(app): State<App>, page: Page, Query(f): Query<ExportForm>) -> Response {
    let lang = page.lang;
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let bad = |what: &str, v: &str| {
        ui::problem(Problem::bad_request(
            lang,
            format!("{what}: “{v}” is not known"),
        ))
    };
    let xlsx = match given(&f.format).as_deref() {
        None | Some("csv") => false,
        Some("xlsx") => true,
        Some(other) => return bad("format", other),
    };
    let mut q = ExportQuery {
        org: Some(page.user.org),
        ..ExportQuery::default()
    };
    if let Some(t) = given(&f.tenant) {
        match TenantId::parse(&t) {
            Some(id) => q.tenant = Some(id),
            None => return bad("tenant", &t),
        }
    }
    if let Some(s) = given(&f.service) {
        match Service::resolve(&s) {
            Some(s) => q.service = Some(s),
            None => return bad("service", &s),
        }
    }
    if let Some(v) = given(&f.l1) {
        match L1::resolve(&v) {
            Some(l) => q.l1 = Some(l),
            None => return bad("l1", &v),
        }
    }
    if let Some(v) = given(&f.l2) {
        let found = v.split_once('/').and_then(|(l1, l2)| {
            let l1 = L1::resolve(l1)?;
            Some((l1, L2::resolve(l1, l2)?))
        });
        match found {
            Some((l1, l2)) if q.l1.is_none_or(|x| x == l1) => {
                q.l1 = Some(l1);
                q.l2 = Some(l2);
            }
            _ => return bad("l2", &v),
        }
    }
    let labels = (f.labels.as_deref() == Some("1")).then_some(lang);
    crate::bulk::export_file(&app, q, labels, xlsx, lang)
        .await
        .unwrap_or_else(ui::problem)
}
