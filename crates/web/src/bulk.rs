//! Import (upload, dry run) and export (download) over HTTP, scoped to the caller's
//! organisation, through the same bulk code as `entrack import` and `entrack export`.

use crate::auth::Caller;
use crate::problem::{Problem, ProblemDoc};
use crate::App;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use entrack_bulk::import::{ImportOptions, ImportSummary};
use entrack_bulk::FileError;
use entrack_core::history::Source;
use entrack_core::messages::text;
use entrack_core::parse::parse_service;
use entrack_core::{Lang, L1, L2};
use entrack_store::ExportQuery;
use serde::{Deserialize, Serialize};
use std::io::Write;
use utoipa::{IntoParams, ToSchema};

/// Largest accepted upload (a million status rows as CSV is about 150 MB).
pub const MAX_UPLOAD: usize = 512 << 20;

pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/api/v1/imports",
            post(import).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/api/v1/export", get(export))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Check everything, write nothing.
    pub dry_run: Option<bool>,
    /// Import the valid services and report the others (default: all or nothing).
    pub skip_invalid: Option<bool>,
    /// How non-ISO dates are written: dd.mm.yyyy, m/d/yyyy or d/m/yyyy (default: detected).
    pub date_format: Option<String>,
}

/// What an import did (or would do) and every row error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    #[schema(value_type = Object)]
    pub summary: ImportSummary,
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<FileError>,
    /// Accepted rows to look at: poor notes where the organisation allows them.
    #[schema(value_type = Vec<Object>)]
    pub warnings: Vec<FileError>,
}

/// The upload as it arrives, into a temporary file (read as XLSX when it is a ZIP), and
/// the request's digest for `Idempotency-Key`. Never more than `MAX_UPLOAD` bytes are
/// taken: a declared length over it is refused before a byte is read, a longer stream as
/// soon as it passes the limit (413 either way); memory holds one chunk at a time.
async fn spool(
    headers: &HeaderMap,
    body: axum::body::Body,
    what: &str,
    lang: Lang,
) -> Result<(tempfile::NamedTempFile, [u8; 32]), Problem> {
    use http_body_util::BodyExt;
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            text(
                lang,
                "api-too-large",
                &[("mib", (MAX_UPLOAD >> 20).to_string())],
            ),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD as u64) {
        return Err(too_large());
    }
    let mut tmp = tempfile::Builder::new()
        .prefix("entrack-upload-")
        .tempfile()
        .map_err(|e| Problem::internal(lang, e))?;
    let mut digest = crate::idempotency::Digest::new(what);
    let mut taken = 0usize;
    let mut body = body;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| Problem::bad_request(lang, e.to_string()))?;
        let Ok(chunk) = frame.into_data() else {
            continue;
        };
        taken += chunk.len();
        if taken > MAX_UPLOAD {
            return Err(too_large());
        }
        digest.update(&chunk);
        tmp.write_all(&chunk)
            .map_err(|e| Problem::internal(lang, e))?;
    }
    tmp.flush().map_err(|e| Problem::internal(lang, e))?;
    Ok((tmp, digest.finish()))
}

#[utoipa::path(post, path = "/api/v1/imports", tag = "bulk", params(ImportParams,
        ("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key and file answer the first result")),
    request_body(content = Vec<u8>, description = "The status file: CSV (text/csv) or XLSX", content_type = "text/csv"),
    responses(
        (status = 200, description = "Imported (or checked, with dry_run); errors lists rejected rows", body = ImportResult),
        (status = 400, description = "Unreadable parameters or key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Only an admin imports", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 409, description = "The same Idempotency-Key is still running", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 413, description = "The file is too large", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "Nothing was imported: rows break rules (all or nothing; `result` holds the summary and every row error), or the key was used for another file", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn import(
    State(app): State<App>,
    caller: Caller,
    params: Result<Query<ImportParams>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    let Query(p) = params.map_err(|e| Problem::bad_request(lang, e.body_text()))?;
    let ctx = caller.ctx();
    ctx.require_admin("importing")
        .map_err(|e| Problem::from_op(e, lang))?;
    let date_format = p
        .date_format
        .as_deref()
        .map(|f| {
            entrack_bulk::format::DateFormat::parse(f).ok_or_else(|| {
                Problem::bad_request(lang, format!("date_format: “{f}” is not known"))
            })
        })
        .transpose()?;
    let what = format!(
        "POST /imports?dry_run={:?}&skip_invalid={:?}&date_format={:?}",
        p.dry_run, p.skip_invalid, p.date_format
    );
    let (file, digest) = spool(&headers, body, &what, lang).await?;
    crate::idempotency::once_digest(&app, &caller, &headers, digest, async {
        let store = app.store.clone();
        crate::blocking(lang, move || {
            let mut ctx = ctx;
            ctx.meta.source = Source::Import;
            ctx.meta.batch = Some(entrack_bulk::new_batch_id());
            let opts = ImportOptions {
                dry_run: p.dry_run.unwrap_or(false),
                skip_invalid: p.skip_invalid.unwrap_or(false),
                date_format,
                ctx,
                progress: None,
            };
            let out = entrack_bulk::import::import(&*store, file.path(), &opts)
                .map_err(|e| Problem::internal(lang, e))?;
            let rejected = !out.summary.dry_run && !out.summary.written && !out.errors.is_empty();
            let result = ImportResult {
                summary: out.summary,
                errors: out.errors,
                warnings: out.warnings,
            };
            if rejected {
                let mut p = Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "import-rejected",
                    entrack_core::messages::text(
                        lang,
                        "api-rejected",
                        &[("count", result.errors.len().to_string())],
                    ),
                );
                p.detail = result
                    .errors
                    .first()
                    .map(|e| format!("row {}: {}", e.row, e.message));
                if let Ok(v) = serde_json::to_value(&result) {
                    p = p.with_result(v);
                }
                return Ok(p.into_response());
            }
            Ok((StatusCode::OK, Json(result)).into_response())
        })
        .await
    })
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// csv (default) or xlsx.
    pub format: Option<String>,
    /// Only this tenant (GUID).
    pub tenant: Option<String>,
    /// Only this service (code or alias).
    pub service: Option<String>,
    /// Only services with a row in this L1…
    pub l1: Option<String>,
    /// …and this L2.
    pub l2: Option<String>,
    /// Column headers in the request's language instead of field codes (the file then
    /// is for reading, not for importing again).
    pub labels: Option<bool>,
}

#[utoipa::path(get, path = "/api/v1/export", tag = "bulk", params(ExportParams),
    responses(
        (status = 200, description = "The caller's organisation's status rows in the interchange format", content_type = "text/csv", body = String),
        (status = 400, description = "Unreadable parameters", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn export(
    State(app): State<App>,
    caller: Caller,
    params: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    let Query(p) = params.map_err(|e| Problem::bad_request(lang, e.body_text()))?;
    let bad =
        |what: &str, v: &str| Problem::bad_request(lang, format!("{what}: “{v}” is not known"));
    let xlsx = match p.format.as_deref().map(str::trim) {
        None | Some("") | Some("csv") => false,
        Some("xlsx") => true,
        Some(other) => return Err(bad("format", other)),
    };
    let mut q = ExportQuery {
        org: Some(caller.principal.org),
        ..ExportQuery::default()
    };
    if let Some(t) = &p.tenant {
        // Outside the organisation a tenant is simply not there: an empty file.
        q.tenant = Some(entrack_core::TenantId::parse(t).ok_or_else(|| bad("tenant", t))?);
    }
    if let Some(s) = &p.service {
        q.service = Some(parse_service(s).map_err(|_| bad("service", s))?);
    }
    if let Some(v) = &p.l1 {
        q.l1 = Some(L1::resolve(v).ok_or_else(|| bad("l1", v))?);
    }
    if let Some(v) = &p.l2 {
        let l1 =
            q.l1.ok_or_else(|| Problem::bad_request(lang, "l2 needs l1"))?;
        q.l2 = Some(L2::resolve(l1, v).ok_or_else(|| bad("l2", v))?);
    }
    let labels: Option<Lang> = p.labels.unwrap_or(false).then_some(lang);
    export_file(&app, q, labels, xlsx, lang).await
}

/// The export as a download: CSV or XLSX, written by the same code as `entrack export`.
pub(crate) async fn export_file(
    app: &App,
    q: ExportQuery,
    labels: Option<Lang>,
    xlsx: bool,
    lang: Lang,
) -> Result<Response, Problem> {
    let store = app.store.clone();
    let bytes = crate::blocking(lang, move || {
        let file = tempfile::Builder::new()
            .prefix("entrack-export-")
            .suffix(if xlsx { ".xlsx" } else { ".csv" })
            .tempfile()
            .map_err(|e| Problem::internal(lang, e))?;
        entrack_bulk::export::export(&*store, file.path(), &q, labels)
            .map_err(|e| Problem::internal(lang, e))?;
        std::fs::read(file.path()).map_err(|e| Problem::internal(lang, e))
    })
    .await?;
    let (ct, name) = if xlsx {
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "entrack-export.xlsx",
        )
    } else {
        ("text/csv; charset=utf-8", "entrack-export.csv")
    };
    let mut r = bytes.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}
