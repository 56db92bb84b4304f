//! The web UI: server-rendered pages over the same use cases as the API. Templates are
//! minijinja with HTML escaping on every `.html` template (no HTML is built by string
//! formatting); the stylesheet and the one small script are embedded; every form carries
//! the session's CSRF token and is checked to come from this site. Pages work without the
//! script: it only filters the cascading selects, shows the fields an L1 allows and keeps
//! the live sum.

use crate::auth::{self, cookie_value, secret_hash};
use crate::problem::Problem;
use crate::{accept_language, blocking, App};
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use entrack_core::change::{Meta, StatusPut};
use entrack_core::history::{Event, Source};
use entrack_core::messages::{body, field_label, text};
use entrack_core::model::Field;
use entrack_core::parse::RowInput;
use entrack_core::rules::{field_rules, Need, Violation};
use entrack_core::taxonomy::{Service, L1, L2, L3};
use entrack_core::{Lang, ServiceState, TenantId};
use entrack_store::accounts::{SecretHash, User};
use entrack_store::ops::{self, Ctx, OpError, Principal};
use entrack_store::{
    AgeBucket, Count, HistoryQuery, InsightQuery, Insights, ReportQuery, TenantQuery, TenantSort,
};
use minijinja::{context, Environment, Value};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The language cookie: set by the switcher, read before `Accept-Language`.
const LANG_COOKIE: &str = "entrack_lang";
/// Tenants per page of the portfolio.
const PAGE: usize = 25;

/// Pages may load this site's stylesheet and script, nothing else; no inline script.
const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, src) in [
        ("base.html", include_str!("../templates/base.html")),
        ("login.html", include_str!("../templates/login.html")),
        ("tenants.html", include_str!("../templates/tenants.html")),
        ("tenant.html", include_str!("../templates/tenant.html")),
        ("edit.html", include_str!("../templates/edit.html")),
        ("history.html", include_str!("../templates/history.html")),
        (
            "dashboard.html",
            include_str!("../templates/dashboard.html"),
        ),
        ("taxonomy.html", include_str!("../templates/taxonomy.html")),
        ("files.html", include_str!("../templates/files.html")),
        ("account.html", include_str!("../templates/account.html")),
    ] {
        env.add_template(name, src).expect("templates parse");
    }
    // t("key"): the UI text `ui-key` in the page's language.
    env.add_function("t", |state: &minijinja::State, key: String| -> String {
        let lang = state
            .lookup("lang")
            .and_then(|v| v.as_str().and_then(Lang::from_locale))
            .unwrap_or(Lang::En);
        text(lang, &format!("ui-{key}"), &[])
    });
    env
});

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/tenants") }))
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(set_lang))
        .route("/tenants", get(portfolio))
        .route("/tenants/{tenant}", get(tenant_page))
        .route(
            "/tenants/{tenant}/services/{service}",
            get(edit_page).post(edit_submit),
        )
        .route(
            "/tenants/{tenant}/services/{service}/history",
            get(history_page),
        )
        .route("/dashboard", get(dashboard))
        .route("/dashboard.csv", get(dashboard_csv))
        .route("/taxonomy", get(taxonomy_page))
        .route("/account", get(account_page))
        .route("/account/sessions/{id}/end", post(account_end_session))
        .route("/account/mfa", post(account_mfa_start))
        .route("/account/mfa/confirm", post(account_mfa_confirm))
        .route("/account/mfa/remove", post(account_mfa_remove))
        .route("/static/app.css", get(css))
        .route("/static/app.js", get(js))
}

async fn css() -> Response {
    asset("text/css; charset=utf-8", include_str!("../static/app.css"))
}

async fn js() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("../static/app.js"),
    )
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

/// The page's language: the switcher's cookie, else `Accept-Language`.
pub fn ui_lang(headers: &HeaderMap) -> Lang {
    if let Some(l) = cookie_value(headers, LANG_COOKIE).and_then(Lang::from_locale) {
        return l;
    }
    accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    )
}

/// A signed-in user on a page: who, the session's CSRF token and the language. Without a
/// valid session the page answers with a redirect to the sign-in form.
pub struct Page {
    pub user: User,
    pub csrf: String,
    pub lang: Lang,
    pub session: SecretHash,
    /// The page's path and query, for the language switcher to come back to.
    pub here: String,
}

impl Page {
    pub(crate) fn ctx(&self) -> Ctx {
        Ctx {
            meta: Meta {
                at: jiff::Timestamp::now(),
                actor: self.user.username.clone(),
                source: Source::Ui,
                batch: None,
            },
            role: Some(self.user.role),
            lang: self.lang,
            principal: Some(Principal::of(&self.user)),
        }
    }

    /// The form came from this site with this session's token.
    pub(crate) fn refused(&self, parts: &HeaderMap, token: &str) -> Option<Response> {
        if auth::same_site_headers(parts)
            && auth::constant_eq(token.as_bytes(), self.csrf.as_bytes())
        {
            None
        } else {
            Some(self.forbidden())
        }
    }

    /// The answer to a form that did not come from this site's page.
    pub(crate) fn forbidden(&self) -> Response {
        Problem::new(
            StatusCode::FORBIDDEN,
            "csrf",
            text(self.lang, "api-csrf", &[]),
        )
        .into_response()
    }

    pub(crate) fn base(&self) -> Value {
        context! {
            lang => self.lang.code(),
            csrf => self.csrf.clone(),
            here => self.here.clone(),
            user => self.user.display_name.clone(),
            role => self.user.role.code(),
        }
    }
}

impl axum::extract::FromRequestParts<App> for Page {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Response> {
        let lang = ui_lang(&parts.headers);
        let to_login = |parts: &Parts| {
            let next = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let q = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
            Redirect::to(&format!("/login?{q}")).into_response()
        };
        let Some(cookie) = cookie_value(&parts.headers, app.auth.cookie_name()) else {
            return Err(to_login(parts));
        };
        let hash = secret_hash(cookie);
        let found = auth::live_session(app, lang, hash)
            .await
            .map_err(IntoResponse::into_response)?;
        match found {
            Some((s, user)) => Ok(Page {
                user,
                csrf: s.csrf,
                lang,
                session: hash,
                here: parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "/tenants".into()),
            }),
            None => Err(to_login(parts)),
        }
    }
}

/// A rendered page with the page policy.
pub(crate) fn render(name: &str, ctx: Value) -> Response {
    let html = TEMPLATES.get_template(name).and_then(|t| t.render(ctx));
    match html {
        Ok(html) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ),
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(PAGE_CSP),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            html,
        )
            .into_response(),
        Err(e) => Problem::internal(Lang::En, e).into_response(),
    }
}

/// Only a path of this site (no scheme, no `//host`) is followed after signing in.
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => "/tenants".to_string(),
    }
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_page(headers: HeaderMap, Query(q): Query<NextQuery>) -> Response {
    let lang = ui_lang(&headers);
    render(
        "login.html",
        context! { lang => lang.code(), next => local_path(q.next.as_deref()), error => Value::UNDEFINED },
    )
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    code: Option<String>,
    next: Option<String>,
}

async fn login_submit(
    State(app): State<App>,
    parts: Parts,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = ui_lang(&parts.headers);
    let next = local_path(form.next.as_deref());
    let again = |msg: String, status: StatusCode| {
        let mut r = render(
            "login.html",
            context! { lang => lang.code(), next => next.clone(), error => msg, username => form.username.clone() },
        );
        *r.status_mut() = status;
        r
    };
    if !auth::same_site_headers(&parts.headers) {
        return again(text(lang, "api-csrf", &[]), StatusCode::FORBIDDEN);
    }
    let old = cookie_value(&parts.headers, app.auth.cookie_name()).map(secret_hash);
    match crate::account::sign_in(
        &app,
        lang,
        auth::source(&parts),
        &form.username,
        form.password.clone(),
        form.code.clone(),
        old,
    )
    .await
    {
        Ok((_, _, secret)) => {
            let mut r = Redirect::to(&next).into_response();
            if let Ok(v) = HeaderValue::from_str(&app.auth.session_cookie(&secret)) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Err(p) => again(
            p.detail.clone().unwrap_or(p.title.clone()),
            StatusCode::from_u16(p.status).unwrap_or(StatusCode::UNAUTHORIZED),
        ),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(app): State<App>,
    page: Page,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(r) = page.refused(&headers, &form.csrf) {
        return r;
    }
    let store = app.store.clone();
    let hash = page.session;
    let lang = page.lang;
    if let Err(p) = blocking(lang, move || {
        store
            .delete_session(&hash)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await
    {
        return p.into_response();
    }
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&app.auth.expired_cookie()) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// The language switcher: remembers the choice in a cookie and goes back.
async fn set_lang(Path(code): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let Some(lang) = Lang::from_locale(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut r = Redirect::to(&local_path(q.next.as_deref())).into_response();
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        lang.code()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

pub(crate) fn problem(p: Problem) -> Response {
    p.into_response()
}

fn op_problem(lang: Lang) -> impl Fn(OpError) -> Problem {
    move |e| Problem::from_op(e, lang)
}

/// Seats of a service (or several) by L1, in playbook order, with shares for the bar.
fn split(states: &[&ServiceState], lang: Lang) -> Vec<Value> {
    let total: u64 = states.iter().map(|s| s.total_entitlements).sum();
    let mut x = 0.0;
    L1::ALL
        .iter()
        .map(|l1| {
            let n: u64 = states.iter().map(|s| s.seats_in(*l1)).sum();
            let share = if total == 0 {
                0.0
            } else {
                n as f64 * 100.0 / total as f64
            };
            let v = context! {
                code => l1.code(), name => l1.name(lang), seats => n,
                share => format!("{share:.0}"), x => format!("{x:.2}"), w => format!("{share:.2}"),
            };
            x += share;
            v
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    l1: Option<String>,
    l2: Option<String>,
    service: Option<String>,
    owner: Option<String>,
    overdue: Option<String>,
    mine: Option<String>,
    passed: Option<String>,
    stale: Option<String>,
    sort: Option<String>,
    after: Option<String>,
}

/// How long Status Unknown may last before the portfolio's filter lists the tenant.
const UNKNOWN_DAYS: i64 = 30;

fn tenant_sort(code: Option<&str>) -> TenantSort {
    match code {
        Some("-name") => TenantSort::NameDesc,
        Some("id") => TenantSort::Id,
        Some("-id") => TenantSort::IdDesc,
        _ => TenantSort::Name,
    }
}

async fn portfolio(State(app): State<App>, page: Page, Query(q): Query<ListQuery>) -> Response {
    let lang = page.lang;
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let now = jiff::Timestamp::now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let on = |v: &Option<String>| v.as_deref() == Some("1");
    let l1 = nonempty(&q.l1).and_then(|s| L1::resolve(&s));
    let query = TenantQuery {
        org: Some(page.user.org),
        search: nonempty(&q.q),
        service: nonempty(&q.service).and_then(|s| Service::resolve(&s)),
        l1,
        l2: nonempty(&q.l2).and_then(|s| {
            let (l1, l2) = s.split_once('/')?;
            let l1 = L1::resolve(l1)?;
            L2::resolve(l1, l2)
        }),
        owner: nonempty(&q.owner),
        overdue_on: on(&q.overdue).then_some(today),
        assigned_to: on(&q.mine).then_some(page.user.id),
        target_passed_on: on(&q.passed).then_some(today),
        unknown_since_before: on(&q.stale)
            .then(|| {
                now.checked_sub(jiff::SignedDuration::from_hours(24 * UNKNOWN_DAYS))
                    .ok()
            })
            .flatten(),
        sort: tenant_sort(q.sort.as_deref()),
        after: nonempty(&q.after).and_then(|a| {
            let (key, id) = a.rsplit_once('|')?;
            Some((key.to_string(), TenantId::parse(id)?))
        }),
        limit: Some(PAGE + 1),
        ..Default::default()
    };
    let store = app.store.clone();
    let found = blocking(lang, move || {
        let mut tenants = store
            .tenants(&query)
            .map_err(|e| Problem::from_store(e, lang))?;
        let more = tenants.len() > PAGE;
        tenants.truncate(PAGE);
        let ids: Vec<TenantId> = tenants.iter().map(|t| t.tenant_id.clone()).collect();
        let services = store
            .services_of(&ids)
            .map_err(|e| Problem::from_store(e, lang))?;
        let rows: Vec<_> = tenants.into_iter().zip(services).collect();
        Ok((rows, more, query.sort))
    })
    .await;
    let (rows, more, sort) = match found {
        Ok(x) => x,
        Err(p) => return problem(p),
    };
    let next = if more {
        rows.last().map(|(t, _)| {
            let key = match sort {
                TenantSort::Id | TenantSort::IdDesc => t.tenant_id.to_string(),
                TenantSort::Name | TenantSort::NameDesc => t.tenant_name.to_lowercase(),
            };
            format!("{key}|{}", t.tenant_id)
        })
    } else {
        None
    };
    let tenants: Vec<Value> = rows
        .iter()
        .map(|(t, services)| {
            let refs: Vec<&ServiceState> = services.iter().collect();
            context! {
                id => t.tenant_id.to_string(),
                name => t.tenant_name.clone(),
                services => services.len(),
                seats => services.iter().map(|s| s.total_entitlements).sum::<u64>(),
                split => split(&refs, lang),
            }
        })
        .collect();
    let mut params: Vec<(&str, String)> = Vec::new();
    for (k, v) in [
        ("q", &q.q),
        ("l1", &q.l1),
        ("l2", &q.l2),
        ("service", &q.service),
        ("owner", &q.owner),
        ("overdue", &q.overdue),
        ("mine", &q.mine),
        ("passed", &q.passed),
        ("stale", &q.stale),
    ] {
        if let Some(v) = nonempty(v) {
            params.push((k, v));
        }
    }
    let url = |extra: &[(&'static str, String)]| {
        let mut p = params.clone();
        p.extend(extra.iter().cloned());
        format!(
            "/tenants?{}",
            serde_urlencoded::to_string(&p).unwrap_or_default()
        )
    };
    let export_query = serde_urlencoded::to_string(
        params
            .iter()
            .filter(|(k, _)| matches!(*k, "service" | "l1" | "l2"))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    let sort_code = q.sort.clone().unwrap_or_else(|| "name".into());
    let next_url = next.map(|n| url(&[("sort", sort_code.clone()), ("after", n)]));
    // Each sortable column links to its order, the other way round when it is the current one.
    let sort_url = |col: &str| {
        let code = if sort_code == col {
            format!("-{col}")
        } else {
            col.to_string()
        };
        url(&[("sort", code)])
    };
    let sorted = |col: &str| {
        if sort_code == col {
            "ascending"
        } else if sort_code == format!("-{col}") {
            "descending"
        } else {
            "none"
        }
    };
    render(
        "tenants.html",
        context! {
            ..page.base(),
            ..context! {
                tenants => tenants,
                q => q.q.clone().unwrap_or_default(),
                l1 => q.l1.clone().unwrap_or_default(),
                l2 => q.l2.clone().unwrap_or_default(),
                service => q.service.clone().unwrap_or_default(),
                owner => q.owner.clone().unwrap_or_default(),
                overdue => on(&q.overdue),
                mine => on(&q.mine),
                passed => on(&q.passed),
                stale => on(&q.stale),
                stale_days => UNKNOWN_DAYS,
                export_query => export_query,
                sort_name => sort_url("name"), sort_id => sort_url("id"),
                sorted_name => sorted("name"), sorted_id => sorted("id"),
                l1s => l1_options(lang),
                l2s => l2_options(lang),
                services_all => service_options(),
                next_url => next_url,
                page_path => "/tenants",
            }
        },
    )
}

pub(crate) fn l1_options(lang: Lang) -> Vec<Value> {
    L1::ALL
        .iter()
        .map(|l| context! { code => l.code(), name => l.name(lang) })
        .collect()
}

/// Every L2 as `l1/l2`, labelled with both names.
pub(crate) fn l2_options(lang: Lang) -> Vec<Value> {
    L1::ALL
        .iter()
        .flat_map(|l1| {
            l1.l2s().map(move |l2| {
                context! {
                    code => format!("{}/{}", l1.code(), l2.code()),
                    name => format!("{} › {}", l1.name(lang), l2.name(lang)),
                }
            })
        })
        .collect()
}

pub(crate) fn service_options() -> Vec<Value> {
    Service::all()
        .map(|s| context! { code => s.code(), name => s.name() })
        .collect()
}

fn date_text(d: Option<jiff::civil::Date>, lang: Lang) -> String {
    match d {
        None => String::new(),
        Some(d) => match lang {
            Lang::De => d.strftime("%d.%m.%Y").to_string(),
            Lang::Es => d.strftime("%d/%m/%Y").to_string(),
            Lang::Zh => d.strftime("%Y年%m月%d日").to_string(),
            Lang::En => d.to_string(),
        },
    }
}

async fn tenant_page(State(app): State<App>, page: Page, Path(tenant): Path<String>) -> Response {
    let lang = page.lang;
    let Some(id) = TenantId::parse(&tenant) else {
        return problem(Problem::not_found(lang, format!("tenant {tenant}")));
    };
    let ctx = page.ctx();
    let store = app.store.clone();
    let found = blocking(lang, move || {
        let t = ops::visible_tenant(&*store, &ctx, &id).map_err(op_problem(lang))?;
        let services = store
            .services(&id)
            .map_err(|e| Problem::from_store(e, lang))?;
        let mut editable = Vec::new();
        for s in &services {
            editable.push(ops::write_role(&*store, &ctx, &id, Some(s.service)).is_ok());
        }
        Ok((t, services, editable))
    })
    .await;
    let (t, services, editable) = match found {
        Ok(x) => x,
        Err(p) => return problem(p),
    };
    let list: Vec<Value> = services
        .iter()
        .zip(editable)
        .map(|(s, edit)| {
            let rows: Vec<Value> = s
                .rows
                .iter()
                .map(|r| {
                    context! {
                        l1 => r.l1.name(lang), l1_code => r.l1.code(),
                        l2 => r.l2.map(|x| x.name(lang)).unwrap_or_default(),
                        l3 => r.l3.map(|x| x.name(lang)).unwrap_or_default(),
                        seats => r.entitlements,
                        target => date_text(r.target_date, lang),
                        owner => r.owner.clone().unwrap_or_default(),
                        note => r.note.clone().unwrap_or_default(),
                        next => r.next_action.clone().unwrap_or_default(),
                        next_date => date_text(r.next_action_date, lang),
                    }
                })
                .collect();
            context! {
                code => s.service.code(), name => s.service.name(), total => s.total_entitlements,
                version => s.version, split => split(&[s], lang), rows => rows, editable => edit,
            }
        })
        .collect();
    let all: Vec<&ServiceState> = services.iter().collect();
    render(
        "tenant.html",
        context! {
            ..page.base(),
            ..context! {
                id => t.tenant_id.to_string(), name => t.tenant_name, services => list,
                split => split(&all, lang),
            }
        },
    )
}

/// One row of the edit form as typed.
#[derive(Debug, Clone, Default)]
struct FormRow {
    l1: String,
    l2: String,
    l3: String,
    seats: String,
    target: String,
    owner: String,
    note: String,
    next: String,
    next_date: String,
}

impl FormRow {
    fn of(r: &entrack_core::StatusRow) -> FormRow {
        FormRow {
            l1: r.l1.code().into(),
            l2: r.l2.map(|x| x.code().to_string()).unwrap_or_default(),
            l3: r.l3.map(|x| x.code().to_string()).unwrap_or_default(),
            seats: r.entitlements.to_string(),
            target: r.target_date.map(|d| d.to_string()).unwrap_or_default(),
            owner: r.owner.clone().unwrap_or_default(),
            note: r.note.clone().unwrap_or_default(),
            next: r.next_action.clone().unwrap_or_default(),
            next_date: r
                .next_action_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }

    fn input(&self) -> RowInput {
        let opt = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        RowInput {
            l1: opt(&self.l1),
            l2: opt(&self.l2),
            l3: opt(&self.l3),
            entitlements: opt(&self.seats),
            target_date: opt(&self.target),
            owner: opt(&self.owner),
            note: opt(&self.note),
            next_action: opt(&self.next),
            next_action_date: opt(&self.next_date),
        }
    }
}

/// The edit form's fields: `csrf`, `version`, `action`, and per row `l1.N`, `l2.N`, …
fn read_form(fields: &[(String, String)]) -> (BTreeMap<usize, FormRow>, BTreeMap<&str, &str>) {
    let mut rows: BTreeMap<usize, FormRow> = BTreeMap::new();
    let mut other = BTreeMap::new();
    for (k, v) in fields {
        let Some((name, i)) = k.rsplit_once('.') else {
            other.insert(k.as_str(), v.as_str());
            continue;
        };
        let Ok(i) = i.parse::<usize>() else { continue };
        if i > 200 {
            continue;
        }
        let r = rows.entry(i).or_default();
        let slot = match name {
            "l1" => &mut r.l1,
            "l2" => &mut r.l2,
            "l3" => &mut r.l3,
            "seats" => &mut r.seats,
            "target" => &mut r.target,
            "owner" => &mut r.owner,
            "note" => &mut r.note,
            "next" => &mut r.next,
            "next_date" => &mut r.next_date,
            _ => continue,
        };
        *slot = v.clone();
    }
    (rows, other)
}

async fn load_service(
    app: &App,
    page: &Page,
    tenant: &str,
    service: &str,
) -> Result<(String, ServiceState, bool), Problem> {
    let lang = page.lang;
    let id = TenantId::parse(tenant)
        .ok_or_else(|| Problem::not_found(lang, format!("tenant {tenant}")))?;
    let service = ops::resolve_service(service).map_err(op_problem(lang))?;
    let ctx = page.ctx();
    let store = app.store.clone();
    blocking(lang, move || {
        let t = ops::visible_tenant(&*store, &ctx, &id).map_err(op_problem(lang))?;
        let s = ops::visible_service(&*store, &ctx, &id, service).map_err(op_problem(lang))?;
        let edit = ops::write_role(&*store, &ctx, &id, Some(service)).is_ok();
        Ok((t.tenant_name, s, edit))
    })
    .await
}

async fn edit_page(
    State(app): State<App>,
    page: Page,
    Path((tenant, service)): Path<(String, String)>,
) -> Response {
    match load_service(&app, &page, &tenant, &service).await {
        Ok((name, s, edit)) => {
            let rows: Vec<FormRow> = s.rows.iter().map(FormRow::of).collect();
            edit_form(&page, &name, &s, edit, &rows, s.version, Shown::default())
        }
        Err(p) => problem(p),
    }
}

/// What the edit form shows besides the rows.
#[derive(Default)]
struct Shown {
    errors: Vec<Violation>,
    suggest: Option<(usize, entrack_suggest::Suggestion)>,
    stale: Option<Vec<Event>>,
    saved: bool,
}

fn edit_form(
    page: &Page,
    tenant_name: &str,
    s: &ServiceState,
    editable: bool,
    rows: &[FormRow],
    version: u64,
    form: Shown,
) -> Response {
    let lang = page.lang;
    let service = s.service;
    let at = |row: usize, field: Field| -> Vec<String> {
        form.errors
            .iter()
            .filter(|v| v.row == Some(row) && v.field == Some(field))
            .map(|v| format!("{} [{}]", body(v, lang), v.code.code()))
            .collect()
    };
    let general: Vec<String> = form
        .errors
        .iter()
        .filter(|v| v.row.is_none() || v.field.is_none())
        .map(|v| entrack_core::messages::render(v, lang))
        .collect();
    let view_rows: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let n = i + 1;
            let l1 = L1::resolve(&r.l1);
            let rules = l1.map(|l| field_rules(l, s.scenario));
            let shown = |need: Option<Need>| need.is_none_or(|n| n != Need::Forbidden);
            context! {
                i => i, n => n,
                l1 => r.l1.clone(), l2 => r.l2.clone(), l3 => r.l3.clone(), seats => r.seats.clone(),
                target => r.target.clone(), owner => r.owner.clone(), note => r.note.clone(),
                next => r.next.clone(), next_date => r.next_date.clone(),
                show_target => shown(rules.map(|x| x.target_date)),
                show_owner => shown(rules.map(|x| x.owner)),
                err_l1 => at(n, Field::L1), err_l2 => at(n, Field::L2), err_l3 => at(n, Field::L3),
                err_seats => at(n, Field::Entitlements), err_target => at(n, Field::TargetDate),
                err_owner => at(n, Field::Owner), err_note => at(n, Field::Note),
                err_next => at(n, Field::NextAction), err_next_date => at(n, Field::NextActionDate),
            }
        })
        .collect();
    let suggestion = form.suggest.as_ref().map(|(row, sg)| {
        let reasons: Vec<String> = sg
            .grade
            .reasons
            .iter()
            .map(|r| {
                text(
                    lang,
                    &entrack_suggest::message_key(r.code),
                    &[("found", r.found.clone().unwrap_or_default())],
                )
            })
            .collect();
        let proposals: Vec<Value> = sg
            .proposals
            .iter()
            .take(3)
            .enumerate()
            .map(|(k, p)| {
                let mut path = vec![p.l1.name(lang).to_string()];
                path.extend(p.l2.map(|x| x.name(lang).to_string()));
                path.extend(p.l3.map(|x| x.name(lang).to_string()));
                context! { k => k, path => path.join(" › "), share => format!("{:.0}", p.score * 100.0) }
            })
            .collect();
        context! {
            row => row, n => row + 1, level => sg.grade.level.code(),
            grade => text(lang, &format!("suggest-grade-{}", sg.grade.level.code()), &[]),
            reasons => reasons, proposals => proposals,
        }
    });
    let stale = form.stale.as_ref().map(|events| events_view(events, lang));
    let taxonomy = taxonomy_options(service, lang);
    let rules: BTreeMap<&str, Value> = L1::ALL
        .iter()
        .map(|l| {
            let r = field_rules(*l, s.scenario);
            (
                l.code(),
                context! { target => r.target_date != Need::Forbidden, owner => r.owner != Need::Forbidden },
            )
        })
        .collect();
    let mut r = render(
        "edit.html",
        context! {
            ..page.base(),
            ..context! {
                tenant_id => s.tenant_id.to_string(), tenant_name => tenant_name,
                service => service.code(), service_name => service.name(),
                total => s.total_entitlements, version => version, editable => editable,
                rows => view_rows, general => general, suggestion => suggestion,
                stale => stale, saved => form.saved, taxonomy => taxonomy,
                rules_json => serde_json::to_string(&rules).unwrap_or_default(),
            }
        },
    );
    if !form.errors.is_empty() || form.stale.is_some() {
        *r.status_mut() = if form.stale.is_some() {
            StatusCode::PRECONDITION_FAILED
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
    }
    r
}

/// L1s, their L2s, and the L2s' L3s that apply to the service, named in `lang`.
fn taxonomy_options(service: Service, lang: Lang) -> Vec<Value> {
    L1::ALL
        .iter()
        .map(|l1| {
            let l2s: Vec<Value> = l1
                .l2s()
                .map(|l2: L2| {
                    let l3s: Vec<Value> = service
                        .l3s_for(l2)
                        .map(|l3: L3| context! { code => l3.code(), name => l3.name(lang) })
                        .collect();
                    context! { code => l2.code(), name => l2.name(lang), l3s => l3s }
                })
                .collect();
            context! { code => l1.code(), name => l1.name(lang), l2s => l2s }
        })
        .collect()
}

async fn edit_submit(
    State(app): State<App>,
    page: Page,
    headers: HeaderMap,
    Path((tenant, service)): Path<(String, String)>,
    axum::extract::RawForm(raw): axum::extract::RawForm,
) -> Response {
    let lang = page.lang;
    let fields: Vec<(String, String)> = match serde_urlencoded::from_bytes(&raw) {
        Ok(f) => f,
        Err(e) => return problem(Problem::bad_request(lang, e.to_string())),
    };
    let (rows, other) = read_form(&fields);
    if let Some(r) = page.refused(&headers, other.get("csrf").copied().unwrap_or("")) {
        return r;
    }
    let (name, state, editable) = match load_service(&app, &page, &tenant, &service).await {
        Ok(x) => x,
        Err(p) => return problem(p),
    };
    let version: u64 = other
        .get("version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(state.version);
    let mut rows: Vec<FormRow> = rows.into_values().collect();
    let action = other.get("action").copied().unwrap_or("save");
    let mut form = Shown::default();
    if action == "add" {
        rows.push(FormRow::default());
    } else if let Some(i) = action
        .strip_prefix("remove-")
        .and_then(|i| i.parse::<usize>().ok())
    {
        if i < rows.len() {
            rows.remove(i);
        }
    } else if let Some(i) = action
        .strip_prefix("suggest-")
        .and_then(|i| i.parse::<usize>().ok())
    {
        if let Some(r) = rows.get(i) {
            let sg = entrack_suggest::engine().suggest(&r.note, Some(state.service));
            form.suggest = Some((i, sg));
        }
    } else if let Some((i, k)) = action
        .strip_prefix("accept-")
        .and_then(|x| x.split_once('-'))
        .and_then(|(i, k)| Some((i.parse::<usize>().ok()?, k.parse::<usize>().ok()?)))
    {
        if let Some(r) = rows.get_mut(i) {
            let sg = entrack_suggest::engine().suggest(&r.note, Some(state.service));
            if let Some(p) = sg.proposals.get(k) {
                r.l1 = p.l1.code().into();
                r.l2 = p.l2.map(|x| x.code().to_string()).unwrap_or_default();
                r.l3 = p.l3.map(|x| x.code().to_string()).unwrap_or_default();
            }
        }
    } else if action == "save" {
        let input = StatusPut {
            rows: rows.iter().map(FormRow::input).collect(),
            ..Default::default()
        };
        let ctx = page.ctx();
        let store = app.store.clone();
        let id = state.tenant_id.clone();
        let svc = state.service;
        let outcome = blocking(lang, move || {
            Ok(ops::put_status_if(
                &*store,
                &ctx,
                &id,
                svc,
                &input,
                Some(version),
            ))
        })
        .await;
        match outcome {
            Ok(Ok(_)) => {
                return Redirect::to(&format!(
                    "/tenants/{}/services/{}/history?saved=1",
                    state.tenant_id,
                    state.service.code()
                ))
                .into_response()
            }
            Ok(Err(OpError::Rejected(v))) => form.errors = v,
            Ok(Err(OpError::Stale { .. })) => {
                let store = app.store.clone();
                let q = HistoryQuery {
                    tenant: Some(state.tenant_id.clone()),
                    service: Some(state.service),
                    limit: Some(20),
                    ..Default::default()
                };
                let events = blocking(lang, move || {
                    store.history(&q).map_err(|e| Problem::from_store(e, lang))
                })
                .await
                .unwrap_or_default();
                form.stale = Some(events.into_iter().filter(|e| e.version > version).collect());
                // The form keeps what was typed; the next save applies to the version
                // now stored.
                return edit_form(&page, &name, &state, editable, &rows, version, form);
            }
            Ok(Err(e)) => return problem(Problem::from_op(e, lang)),
            Err(p) => return problem(p),
        }
    }
    edit_form(&page, &name, &state, editable, &rows, version, form)
}

/// Events for display: when, who, how, and each change as field: before → after.
fn events_view(events: &[Event], lang: Lang) -> Vec<Value> {
    events
        .iter()
        .map(|e| {
            let changes: Vec<Value> = e
                .changes
                .iter()
                .map(|c| {
                    let row = c
                        .row
                        .as_ref()
                        .map(|r| row_label(r, lang))
                        .unwrap_or_default();
                    context! {
                        row => row, field => field_label(lang, c.field),
                        before => c.before.clone().unwrap_or_default(),
                        after => c.after.clone().unwrap_or_default(),
                    }
                })
                .collect();
            context! {
                at => e.at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
                actor => e.actor.clone(), source => e.source.code(), version => e.version,
                kind => e.kind.code(), changes => changes,
            }
        })
        .collect()
}

fn row_label(r: &entrack_core::history::RowRef, lang: Lang) -> String {
    let Some(key) = r.key() else {
        return String::new();
    };
    let mut parts = vec![key.l1.name(lang).to_string()];
    parts.extend(key.l2.map(|x| x.name(lang).to_string()));
    parts.extend(key.l3.map(|x| x.name(lang).to_string()));
    parts.join(" › ")
}

#[derive(Deserialize)]
struct SavedQuery {
    saved: Option<String>,
}

async fn history_page(
    State(app): State<App>,
    page: Page,
    Path((tenant, service)): Path<(String, String)>,
    Query(q): Query<SavedQuery>,
) -> Response {
    let lang = page.lang;
    let (name, s, _) = match load_service(&app, &page, &tenant, &service).await {
        Ok(x) => x,
        Err(p) => return problem(p),
    };
    let store = app.store.clone();
    let hq = HistoryQuery {
        tenant: Some(s.tenant_id.clone()),
        service: Some(s.service),
        limit: Some(200),
        ..Default::default()
    };
    let events = match blocking(lang, move || {
        store.history(&hq).map_err(|e| Problem::from_store(e, lang))
    })
    .await
    {
        Ok(e) => e,
        Err(p) => return problem(p),
    };
    render(
        "history.html",
        context! {
            ..page.base(),
            ..context! {
                tenant_id => s.tenant_id.to_string(), tenant_name => name,
                service => s.service.code(), service_name => s.service.name(),
                events => events_view(&events, lang), saved => q.saved.is_some(),
            }
        },
    )
}

#[derive(Deserialize)]
struct DashQuery {
    include_invalid: Option<String>,
    /// Which table the CSV holds: the pivot (default), aging, reasons or overdue.
    part: Option<String>,
}

/// The pivot of the caller's organisation.
async fn report_lines(
    app: &App,
    page: &Page,
    include_invalid: bool,
) -> Result<Vec<entrack_core::report::ReportLine>, Problem> {
    let lang = page.lang;
    let store = app.store.clone();
    let q = ReportQuery {
        org: Some(page.user.org),
        include_invalid,
        service: None,
    };
    blocking(lang, move || {
        store.report(&q).map_err(|e| Problem::from_store(e, lang))
    })
    .await
}

/// The dashboard's other figures for the caller's organisation.
async fn insights(app: &App, page: &Page, include_invalid: bool) -> Result<Insights, Problem> {
    let lang = page.lang;
    let store = app.store.clone();
    let now = jiff::Timestamp::now();
    let q = InsightQuery {
        org: Some(page.user.org),
        include_invalid,
        service: None,
        now,
        today: now.to_zoned(jiff::tz::TimeZone::UTC).date(),
    };
    blocking(lang, move || {
        store.insights(&q).map_err(|e| Problem::from_store(e, lang))
    })
    .await
}

/// The catalogue key of an age bucket's label.
fn age_key(b: AgeBucket) -> &'static str {
    match b {
        AgeBucket::UpTo30 => "0-30",
        AgeBucket::UpTo90 => "31-90",
        AgeBucket::UpTo180 => "91-180",
        AgeBucket::Older => "181",
        AgeBucket::Unknown => "unknown",
    }
}

async fn dashboard(State(app): State<App>, page: Page, Query(q): Query<DashQuery>) -> Response {
    let lang = page.lang;
    let invalid = q.include_invalid.as_deref() == Some("1");
    let lines = match report_lines(&app, &page, invalid).await {
        Ok(l) => l,
        Err(p) => return problem(p),
    };
    let insights = match insights(&app, &page, invalid).await {
        Ok(l) => l,
        Err(p) => return problem(p),
    };
    // Seats and rows by service × L1.
    let mut by_service: BTreeMap<String, BTreeMap<String, (u64, u64)>> = BTreeMap::new();
    for l in &lines {
        let e = by_service
            .entry(l.service.clone())
            .or_default()
            .entry(l.l1.clone())
            .or_default();
        e.0 += l.entitlements;
        e.1 += l.rows;
    }
    let l1s: Vec<L1> = L1::ALL
        .into_iter()
        .filter(|l| invalid || *l != L1::DuplicateInvalid)
        .collect();
    let max: u64 = by_service
        .values()
        .map(|m| m.values().map(|x| x.0).sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let services: Vec<Value> = by_service
        .iter()
        .enumerate()
        .map(|(i, (code, m))| {
            let name = Service::from_code(code).map(|s| s.name()).unwrap_or(code);
            let total: u64 = m.values().map(|x| x.0).sum();
            let mut x = 0.0;
            let cells: Vec<Value> = l1s
                .iter()
                .map(|l| {
                    let (seats, rows) = m.get(l.code()).copied().unwrap_or((0, 0));
                    let w = seats as f64 * 600.0 / max as f64;
                    let v = context! { code => l.code(), seats => seats, rows => rows, x => format!("{x:.1}"), w => format!("{w:.1}") };
                    x += w;
                    v
                })
                .collect();
            context! { code => code, name => name, total => total, cells => cells, y => i * 22 }
        })
        .collect();
    let reasons: Vec<Value> = insights
        .reasons
        .iter()
        .map(|((l1, l2, l3), c)| {
            let l1v = L1::from_code(l1);
            let l2v = l1v.and_then(|l| L2::resolve(l, l2));
            context! {
                l1 => l1v.map(|l| l.name(lang)).unwrap_or(l1),
                l2 => l2v.map(|x| x.name(lang)).unwrap_or(l2),
                l3 => l2v.and_then(|x| x.l3s().find(|x| x.code() == l3)).map(|x| x.name(lang)).unwrap_or(l3),
                seats => c.seats, rows => c.rows,
            }
        })
        .collect();
    // Time in status: one bar per L1, split by age.
    let age_max: u64 = l1s
        .iter()
        .map(|l| {
            AgeBucket::ALL
                .iter()
                .filter_map(|b| insights.aging.get(&(l.code().to_string(), *b)))
                .map(|c| c.seats)
                .sum::<u64>()
        })
        .max()
        .unwrap_or(0)
        .max(1);
    let aging: Vec<Value> = l1s
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut x = 0.0;
            let cells: Vec<Value> = AgeBucket::ALL
                .iter()
                .map(|b| {
                    let c = insights
                        .aging
                        .get(&(l.code().to_string(), *b))
                        .copied()
                        .unwrap_or_default();
                    let w = c.seats as f64 * 600.0 / age_max as f64;
                    let v = context! { bucket => b.code(), seats => c.seats, rows => c.rows, x => format!("{x:.1}"), w => format!("{w:.1}") };
                    x += w;
                    v
                })
                .collect();
            context! { code => l.code(), name => l.name(lang), cells => cells, y => i * 22 }
        })
        .collect();
    let buckets: Vec<Value> = AgeBucket::ALL
        .iter()
        .map(|b| context! { code => b.code(), name => text(lang, &format!("ui-age-{}", age_key(*b)), &[]) })
        .collect();
    let overdue: Vec<Value> = insights
        .overdue
        .iter()
        .map(|(owner, c)| context! { owner => owner, seats => c.seats, rows => c.rows })
        .collect();
    render(
        "dashboard.html",
        context! {
            ..page.base(),
            ..context! {
                l1s => l1s.iter().map(|l| context!{ code => l.code(), name => l.name(lang) }).collect::<Vec<_>>(),
                services => services, reasons => reasons, include_invalid => invalid,
                chart_height => by_service.len() * 22 + 4,
                aging => aging, buckets => buckets, aging_height => l1s.len() * 22 + 4,
                overdue => overdue,
            }
        },
    )
}

async fn dashboard_csv(State(app): State<App>, page: Page, Query(q): Query<DashQuery>) -> Response {
    let invalid = q.include_invalid.as_deref() == Some("1");
    let part = q.part.as_deref().unwrap_or("pivot");
    let mut w = csv::Writer::from_writer(Vec::new());
    if part == "pivot" {
        let lines = match report_lines(&app, &page, invalid).await {
            Ok(l) => l,
            Err(p) => return problem(p),
        };
        let _ = w.write_record(["service", "l1", "l2", "rows", "entitlements"]);
        for l in &lines {
            let _ = w.write_record([
                l.service.as_str(),
                l.l1.as_str(),
                l.l2.as_str(),
                &l.rows.to_string(),
                &l.entitlements.to_string(),
            ]);
        }
    } else {
        let got = match insights(&app, &page, invalid).await {
            Ok(l) => l,
            Err(p) => return problem(p),
        };
        let n = |c: &Count| [c.rows.to_string(), c.seats.to_string()];
        match part {
            "aging" => {
                let _ = w.write_record(["l1", "days", "rows", "entitlements"]);
                for ((l1, b), c) in &got.aging {
                    let [r, e] = n(c);
                    let _ = w.write_record([l1.as_str(), b.code(), &r, &e]);
                }
            }
            "reasons" => {
                let _ = w.write_record(["l1", "l2", "l3", "rows", "entitlements"]);
                for ((l1, l2, l3), c) in &got.reasons {
                    let [r, e] = n(c);
                    let _ = w.write_record([l1.as_str(), l2, l3, &r, &e]);
                }
            }
            "overdue" => {
                let _ = w.write_record(["owner", "rows", "entitlements"]);
                for (owner, c) in &got.overdue {
                    let [r, e] = n(c);
                    let _ =
                        w.write_record([entrack_bulk::format::neutralize(owner).as_ref(), &r, &e]);
                }
            }
            other => {
                return problem(Problem::bad_request(
                    page.lang,
                    format!("part: “{other}” is not known (pivot, aging, reasons, overdue)"),
                ))
            }
        }
    }
    let body = w.into_inner().unwrap_or_default();
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"entrack-report.csv\""),
            ),
        ],
        body,
    )
        .into_response()
}

async fn taxonomy_page(page: Page) -> Response {
    let lang = page.lang;
    let l1s: Vec<Value> = L1::ALL
        .iter()
        .map(|l1| {
            let names = |f: &dyn Fn(Lang) -> String| -> Vec<String> {
                Lang::ALL.iter().map(|l| f(*l)).collect()
            };
            let l2s: Vec<Value> = l1
                .l2s()
                .map(|l2| {
                    let l3s: Vec<Value> = l2
                        .l3s()
                        .map(|l3| {
                            context! {
                                code => l3.code(), names => names(&|l| l3.name(l).to_string()),
                                services => if l3.def().applies_to_all() { text(lang, "ui-all-services", &[]) } else {
                                    Service::all().filter(|s| l3.applies_to(*s)).map(|s| s.name()).collect::<Vec<_>>().join(", ")
                                },
                            }
                        })
                        .collect();
                    context! {
                        code => l2.code(), names => names(&|l| l2.name(l).to_string()), l3s => l3s,
                        def => text(lang, &format!("def-{}", l2.code()), &[]),
                    }
                })
                .collect();
            context! {
                code => l1.code(), names => names(&|l| l1.name(l).to_string()), l2s => l2s,
                def => text(lang, &format!("def-{}", l1.code()), &[]),
            }
        })
        .collect();
    render(
        "taxonomy.html",
        context! { ..page.base(), ..context! { l1s => l1s, langs => Lang::ALL.iter().map(|l| l.code()).collect::<Vec<_>>() } },
    )
}

/// What the account page shows besides its sessions and the factor's state.
#[derive(Default)]
struct AccountNote {
    message: Option<String>,
    error: Option<Problem>,
    enrolment: Option<crate::account::Enrolment>,
}

impl AccountNote {
    /// The page after an action: the message `key` when it worked, the problem when not.
    fn after(lang: Lang, done: Result<(), Problem>, key: &str) -> AccountNote {
        match done {
            Ok(()) => AccountNote {
                message: Some(text(lang, key, &[])),
                ..Default::default()
            },
            Err(p) => AccountNote {
                error: Some(p),
                ..Default::default()
            },
        }
    }
}

/// The account page: where the user is signed in (end any other session) and the second
/// factor (add, confirm, remove).
async fn account_page(State(app): State<App>, page: Page) -> Response {
    account_render(&app, &page, AccountNote::default()).await
}

async fn account_render(app: &App, page: &Page, note: AccountNote) -> Response {
    let lang = page.lang;
    let sessions =
        match crate::account::sessions_view(app, lang, page.user.id, Some(page.session)).await {
            Ok(s) => s,
            Err(p) => return p.into_response(),
        };
    let factor = match crate::account::factor_of(app, lang, page.user.id).await {
        Ok(f) => f,
        Err(p) => return p.into_response(),
    };
    let shown = |t: &str| {
        t.parse::<jiff::Timestamp>()
            .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|_| t.to_string())
    };
    let sessions: Vec<Value> = sessions
        .iter()
        .map(|s| {
            context! {
                id => s.id.clone(), current => s.current,
                created_at => shown(&s.created_at), last_seen_at => shown(&s.last_seen_at),
                expires_at => shown(&s.expires_at),
            }
        })
        .collect();
    let status = note
        .error
        .as_ref()
        .and_then(|p| StatusCode::from_u16(p.status).ok())
        .unwrap_or(StatusCode::OK);
    let error = note
        .error
        .map(|p| p.detail.clone().unwrap_or(p.title.clone()));
    let enrolment = note.enrolment.map(|e| {
        // Groups of four, as apps show keys.
        let grouped = e
            .secret
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        context! { secret => grouped, link => e.link }
    });
    let mut r = render(
        "account.html",
        context! { ..page.base(), ..context! {
            sessions => sessions, active => factor.active.is_some(),
            enrolment => enrolment, message => note.message, error => error,
        } },
    );
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn account_end_session(
    State(app): State<App>,
    page: Page,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(r) = page.refused(&headers, &form.csrf) {
        return r;
    }
    let lang = page.lang;
    let done = crate::account::end_own_session(&app, lang, &page.user, &id).await;
    let note = AccountNote::after(lang, done, "ui-session-ended");
    account_render(&app, &page, note).await
}

#[derive(Deserialize)]
struct FactorForm {
    csrf: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

async fn account_mfa_start(
    State(app): State<App>,
    page: Page,
    parts: Parts,
    Form(form): Form<FactorForm>,
) -> Response {
    if let Some(r) = page.refused(&parts.headers, &form.csrf) {
        return r;
    }
    let source = auth::source(&parts);
    let note =
        match crate::account::begin_enrolment(&app, page.lang, source, &page.user, form.password)
            .await
        {
            Ok(e) => AccountNote {
                enrolment: Some(e),
                ..Default::default()
            },
            Err(p) => AccountNote {
                error: Some(p),
                ..Default::default()
            },
        };
    account_render(&app, &page, note).await
}

async fn account_mfa_confirm(
    State(app): State<App>,
    page: Page,
    headers: HeaderMap,
    Form(form): Form<FactorForm>,
) -> Response {
    if let Some(r) = page.refused(&headers, &form.csrf) {
        return r;
    }
    let lang = page.lang;
    let done = crate::account::confirm_enrolment(&app, lang, &page.user, &form.code).await;
    let note = AccountNote::after(lang, done, "ui-mfa-added");
    account_render(&app, &page, note).await
}

async fn account_mfa_remove(
    State(app): State<App>,
    page: Page,
    parts: Parts,
    Form(form): Form<FactorForm>,
) -> Response {
    if let Some(r) = page.refused(&parts.headers, &form.csrf) {
        return r;
    }
    let lang = page.lang;
    let source = auth::source(&parts);
    let done = crate::account::remove_second_factor(
        &app,
        lang,
        source,
        &page.user,
        form.password,
        &form.code,
    )
    .await;
    let note = AccountNote::after(lang, done, "ui-mfa-removed");
    account_render(&app, &page, note).await
}
