//! The `/api/v1` routes and their OpenAPI description. Handlers parse the request, call the
//! same `ops` use case as the CLI on a blocking thread, and answer JSON or a problem.

use crate::auth::Caller;
use crate::problem::{Problem, ProblemDoc};
use crate::{blocking, App, ReqLang};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use entrack_core::change::StatusPut;
use entrack_core::parse::{parse_service, RowInput};
use entrack_core::report::ReportLine;
use entrack_core::wire::ServiceDoc;
use entrack_core::{Lang, Scenario, Service, ServicePhase, TenantId};
use entrack_store::ops::{self, OpError};
use entrack_store::{HistoryQuery, ReportQuery, Store, TenantQuery, TenantSort};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/taxonomy", get(taxonomy))
        .route("/api/v1/tenants", get(list_tenants).post(create_tenant))
        .route("/api/v1/tenants/{tenant}", get(get_tenant))
        .route(
            "/api/v1/tenants/{tenant}/services/{service}",
            get(get_service).put(put_service),
        )
        .route(
            "/api/v1/tenants/{tenant}/services/{service}/entitlement",
            axum::routing::put(put_entitlement),
        )
        .route(
            "/api/v1/tenants/{tenant}/services/{service}/history",
            get(service_history),
        )
        .route("/api/v1/report", get(report))
        .route("/api/v1/suggest", axum::routing::post(suggest))
        .merge(crate::bulk::routes())
}

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let c = doc.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        c.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("entrack_session"))),
        );
        // Every operation that reads a JSON body answers 415 to a body of another type,
        // with the same problem document as its 400.
        for item in doc.paths.paths.values_mut() {
            for op in [&mut item.post, &mut item.put, &mut item.patch]
                .into_iter()
                .flatten()
            {
                let json_body = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                let Some(bad) = op.responses.responses.get("400").cloned() else {
                    continue;
                };
                if json_body {
                    let mut unsupported = bad;
                    if let utoipa::openapi::RefOr::T(r) = &mut unsupported {
                        r.description = "The body was not sent as application/json".into();
                    }
                    op.responses.responses.insert("415".into(), unsupported);
                }
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "entrack",
        description = "Customer entitlements through the FastTrack L1/L2/L3 status playbook."
    ),
    modifiers(&Security),
    security(("token" = []), ("session" = [])),
    paths(
        healthz,
        readyz,
        crate::metrics::metrics,
        taxonomy,
        list_tenants,
        create_tenant,
        get_tenant,
        get_service,
        put_service,
        put_entitlement,
        service_history,
        report,
        suggest,
        crate::bulk::import,
        crate::bulk::export,
        crate::account::login,
        crate::account::logout,
        crate::account::me,
        crate::account::start_mfa,
        crate::account::confirm_mfa,
        crate::account::remove_mfa,
        crate::account::list_sessions,
        crate::account::end_session,
        crate::account::list_tokens,
        crate::account::create_token,
        crate::account::revoke_token,
        crate::account::list_users,
        crate::account::create_user,
        crate::account::set_user_disabled,
        crate::account::list_assignments,
        crate::account::create_assignment,
        crate::account::delete_assignment
    ),
    components(schemas(
        ProblemDoc,
        SuggestBody,
        SuggestDoc,
        ReasonDoc,
        ProposalDoc,
        TenantPage,
        EntitlementBody,
        crate::bulk::ImportResult,
        crate::account::UserDoc,
        crate::account::LoginBody,
        crate::account::SessionDoc,
        crate::account::SessionInfo,
        crate::account::DisabledBody,
        crate::account::Reauth,
        crate::account::CodeBody,
        crate::account::Enrolment,
        crate::account::TokenDoc,
        crate::account::NewToken,
        crate::account::CreatedToken,
        crate::account::NewUserBody,
        crate::account::AssignmentDoc,
        crate::account::NewAssignment,
        TenantDoc,
        TenantWithServices,
        NewTenant,
        StatusBody,
        ServiceDoc,
        SavedDoc,
        RowNoteDoc,
        ReportLine
    ))
)]
pub struct ApiDoc;

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

/// A service entitlement as JSON (a [`ServiceDoc`]), written straight from the state.
fn service_json(s: &entrack_core::ServiceState) -> Response {
    let mut body = Vec::with_capacity(512 + 256 * s.rows.len());
    match serde_json::to_writer(&mut body, &entrack_core::wire::ServiceView(s)) {
        Ok(()) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => Problem::internal(Lang::En, e).into_response(),
    }
}

fn with_etag(version: u64, body: impl IntoResponse) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::ETAG, etag(version));
    r
}

#[utoipa::path(get, path = "/healthz", security(()), responses((status = 200, description = "The process is up")))]
pub async fn healthz() -> &'static str {
    "ok"
}

#[utoipa::path(get, path = "/readyz", security(()), responses(
    (status = 200, description = "The store answers"),
    (status = 503, description = "The store does not answer", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn readyz(State(app): State<App>, ReqLang(lang): ReqLang) -> Response {
    let store = app.store.clone();
    let ready = tokio::task::spawn_blocking(move || {
        store.tenants(&TenantQuery {
            limit: Some(1),
            ..TenantQuery::default()
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
#[utoipa::path(get, path = "/api/v1/taxonomy", security(()), responses(
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
    /// Tenants with a status row of this service (code or alias)…
    pub service: Option<String>,
    /// …in this L1 (code or name in any language)…
    pub l1: Option<String>,
    /// …with this L2…
    pub l2: Option<String>,
    /// …and this L3.
    pub l3: Option<String>,
    /// …owned by someone whose name contains this.
    pub owner: Option<String>,
    /// …whose next action date has passed (before today, UTC).
    pub overdue: Option<bool>,
    /// …whose target date is on or after this day (YYYY-MM-DD)…
    pub target_from: Option<String>,
    /// …and on or before this day.
    pub target_to: Option<String>,
    /// name (default), -name, id or -id.
    pub sort: Option<String>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
    /// At most this many (default 100, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
}

/// One page of tenants; `next` fetches the following one (absent on the last page).
#[derive(Debug, Serialize, ToSchema)]
pub struct TenantPage {
    pub tenants: Vec<TenantDoc>,
    pub next: Option<String>,
}

fn parse_filters(lang: Lang, p: &TenantsParams) -> Result<TenantQuery, Problem> {
    use entrack_core::{L1, L2, L3};
    let bad =
        |what: &str, v: &str| Problem::bad_request(lang, format!("{what}: “{v}” is not known"));
    let mut q = TenantQuery {
        search: p.search.clone().filter(|s| !s.trim().is_empty()),
        ..TenantQuery::default()
    };
    if let Some(s) = &p.service {
        q.service = Some(parse_service(s).map_err(|_| bad("service", s))?);
    }
    if let Some(v) = &p.l1 {
        q.l1 = Some(L1::resolve(v).ok_or_else(|| bad("l1", v))?);
    }
    if let Some(v) = &p.l2 {
        // An L2 names its L1: with l1 given it must belong to it, otherwise any L1's.
        let found = match q.l1 {
            Some(l1) => L2::resolve(l1, v),
            None => L1::ALL.iter().find_map(|l1| L2::resolve(*l1, v)),
        };
        q.l2 = Some(found.ok_or_else(|| bad("l2", v))?);
    }
    if let Some(v) = &p.l3 {
        let found = match q.l2 {
            Some(l2) => L3::resolve(l2, v),
            None => L1::ALL
                .iter()
                .flat_map(|l1| l1.l2s())
                .find_map(|l2| L3::resolve(l2, v)),
        };
        q.l3 = Some(found.ok_or_else(|| bad("l3", v))?);
    }
    q.owner = p.owner.clone().filter(|s| !s.trim().is_empty());
    if p.overdue == Some(true) {
        q.overdue_on = Some(
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date(),
        );
    }
    let date = |what: &str, v: &Option<String>| -> Result<Option<jiff::civil::Date>, Problem> {
        v.as_deref()
            .map(|d| d.trim().parse().map_err(|_| bad(what, d)))
            .transpose()
    };
    q.target_from = date("target_from", &p.target_from)?;
    q.target_to = date("target_to", &p.target_to)?;
    q.sort = match p.sort.as_deref().map(str::trim) {
        None | Some("") | Some("name") => TenantSort::Name,
        Some("-name") => TenantSort::NameDesc,
        Some("id") => TenantSort::Id,
        Some("-id") => TenantSort::IdDesc,
        Some(other) => return Err(bad("sort", other)),
    };
    if let Some(c) = &p.cursor {
        q.after = Some(decode_cursor(c).ok_or_else(|| bad("cursor", c))?);
    }
    Ok(q)
}

/// A cursor is the last tenant's sort key and id, hex-encoded (opaque to clients).
fn encode_cursor(key: &str, id: &TenantId) -> String {
    format!("{key}\u{0}{id}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode_cursor(c: &str) -> Option<(String, TenantId)> {
    if !c.len().is_multiple_of(2) || c.len() > 2048 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..c.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(c.get(i..i + 2)?, 16).ok())
        .collect();
    let s = String::from_utf8(bytes?).ok()?;
    let (key, id) = s.split_once('\u{0}')?;
    Some((key.to_string(), TenantId::parse(id)?))
}

#[utoipa::path(get, path = "/api/v1/tenants", params(TenantsParams), responses(
    (status = 200, description = "The caller's organisation's tenants, filtered, sorted, one page", body = TenantPage),
    (status = 400, description = "Unreadable parameters", body = ProblemDoc, content_type = "application/problem+json"),
    (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn list_tenants(
    State(app): State<App>,
    caller: Caller,
    params: Result<Query<TenantsParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<TenantPage>, Problem> {
    let lang = caller.lang;
    let Query(p) = params.map_err(|e| Problem::bad_request(lang, e.body_text()))?;
    let limit = p.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(Problem::bad_request(lang, "limit is 1 to 1000"));
    }
    let mut q = parse_filters(lang, &p)?;
    q.org = Some(caller.principal.org);
    // One more than asked tells whether there is a next page.
    q.limit = Some(limit + 1);
    let sort = q.sort;
    let store = app.store.clone();
    let mut tenants = blocking(lang, move || store.tenants(&q).map_err(store_err(lang))).await?;
    let more = tenants.len() > limit;
    tenants.truncate(limit);
    let next = more.then(|| tenants.last()).flatten().map(|t| match sort {
        TenantSort::Name | TenantSort::NameDesc => encode_cursor(&t.tenant_name, &t.tenant_id),
        TenantSort::Id | TenantSort::IdDesc => encode_cursor(t.tenant_id.as_str(), &t.tenant_id),
    });
    Ok(Json(TenantPage {
        tenants: tenants.iter().map(TenantDoc::from).collect(),
        next,
    }))
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
    (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
    (status = 403, description = "Only an admin creates tenants", body = ProblemDoc, content_type = "application/problem+json"),
    (status = 422, description = "A rule is broken (invalid-tenant-id, tenant-name-required…)", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn create_tenant(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    crate::idempotency::once(&app, &caller, &headers, "POST /tenants", &body, async {
        let body: NewTenant =
            serde_json::from_slice(&body).map_err(|e| Problem::bad_request(lang, e.to_string()))?;
        let store = app.store.clone();
        let ctx = caller.ctx();
        let (tenant, _) = blocking(lang, move || {
            ops::add_tenant(&*store, &ctx, &body.tenant_id, &body.tenant_name).map_err(op(lang))
        })
        .await?;
        let mut r = (StatusCode::CREATED, Json(TenantDoc::from(&tenant))).into_response();
        if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/tenants/{}", tenant.tenant_id)) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        Ok(r)
    })
    .await
}

/// A tenant and its service entitlements.
#[derive(Debug, Serialize, ToSchema)]
pub struct TenantWithServices {
    pub tenant: TenantDoc,
    pub services: Vec<ServiceDoc>,
}

#[utoipa::path(get, path = "/api/v1/tenants/{tenant}", params(("tenant" = String, Path, description = "Tenant GUID", example = "6f9619ff-8b86-d011-b42d-00c04fc964ff")), responses(
    (status = 200, description = "The tenant and its services", body = TenantWithServices),
    (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
    (status = 404, description = "No such tenant in the caller's organisation", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn get_tenant(
    State(app): State<App>,
    caller: Caller,
    Path(tenant): Path<String>,
) -> Result<Json<TenantWithServices>, Problem> {
    let lang = caller.lang;
    let id = tenant_id(lang, &tenant)?;
    let store = app.store.clone();
    blocking(lang, move || {
        let t = ops::visible_tenant(&*store, &caller.ctx(), &id).map_err(op(lang))?;
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
    caller: Caller,
    tenant: String,
    service: String,
) -> Result<entrack_core::ServiceState, Problem> {
    let lang = caller.lang;
    let id = tenant_id(lang, &tenant)?;
    let service = service_code(lang, &service)?;
    crate::point_read(&store.clone(), lang, move || {
        ops::visible_service(&*store, &caller.ctx(), &id, service).map_err(op(lang))
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/services/{service}",
    params(("tenant" = String, Path, description = "Tenant GUID", example = "6f9619ff-8b86-d011-b42d-00c04fc964ff"), ("service" = String, Path, description = "Service code or alias", example = "exchange")),
    responses(
        (status = 200, description = "The service entitlement and its status rows; ETag is its version", body = ServiceDoc,
         headers(("ETag" = String, description = "\"v<version>\""))),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such tenant or service in the caller's organisation", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn get_service(
    State(app): State<App>,
    caller: Caller,
    Path((tenant, service)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let s = read_service(app.store.clone(), caller, tenant, service).await?;
    Ok(with_etag(s.version, service_json(&s)))
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
        (status = 200, description = "Saved (or nothing to change); ETag is the new version. `notes`: Suggest's grade and proposals for the note of each row the change added or altered (a poor note is refused with rule note-poor unless the organisation allows poor notes)", body = SavedDoc,
         headers(("ETag" = String, description = "\"v<version>\""))),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Not assigned to the tenant (or a viewer), or a cookie without its CSRF token", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such tenant or service in the caller's organisation", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read; current_version says to what", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "A playbook rule is broken; errors lists every one", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn put_service(
    State(app): State<App>,
    caller: Caller,
    Path((tenant, service)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Json<StatusBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    let id = tenant_id(lang, &tenant)?;
    let service = service_code(lang, &service)?;
    let expected = expected_version(lang, &headers)?;
    let Json(body) = body.map_err(|e| Problem::json_body(lang, e))?;
    let input = status_put(body).map_err(op(lang))?;
    let store = app.store.clone();
    let ctx = caller.ctx();
    let out = blocking(lang, move || {
        ops::put_status_if(&*store, &ctx, &id, service, &input, expected).map_err(op(lang))
    })
    .await?;
    // The service, and what Suggest says of the note of each row the change added or
    // altered (rows numbered as sent).
    let mut doc = serde_json::to_value(entrack_core::wire::ServiceView(&out.state))
        .map_err(|e| Problem::internal(lang, e))?;
    doc["notes"] = out
        .notes
        .iter()
        .map(|n| entrack_suggest::row_note_json(n, lang))
        .collect();
    Ok(with_etag(out.state.version, Json(doc)))
}

/// The version an `If-Match` header asks for (`None`: any); 428 without the header.
fn expected_version(lang: Lang, headers: &HeaderMap) -> Result<Option<u64>, Problem> {
    Ok(match if_match(headers) {
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
    })
}

/// A service's total entitlements and service-level fields (the licensing side).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntitlementBody {
    /// Total entitlements; absent keeps the stored total (0 for a new service).
    #[schema(minimum = 0)]
    pub total_entitlements: Option<u64>,
    /// assignment or delivery; `null` clears it; absent leaves it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub scenario: Option<Option<String>>,
    /// The delivery channel (code); absent leaves it.
    pub engagement_scenario: Option<String>,
    /// The adoption phase; `null` clears it; absent leaves it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub service_status: Option<Option<String>>,
    /// YYYY-MM-DD; `null` clears it; absent leaves it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub engagement_start_date: Option<Option<String>>,
}

fn entitlement_set(b: EntitlementBody) -> Result<entrack_core::change::EntitlementSet, OpError> {
    use entrack_core::rules::{RuleCode, Violation};
    use entrack_core::{EngagementScenario, Field};
    let mut errors = Vec::new();
    let scenario = code_update(b.scenario, Scenario::from_code, Field::Scenario)
        .map_err(|v| errors.push(v))
        .ok()
        .flatten();
    let phase = code_update(
        b.service_status,
        ServicePhase::from_code,
        Field::ServiceStatus,
    )
    .map_err(|v| errors.push(v))
    .ok()
    .flatten();
    let start = code_update(
        b.engagement_start_date,
        |s| s.parse::<jiff::civil::Date>().ok(),
        Field::EngagementStartDate,
    )
    .map_err(|v| errors.push(v))
    .ok()
    .flatten();
    let engagement = match b.engagement_scenario {
        None => None,
        Some(s) => match EngagementScenario::from_code(s.trim()) {
            Some(e) => Some(e),
            None => {
                errors.push(
                    Violation::new(RuleCode::InvalidValue)
                        .field(Field::EngagementScenario)
                        .value(s),
                );
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(OpError::Rejected(errors));
    }
    Ok(entrack_core::change::EntitlementSet {
        total: b.total_entitlements,
        scenario,
        engagement_scenario: engagement,
        service_status: phase,
        engagement_start_date: start,
    })
}

#[utoipa::path(put, path = "/api/v1/tenants/{tenant}/services/{service}/entitlement",
    params(
        ("tenant" = String, Path, description = "Tenant GUID", example = "6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        ("service" = String, Path, description = "Service code or alias", example = "exchange"),
        ("If-Match" = Option<String>, Header, description = "The ETag of the service as read; `*` or absent creates or changes whatever is stored")
    ),
    request_body = EntitlementBody,
    responses(
        (status = 200, description = "Set (a new service is created with its seats in Status Unknown)", body = ServiceDoc,
         headers(("ETag" = String, description = "\"v<version>\""))),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Only an admin sets entitlements", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such tenant in the caller's organisation", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "A playbook rule is broken", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn put_entitlement(
    State(app): State<App>,
    caller: Caller,
    Path((tenant, service)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Json<EntitlementBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    let id = tenant_id(lang, &tenant)?;
    let service = service_code(lang, &service)?;
    let expected = match if_match(&headers) {
        Precondition::Missing | Precondition::Any => None,
        Precondition::Version(v) => Some(v),
        Precondition::Never => Some(0),
    };
    let Json(body) = body.map_err(|e| Problem::json_body(lang, e))?;
    let input = entitlement_set(body).map_err(op(lang))?;
    let store = app.store.clone();
    let ctx = caller.ctx();
    let out = blocking(lang, move || {
        ops::set_entitlement_if(&*store, &ctx, &id, service, &input, expected).map_err(op(lang))
    })
    .await?;
    Ok(with_etag(out.state.version, service_json(&out.state)))
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
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such tenant or service in the caller's organisation", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn service_history(
    State(app): State<App>,
    caller: Caller,
    Path((tenant, service)): Path<(String, String)>,
    params: Result<Query<HistoryParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    let Query(p) = params.map_err(|e| Problem::bad_request(lang, e.body_text()))?;
    let limit = p.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(Problem::bad_request(lang, "limit is 1 to 1000"));
    }
    let id = tenant_id(lang, &tenant)?;
    let service = service_code(lang, &service)?;
    let store = app.store.clone();
    let events = blocking(lang, move || {
        ops::ensure_visible(&*store, &caller.ctx(), &id).map_err(op(lang))?;
        let events = store
            .history(&HistoryQuery {
                org: Some(caller.principal.org),
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
    (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
    (status = 404, description = "No such service", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn report(
    State(app): State<App>,
    caller: Caller,
    params: Result<Query<ReportParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<ReportLine>>, Problem> {
    let lang = caller.lang;
    let Query(p) = params.map_err(|e| Problem::bad_request(lang, e.body_text()))?;
    let service = p.service.map(|s| service_code(lang, &s)).transpose()?;
    let store = app.store.clone();
    blocking(lang, move || {
        store
            .report(&ReportQuery {
                org: Some(caller.principal.org),
                include_invalid: p.include_invalid.unwrap_or(false),
                service,
            })
            .map(Json)
            .map_err(store_err(lang))
    })
    .await
}

/// A note to grade, and the service it is about.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestBody {
    pub note: String,
    /// Service code, name or alias (for the L3).
    pub service: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonDoc {
    /// empty, too-short, bare-status, logistics, no-reason, vague-reason, hedge, too-long or
    /// reference.
    pub code: &'static str,
    /// The words of the note that show it.
    pub found: Option<String>,
    /// What to do about it, in the caller's language.
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalDoc {
    pub l1: &'static str,
    pub l2: Option<&'static str>,
    pub l3: Option<&'static str>,
    /// Share of confidence, 0 to 1; the proposals add up to at most 1.
    pub score: f32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestDoc {
    /// great, marginal or poor.
    pub grade: &'static str,
    pub reasons: Vec<ReasonDoc>,
    /// Best first.
    pub proposals: Vec<ProposalDoc>,
}

/// A saved service with what Suggest says of its changed rows' notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedDoc {
    #[serde(flatten)]
    pub service: ServiceDoc,
    pub notes: Vec<RowNoteDoc>,
}

/// Suggest on the note of one changed row.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowNoteDoc {
    /// 1-based position of the row as sent.
    pub row: usize,
    /// great, marginal or poor.
    pub grade: &'static str,
    pub reasons: Vec<ReasonDoc>,
    /// The three best, best first.
    pub proposals: Vec<ProposalDoc>,
}

/// Notes longer than this are refused before they are read.
const SUGGEST_MAX_CHARS: usize = 4000;

#[utoipa::path(post, path = "/api/v1/suggest", request_body = SuggestBody, responses(
    (status = 200, description = "The note's grade with its reasons, and the proposed L1/L2/L3", body = SuggestDoc),
    (status = 400, description = "Unreadable body, or a note of more than 4,000 characters", body = ProblemDoc, content_type = "application/problem+json"),
    (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
    (status = 422, description = "No such service", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn suggest(
    caller: Caller,
    body: Result<Json<SuggestBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<SuggestDoc>, Problem> {
    let lang = caller.lang;
    let Json(body) = body.map_err(|e| Problem::json_body(lang, e))?;
    if body.note.chars().count() > SUGGEST_MAX_CHARS {
        return Err(Problem::bad_request(
            lang,
            format!("the note has more than {SUGGEST_MAX_CHARS} characters"),
        ));
    }
    let service = body
        .service
        .as_deref()
        .map(|s| ops::resolve_service(s).map_err(op(lang)))
        .transpose()?;
    let s = entrack_suggest::engine().suggest(&body.note, service);
    Ok(Json(SuggestDoc {
        grade: s.grade.level.code(),
        reasons: s
            .grade
            .reasons
            .iter()
            .map(|r| ReasonDoc {
                code: r.code.code(),
                found: r.found.clone(),
                message: entrack_core::messages::text(
                    lang,
                    &entrack_suggest::message_key(r.code),
                    &[("found", r.found.clone().unwrap_or_default())],
                ),
            })
            .collect(),
        proposals: s
            .proposals
            .iter()
            .map(|p| ProposalDoc {
                l1: p.l1.code(),
                l2: p.l2.map(|x| x.code()),
                l3: p.l3.map(|x| x.code()),
                score: p.score,
            })
            .collect(),
    }))
}
