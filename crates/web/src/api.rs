//! The `/api/v1` routes and their OpenAPI description. Handlers parse the request, call the
//! same `ops` use case as the CLI on a blocking thread, and answer JSON or a problem.

use crate::problem::{Problem, ProblemDoc};
use crate::{App, ReqLang};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use entrack_core::change::{Meta, StatusPut};
use entrack_core::history::Source;
use entrack_core::parse::{parse_service, RowInput};
use entrack_core::report::ReportLine;
use entrack_core::wire::ServiceDoc;
use entrack_core::{Lang, Scenario, Service, ServicePhase, TenantId};
use entrack_store::ops::{self, Ctx, OpError};
use entrack_store::{HistoryQuery, ReportQuery, Store, TenantQuery};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, OpenApi, ToSchema};

/// The actor recorded for API writes until accounts exist.
const API_ACTOR: &str = "api";

pub fn routes() -> Router<App> {
    Router::new()
        .route("/taxonomy", get(taxonomy))
        .route("/tenants", get(list_tenants).post(create_tenant))
        .route("/tenants/{tenant}", get(get_tenant))
        .route(
            "/tenants/{tenant}/services/{service}",
            get(get_service).put(put_service),
        )
        .route(
            "/tenants/{tenant}/services/{service}/history",
            get(service_history),
        )
        .route("/report", get(report))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "entrack",
        description = "Customer entitlements through the FastTrack L1/L2/L3 status playbook."
    ),
    paths(
        healthz,
        readyz,
        taxonomy,
        list_tenants,
        create_tenant,
        get_tenant,
        get_service,
        put_service,
        service_history,
        report
    ),
    components(schemas(
        ProblemDoc,
        TenantDoc,
        TenantWithServices,
        NewTenant,
        StatusBody,
        ServiceDoc,
        ReportLine
    ))
)]
pub struct ApiDoc;

/// Runs a store call on the blocking pool.
async fn blocking<T: Send + 'static>(
    lang: Lang,
    f: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(Problem::internal(lang, e)))
}

fn op(lang: Lang) -> impl Fn(OpError) -> Problem {
    move |e| Problem::from_op(e, lang)
}

fn store_err(lang: Lang) -> impl Fn(entrack_store::StoreError) -> Problem {
    move |e| Problem::from_store(e, lang)
}

fn tenant_id(lang: Lang, s: &str) -> Result<TenantId, Problem> {
    TenantId::parse(s).ok_or_else(|| Problem::not_found(lang, format!("tenant {s}")))
}

fn service_code(lang: Lang, s: &str) -> Result<Service, Problem> {
    parse_service(s).map_err(|_| Problem::not_found(lang, format!("service {s}")))
}

fn ctx(lang: Lang) -> Ctx {
    Ctx {
        meta: Meta {
            at: jiff::Timestamp::now(),
            actor: API_ACTOR.into(),
            source: Source::Api,
            batch: None,
        },
        role: None,
        lang,
    }
}

fn etag(version: u64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"v{version}\"")).expect("ascii")
}

/// What an `If-Match` header asks for.
enum Precondition {
    /// No header: the request is refused with 428.
    Missing,
    /// `*`: whatever version is stored.
    Any,
    /// The stored version must be this one.
    Version(u64),
    /// Tags that can never match (weak or foreign): 412.
    Never,
}

fn if_match(headers: &HeaderMap) -> Precondition {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Precondition::Missing;
    };
    let v = v.to_str().unwrap_or("").trim();
    if v == "*" {
        return Precondition::Any;
    }
    // Strong comparison (RFC 9110 13.1.1): a weak tag never matches.
    v.split(',')
        .map(str::trim)
        .find_map(|t| t.strip_prefix("\"v")?.strip_suffix('"')?.parse().ok())
        .map(Precondition::Version)
        .unwrap_or(Precondition::Never)
}

fn with_etag(version: u64, body: impl IntoResponse) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::ETAG, etag(version));
    r
}

#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "The process is up")))]
pub async fn healthz() -> &'static str {
    "ok"
}

#[utoipa::path(get, path = "/readyz", responses(
    (status = 200, description = "The store answers"),
    (status = 503, description = "The store does not answer", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn readyz(State(app): State<App>, ReqLang(lang): ReqLang) -> Response {
    let store = app.store.clone();
    let ready = tokio::task::spawn_blocking(move || {
        store.tenants(&TenantQuery {
            search: None,
            limit: Some(1),
        })
    })
    .await;
    match ready {
        Ok(Ok(_)) => "ready".into_response(),
        Ok(Err(e)) => {
            let mut p = Problem::from_store(e, lang);
            p.status = StatusCode::SERVICE_UNAVAILABLE.as_u16();
            p.into_response()
        }
        Err(e) => Problem::internal(lang, e).into_response(),
    }
}

pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// The playbook's taxonomy and service catalogue, names in every language.
#[utoipa::path(get, path = "/api/v1/taxonomy", responses(
    (status = 200, description = "Services, L1, L2 and L3 with their names", body = Object)
))]
pub async fn taxonomy(ReqLang(lang): ReqLang) -> Response {
    let mut r = Json(entrack_core::taxonomy::taxonomy()).into_response();
    r.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.code()),
    );
    r
}

/// A customer tenant.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TenantDoc {
    pub tenant_id: String,
    pub tenant_name: String,
}

impl From<&entrack_core::Tenant> for TenantDoc {
    fn from(t: &entrack_core::Tenant) -> TenantDoc {
        TenantDoc {
            tenant_id: t.tenant_id.to_string(),
            tenant_name: t.tenant_name.clone(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TenantsParams {
    /// Part of the name or id, any case.
    pub search: Option<String>,
    /// At most this many (default 100, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
}

#[utoipa::path(get, path = "/api/v1/tenants", params(TenantsParams), responses(
    (status = 200, description = "Tenants by name", body = [TenantDoc]),
    (status = 400, description = "Unreadable parameters", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn list_tenants(
    State(app): State<App>,
    ReqLang(lang): ReqLang,
    params: Result<Query<TenantsParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<TenantDoc>>, Problem> {
    let Query(p) = params.map_err(|e| Problem::bad_request(lang, e.body_text()))?;
    let limit = p.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(Problem::bad_request(lang, "limit is 1 to 1000"));
    }
    let store = app.store.clone();
    let tenants = blocking(lang, move || {
        store
            .tenants(&TenantQuery {
                search: p.search.filter(|s| !s.trim().is_empty()),
                limit: Some(limit),
            })
            .map_err(store_err(lang))
    })
    .await?;
    Ok(Json(tenants.iter().map(TenantDoc::from).collect()))
}

/// A tenant to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTenant {
    /// The tenant's GUID.
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub tenant_id: String,
    /// Not blank, no control characters.
    #[schema(
        min_length = 1,
        max_length = 256,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub tenant_name: String,
}

#[utoipa::path(post, path = "/api/v1/tenants", request_body = NewTenant, responses(
    (status = 201, description = "Created", body = TenantDoc),
    (status = 409, description = "A tenant with this id exists (tenant-exists)", body = ProblemDoc, content_type = "application/problem+json"),
    (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
    (status = 422, description = "A rule is broken (invalid-tenant-id, tenant-name-required…)", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn create_tenant(
    State(app): State<App>,
    ReqLang(lang): ReqLang,
    body: Result<Json<NewTenant>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let Json(body) = body.map_err(|e| Problem::bad_request(lang, e.body_text()))?;
    let store = app.store.clone();
    let (tenant, _) = blocking(lang, move || {
        ops::add_tenant(&*store, &ctx(lang), &body.tenant_id, &body.tenant_name).map_err(op(lang))
    })
    .await?;
    let mut r = (StatusCode::CREATED, Json(TenantDoc::from(&tenant))).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/tenants/{}", tenant.tenant_id)) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    Ok(r)
}

/// A tenant and its service entitlements.
#[derive(Debug, Serialize, ToSchema)]
pub struct TenantWithServices {
    pub tenant: TenantDoc,
    pub services: Vec<ServiceDoc>,
}

#[utoipa::path(get, path = "/api/v1/tenants/{tenant}", params(("tenant" = String, Path, description = "Tenant GUID", example = "6f9619ff-8b86-d011-b42d-00c04fc964ff")), responses(
    (status = 200, description = "The tenant and its services", body = TenantWithServices),
    (status = 404, description = "No such tenant", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn get_tenant(
    State(app): State<App>,
    ReqLang(lang): ReqLang,
    Path(tenant): Path<String>,
) -> Result<Json<TenantWithServices>, Problem> {
    let id = tenant_id(lang, &tenant)?;
    let store = app.store.clone();
    blocking(lang, move || {
        let t = store
            .tenant(&id)
            .map_err(store_err(lang))?
            .ok_or_else(|| Problem::not_found(lang, format!("tenant {id}")))?;
        let services = store.services(&id).map_err(store_err(lang))?;
        Ok(Json(TenantWithServices {
            tenant: TenantDoc::from(&t),
            services: services.iter().map(ServiceDoc::from).collect(),
        }))
    })
    .await
}

async fn read_service(
    store: Arc<dyn Store>,
    lang: Lang,
    tenant: String,
    service: String,
) -> Result<entrack_core::ServiceState, Problem> {
    let id = tenant_id(lang, &tenant)?;
    let service = service_code(lang, &service)?;
    blocking(lang, move || {
        store
            .service(&id, service)
            .map_err(store_err(lang))?
            .ok_or_else(|| Problem::not_found(lang, format!("{} of tenant {id}", service.code())))
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/services/{service}",
    params(("tenant" = String, Path, description = "Tenant GUID", example = "6f9619ff-8b86-d011-b42d-00c04fc964ff"), ("service" = String, Path, description = "Service code or alias", example = "exchange")),
    responses(
        (status = 200, description = "The service entitlement and its status rows; ETag is its version", body = ServiceDoc,
         headers(("ETag" = String, description = "\"v<version>\""))),
        (status = 404, description = "No such tenant or service", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn get_service(
    State(app): State<App>,
    ReqLang(lang): ReqLang,
    Path((tenant, service)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let s = read_service(app.store.clone(), lang, tenant, service).await?;
    Ok(with_etag(s.version, Json(ServiceDoc::from(&s))))
}

/// All status rows of a service (replacing the stored ones), as FTOP's Save does.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// Status rows: `l1`, `l2`, `l3`, `entitlements`, `target_date`, `owner`, `note`,
    /// `next_action`, `next_action_date` (codes or names in any of the four languages).
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<serde_json::Value>,
    /// Assignment or delivery; `null` clears it; absent leaves it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub scenario: Option<Option<String>>,
    /// The adoption phase; `null` clears it; absent leaves it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub service_status: Option<Option<String>>,
}

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

fn code_update<T>(
    v: Option<Option<String>>,
    parse: fn(&str) -> Option<T>,
    field: entrack_core::Field,
) -> Result<Option<Option<T>>, entrack_core::rules::Violation> {
    match v {
        None => Ok(None),
        Some(None) => Ok(Some(None)),
        Some(Some(s)) => parse(s.trim()).map(|x| Some(Some(x))).ok_or_else(|| {
            entrack_core::rules::Violation::new(entrack_core::rules::RuleCode::InvalidValue)
                .field(field)
                .value(s)
        }),
    }
}

fn status_put(body: StatusBody) -> Result<StatusPut, OpError> {
    let mut errors = Vec::new();
    let mut rows = Vec::with_capacity(body.rows.len());
    for (i, item) in body.rows.iter().enumerate() {
        match RowInput::from_json(item, i + 1) {
            Ok(r) => rows.push(r),
            Err(e) => errors.extend(e),
        }
    }
    let scenario = code_update(
        body.scenario,
        Scenario::from_code,
        entrack_core::Field::Scenario,
    )
    .map_err(|v| errors.push(v))
    .ok()
    .flatten();
    let service_status = code_update(
        body.service_status,
        ServicePhase::from_code,
        entrack_core::Field::ServiceStatus,
    )
    .map_err(|v| errors.push(v))
    .ok()
    .flatten();
    if !errors.is_empty() {
        return Err(OpError::Rejected(errors));
    }
    Ok(StatusPut {
        rows,
        scenario,
        service_status,
    })
}

#[utoipa::path(put, path = "/api/v1/tenants/{tenant}/services/{service}",
    params(
        ("tenant" = String, Path, description = "Tenant GUID", example = "6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        ("service" = String, Path, description = "Service code or alias", example = "exchange"),
        ("If-Match" = String, Header, description = "The ETag of the service as read (\"v<version>\")")
    ),
    request_body = StatusBody,
    responses(
        (status = 200, description = "Saved (or nothing to change); ETag is the new version", body = ServiceDoc,
         headers(("ETag" = String, description = "\"v<version>\""))),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such tenant or service", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read; current_version says to what", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "A playbook rule is broken; errors lists every one", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn put_service(
    State(app): State<App>,
    ReqLang(lang): ReqLang,
    Path((tenant, service)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Json<StatusBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let id = tenant_id(lang, &tenant)?;
    let service = service_code(lang, &service)?;
    let expected = match if_match(&headers) {
        Precondition::Missing => {
            return Err(Problem::new(
                StatusCode::PRECONDITION_REQUIRED,
                "precondition-required",
                entrack_core::messages::text(lang, "api-precondition-required", &[]),
            ))
        }
        Precondition::Any => None,
        Precondition::Version(v) => Some(v),
        // Stored versions start at 1: version 0 never matches, and the answer says which is.
        Precondition::Never => Some(0),
    };
    let Json(body) = body.map_err(|e| Problem::bad_request(lang, e.body_text()))?;
    let input = status_put(body).map_err(op(lang))?;
    let store = app.store.clone();
    let out = blocking(lang, move || {
        ops::put_status_if(&*store, &ctx(lang), &id, service, &input, expected).map_err(op(lang))
    })
    .await?;
    Ok(with_etag(
        out.state.version,
        Json(ServiceDoc::from(&out.state)),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryParams {
    /// At most this many events, newest first (default 100, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
}

#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/services/{service}/history",
    params(("tenant" = String, Path, description = "Tenant GUID", example = "6f9619ff-8b86-d011-b42d-00c04fc964ff"), ("service" = String, Path, description = "Service code or alias", example = "exchange"), HistoryParams),
    responses(
        (status = 200, description = "Events, newest first", body = [Object]),
        (status = 400, description = "Unreadable parameters", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such tenant or service", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn service_history(
    State(app): State<App>,
    ReqLang(lang): ReqLang,
    Path((tenant, service)): Path<(String, String)>,
    params: Result<Query<HistoryParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    let Query(p) = params.map_err(|e| Problem::bad_request(lang, e.body_text()))?;
    let limit = p.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(Problem::bad_request(lang, "limit is 1 to 1000"));
    }
    let id = tenant_id(lang, &tenant)?;
    let service = service_code(lang, &service)?;
    let store = app.store.clone();
    let events = blocking(lang, move || {
        if store.tenant(&id).map_err(store_err(lang))?.is_none() {
            return Err(Problem::not_found(lang, format!("tenant {id}")));
        }
        let events = store
            .history(&HistoryQuery {
                tenant: Some(id.clone()),
                service: Some(service),
                until: None,
                limit: Some(limit),
            })
            .map_err(store_err(lang))?;
        if events.is_empty() {
            return Err(Problem::not_found(
                lang,
                format!("{} of tenant {id}", service.code()),
            ));
        }
        Ok(events)
    })
    .await?;
    Ok(Json(events).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// Count Duplicate/Invalid rows too (left out by default, as FTC reporting does).
    pub include_invalid: Option<bool>,
    /// Only this service.
    pub service: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/report", params(ReportParams), responses(
    (status = 200, description = "Rows and entitlements by service × L1 × L2", body = [ReportLine]),
    (status = 400, description = "Unreadable parameters", body = ProblemDoc, content_type = "application/problem+json"),
    (status = 404, description = "No such service", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn report(
    State(app): State<App>,
    ReqLang(lang): ReqLang,
    params: Result<Query<ReportParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<ReportLine>>, Problem> {
    let Query(p) = params.map_err(|e| Problem::bad_request(lang, e.body_text()))?;
    let service = p.service.map(|s| service_code(lang, &s)).transpose()?;
    let store = app.store.clone();
    blocking(lang, move || {
        store
            .report(&ReportQuery {
                include_invalid: p.include_invalid.unwrap_or(false),
                service,
            })
            .map(Json)
            .map_err(store_err(lang))
    })
    .await
}
