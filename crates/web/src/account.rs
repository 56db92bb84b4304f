//! Sign-in and sign-out, the caller's own API tokens, the organisation's users, and the
//! assignments of users to tenants.

use crate::auth::{self, Caller, Via};
use crate::mfa;
use crate::problem::{Problem, ProblemDoc};
use crate::{blocking, App, ReqLang};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use entrack_core::messages::text;
use entrack_core::parse::parse_service;
use entrack_core::{Lang, Role, TenantId};
use entrack_store::accounts::{ApiToken, Assignment, NewUser, Session, User};
use entrack_store::ops;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/login", post(login))
        .route("/api/v1/logout", post(logout))
        .route("/api/v1/me", get(me))
        .route("/api/v1/me/mfa", post(start_mfa))
        .route("/api/v1/me/mfa/confirm", post(confirm_mfa))
        .route("/api/v1/me/mfa/remove", post(remove_mfa))
        .route("/api/v1/sessions", get(list_sessions))
        .route("/api/v1/sessions/{id}", delete(end_session))
        .route("/api/v1/tokens", get(list_tokens).post(create_token))
        .route("/api/v1/tokens/{id}", delete(revoke_token))
        .route("/api/v1/users", get(list_users).post(create_user))
        .route(
            "/api/v1/users/{id}/disabled",
            axum::routing::put(set_user_disabled),
        )
        .route(
            "/api/v1/tenants/{tenant}/assignments",
            get(list_assignments).post(create_assignment),
        )
        .route(
            "/api/v1/tenants/{tenant}/assignments/{id}",
            delete(delete_assignment),
        )
}

/// A user as others see it (no secrets).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserDoc {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// admin, assignment-fm, delivery-fm, account-team or viewer.
    pub role: String,
    pub organisation: i64,
    pub disabled: bool,
}

impl From<&User> for UserDoc {
    fn from(u: &User) -> UserDoc {
        UserDoc {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role.code().to_string(),
            organisation: u.org,
            disabled: u.disabled,
        }
    }
}

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    #[schema(min_length = 1, max_length = 200)]
    pub username: String,
    #[schema(min_length = 1, max_length = 1024)]
    pub password: String,
    /// The 6-digit code of the user's authenticator app, for a user with a second factor.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub code: Option<String>,
}

/// A new session: the cookie is set; writes made with it send `csrf_token` as `X-CSRF-Token`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDoc {
    pub user: UserDoc,
    pub csrf_token: String,
    pub expires_at: String,
}

fn bad_body(
    lang: entrack_core::Lang,
) -> impl Fn(axum::extract::rejection::JsonRejection) -> Problem {
    move |e| Problem::json_body(lang, e)
}

#[utoipa::path(post, path = "/api/v1/login", request_body = LoginBody, tag = "accounts", security(()),
    responses(
        (status = 200, description = "Signed in; the session cookie is set (HttpOnly, SameSite=Strict)", body = SessionDoc),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Wrong user name or password", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; Retry-After says when to try again", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn login(
    State(app): State<App>,
    ReqLang(lang): ReqLang,
    parts: axum::http::request::Parts,
    body: Result<Json<LoginBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let Json(body) = body.map_err(bad_body(lang))?;
    let old = auth::cookie_value(&parts.headers, app.auth.cookie_name()).map(auth::secret_hash);
    let (user, session, secret) = sign_in(
        &app,
        lang,
        auth::source(&parts),
        &body.username,
        body.password,
        body.code,
        old,
    )
    .await?;
    tracing::info!(user = %user.username, "signed in");
    let mut r = Json(SessionDoc {
        user: UserDoc::from(&user),
        csrf_token: session.csrf,
        expires_at: session.expires_at.to_string(),
    })
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&app.auth.session_cookie(&secret)) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// Password sign-in, throttled per account and source: a new session (the one presented,
/// if any, ends). Answers the user, the session and its secret (the cookie's value).
pub(crate) async fn sign_in(
    app: &App,
    lang: Lang,
    source: std::net::IpAddr,
    username: &str,
    password: String,
    code: Option<String>,
    old: Option<entrack_store::accounts::SecretHash>,
) -> Result<(User, Session, String), Problem> {
    if let Some(wait) = app.guard.admit(username, source) {
        // Rounded up: a client that waits this long gets through.
        let secs = (wait.as_millis().div_ceil(1000) as u64).max(1);
        return Err(Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            text(lang, "api-throttled", &[("seconds", secs.to_string())]),
        )
        .with_header(header::RETRY_AFTER, &secs.to_string()));
    }
    let store = app.store.clone();
    let name = username.to_string();
    let user = blocking(lang, move || {
        store
            .user_by_name(name.trim())
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    let phc = user.as_ref().and_then(|u| u.password_hash.clone());
    let ok = app.guard.verify(password, phc).await;
    let user = match user {
        Some(u) if ok && !u.disabled => u,
        _ => {
            app.metrics.login(false);
            tracing::info!(source = %source, "sign-in refused");
            return Err(Problem::new(
                StatusCode::UNAUTHORIZED,
                "login-failed",
                text(lang, "api-login-failed", &[]),
            ));
        }
    };
    // A second factor, when the user has one: the code of the current step, once.
    let now = app.guard.now();
    let uid = user.id;
    let factor = factor_of(app, lang, uid).await?;
    if let Some(secret) = factor.active {
        let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
            tracing::info!(source = %source, "sign-in needs a code");
            return Err(Problem::new(
                StatusCode::UNAUTHORIZED,
                "code-required",
                text(lang, "api-code-required", &[]),
            ));
        };
        if !use_code(app, lang, uid, &secret, mfa::step_of(now), &code).await? {
            app.metrics.login(false);
            tracing::info!(source = %source, "sign-in refused: code");
            return Err(Problem::new(
                StatusCode::UNAUTHORIZED,
                "code-wrong",
                text(lang, "api-code-wrong", &[]),
            ));
        }
    }
    app.guard.remember(&user.username, source);
    app.metrics.login(true);
    // A new session id at every sign-in; one presented with the request ends.
    let secret = auth::new_secret();
    let ttl = app.auth.session_ttl;
    let session = Session {
        user: user.id,
        csrf: auth::new_secret(),
        created_at: now,
        last_seen_at: now,
        expires_at: now
            .checked_add(
                jiff::SignedDuration::try_from(ttl).unwrap_or(jiff::SignedDuration::from_hours(12)),
            )
            .unwrap_or(now),
    };
    let store = app.store.clone();
    let hash = auth::secret_hash(&secret);
    let s2 = session.clone();
    blocking(lang, move || {
        if let Some(old) = old {
            store
                .delete_session(&old)
                .map_err(|e| Problem::from_store(e, lang))?;
        }
        store
            .create_session(&hash, &s2)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    Ok((user, session, secret))
}

#[utoipa::path(post, path = "/api/v1/logout", tag = "accounts",
    security(("session" = []), ("token" = [])),
    responses(
        (status = 204, description = "Signed out; the session ends on the server and the cookie is cleared"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Cookie without its CSRF token, or from another site", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn logout(State(app): State<App>, caller: Caller) -> Result<Response, Problem> {
    let lang = caller.lang;
    if let Via::Cookie(hash) = caller.via {
        let store = app.store.clone();
        blocking(lang, move || {
            store
                .delete_session(&hash)
                .map_err(|e| Problem::from_store(e, lang))
        })
        .await?;
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&app.auth.expired_cookie()) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = UserDoc),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn me(caller: Caller) -> Json<UserDoc> {
    Json(UserDoc::from(&caller.user))
}

/// An API token as listed (the secret is shown once, at creation).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenDoc {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl From<&ApiToken> for TokenDoc {
    fn from(t: &ApiToken) -> TokenDoc {
        TokenDoc {
            id: t.id,
            name: t.name.clone(),
            created_at: t.created_at.to_string(),
            last_used_at: t.last_used_at.map(|x| x.to_string()),
            revoked_at: t.revoked_at.map(|x| x.to_string()),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for (a script's name).
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\x00-\x1f\x7f]*\S[^\x00-\x1f\x7f]*$"
    )]
    pub name: String,
}

/// A new token: `token` is shown this once and stored only as a hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    pub id: i64,
    pub name: String,
    pub token: String,
}

fn check_text(lang: entrack_core::Lang, what: &str, s: &str, max: usize) -> Result<(), Problem> {
    if s.trim().is_empty() || s.chars().count() > max || s.chars().any(char::is_control) {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-value",
            text(
                lang,
                "api-bad-request",
                &[(
                    "detail",
                    format!("{what}: 1 to {max} characters, no control characters"),
                )],
            ),
        ));
    }
    Ok(())
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "The caller's API tokens", body = [TokenDoc]),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn list_tokens(
    State(app): State<App>,
    caller: Caller,
) -> Result<Json<Vec<TokenDoc>>, Problem> {
    let lang = caller.lang;
    let store = app.store.clone();
    let id = caller.user.id;
    let tokens = blocking(lang, move || {
        store.tokens(id).map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    Ok(Json(tokens.iter().map(TokenDoc::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewToken,
    security(("session" = []), ("token" = [])),
    responses(
        (status = 201, description = "Created; the token is shown only now", body = CreatedToken),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Cookie without its CSRF token", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn create_token(
    State(app): State<App>,
    caller: Caller,
    body: Result<Json<NewToken>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    let Json(body) = body.map_err(bad_body(lang))?;
    check_text(lang, "name", &body.name, 200)?;
    let secret = auth::new_token();
    let hash = auth::secret_hash(&secret);
    let store = app.store.clone();
    let user = caller.user.id;
    let name = body.name.trim().to_string();
    let t = blocking(lang, move || {
        store
            .create_token(user, &name, &hash, jiff::Timestamp::now())
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    let mut r = (
        StatusCode::CREATED,
        Json(CreatedToken {
            id: t.id,
            name: t.name,
            token: secret,
        }),
    )
        .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts",
    params(("id" = i64, Path, description = "Token id")),
    security(("session" = []), ("token" = [])),
    responses(
        (status = 204, description = "Revoked; it stops working at once"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Cookie without its CSRF token", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "The caller has no token with this id", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn revoke_token(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    let lang = caller.lang;
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::not_found(lang, format!("token {id}")))?;
    let store = app.store.clone();
    let user = caller.user.id;
    blocking(lang, move || {
        store
            .revoke_token(user, id, jiff::Timestamp::now())
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/users", tag = "accounts",
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "The users of the caller's organisation", body = [UserDoc]),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn list_users(
    State(app): State<App>,
    caller: Caller,
) -> Result<Json<Vec<UserDoc>>, Problem> {
    let lang = caller.lang;
    let store = app.store.clone();
    let org = caller.principal.org;
    let users = blocking(lang, move || {
        store
            .users(Some(org))
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    Ok(Json(users.iter().map(UserDoc::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserBody {
    /// Unique in the installation; letters, digits and `.-_@`.
    #[schema(min_length = 1, max_length = 200, pattern = r"^[A-Za-z0-9._@-]+$")]
    pub username: String,
    #[schema(max_length = 200)]
    pub display_name: Option<String>,
    /// admin, assignment-fm, delivery-fm, account-team or viewer.
    pub role: String,
    /// At least 8 characters and not easy to guess; absent: the user signs in with API
    /// tokens only (created by an admin with the CLI).
    #[schema(max_length = 1024)]
    pub password: Option<String>,
}

/// Whether a user name is acceptable.
pub fn valid_username(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
}

/// Whether a user is disabled.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisabledBody {
    pub disabled: bool,
}

#[utoipa::path(put, path = "/api/v1/users/{id}/disabled", tag = "accounts", request_body = DisabledBody,
    params(("id" = i64, Path, description = "User id")),
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "Done: a disabled user's sessions have ended and their API tokens are refused", body = UserDoc),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Only an admin disables users, and not themselves", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such user in the caller's organisation", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn set_user_disabled(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<DisabledBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<UserDoc>, Problem> {
    let lang = caller.lang;
    let Json(body) = body.map_err(bad_body(lang))?;
    if !caller.is_admin() {
        return Err(Problem::forbidden(lang, "only an admin disables users"));
    }
    let not_found = || Problem::not_found(lang, format!("user {id}"));
    let uid: i64 = id.parse().map_err(|_| not_found())?;
    if uid == caller.user.id {
        // The last admin locking themselves out would need the machine to come back.
        return Err(Problem::forbidden(
            lang,
            "an admin does not disable themselves",
        ));
    }
    let store = app.store.clone();
    let org = caller.user.org;
    let user = blocking(lang, move || {
        let found = store
            .user(uid)
            .map_err(|e| Problem::from_store(e, lang))?
            .filter(|u| u.org == org);
        let Some(mut u) = found else {
            return Ok(None);
        };
        store
            .set_disabled(uid, body.disabled)
            .map_err(|e| Problem::from_store(e, lang))?;
        u.disabled = body.disabled;
        Ok(Some(u))
    })
    .await?
    .ok_or_else(not_found)?;
    tracing::info!(user = %user.username, disabled = user.disabled, by = %caller.user.username, "user access changed");
    Ok(Json(UserDoc::from(&user)))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", request_body = NewUserBody,
    security(("session" = []), ("token" = [])),
    responses(
        (status = 201, description = "Created in the caller's organisation", body = UserDoc),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Only an admin creates users", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 409, description = "The user name is taken", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "Invalid user name, role or password", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn create_user(
    State(app): State<App>,
    caller: Caller,
    body: Result<Json<NewUserBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    let Json(body) = body.map_err(bad_body(lang))?;
    if !caller.is_admin() {
        return Err(Problem::forbidden(lang, "only an admin creates users"));
    }
    let invalid = |detail: String| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-value",
            text(lang, "api-bad-request", &[("detail", detail)]),
        )
    };
    let username = body.username.trim().to_string();
    if !valid_username(&username) {
        return Err(invalid(
            "username: letters, digits and . - _ @, at most 200".into(),
        ));
    }
    let role = Role::from_code(body.role.trim()).ok_or_else(|| {
        invalid(format!(
            "role {}: admin, assignment-fm, delivery-fm, account-team or viewer",
            body.role
        ))
    })?;
    let display = body.display_name.unwrap_or_else(|| username.clone());
    check_text(lang, "display_name", &display, 200)?;
    let hash = match body.password {
        Some(pw) => {
            if let Some(why) = auth::password_problem(&pw, &username) {
                return Err(Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "password-weak",
                    text(lang, "api-password-weak", &[("detail", why)]),
                ));
            }
            Some(
                tokio::task::spawn_blocking(move || auth::hash_password(&pw))
                    .await
                    .map_err(|e| Problem::internal(lang, e))?
                    .map_err(|e| Problem::internal(lang, e))?,
            )
        }
        None => None,
    };
    let store = app.store.clone();
    let new = NewUser {
        org: caller.principal.org,
        username,
        display_name: display.trim().to_string(),
        role,
        password_hash: hash,
    };
    let u = blocking(lang, move || {
        store
            .create_user(&new)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(UserDoc::from(&u))).into_response())
}

/// A user's assignment to a tenant.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentDoc {
    pub id: i64,
    pub tenant_id: String,
    pub user: i64,
    pub role: String,
    /// Absent: every service of the tenant.
    pub service: Option<String>,
    pub primary: bool,
    pub assigned_by: String,
    pub assigned_at: String,
}

impl From<&Assignment> for AssignmentDoc {
    fn from(a: &Assignment) -> AssignmentDoc {
        AssignmentDoc {
            id: a.id,
            tenant_id: a.tenant.to_string(),
            user: a.user,
            role: a.role.code().to_string(),
            service: a.service.map(|s| s.code().to_string()),
            primary: a.primary,
            assigned_by: a.assigned_by.clone(),
            assigned_at: a.assigned_at.to_string(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAssignment {
    /// The user's id (same organisation).
    pub user: i64,
    /// assignment-fm, delivery-fm or account-team.
    pub role: String,
    /// One service (code or alias); absent: all of the tenant's.
    pub service: Option<String>,
    #[serde(default)]
    pub primary: bool,
}

fn visible(app: &App, caller: &Caller, tenant: &str) -> Result<TenantId, Problem> {
    let lang = caller.lang;
    let id = TenantId::parse(tenant)
        .ok_or_else(|| Problem::not_found(lang, format!("tenant {tenant}")))?;
    ops::ensure_visible(&*app.store, &caller.ctx(), &id).map_err(|e| Problem::from_op(e, lang))?;
    Ok(id)
}

#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/assignments", tag = "accounts",
    params(("tenant" = String, Path, description = "Tenant GUID", example = "6f9619ff-8b86-d011-b42d-00c04fc964ff")),
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "Who is assigned to the tenant", body = [AssignmentDoc]),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such tenant in the caller's organisation", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn list_assignments(
    State(app): State<App>,
    caller: Caller,
    Path(tenant): Path<String>,
) -> Result<Json<Vec<AssignmentDoc>>, Problem> {
    let lang = caller.lang;
    blocking(lang, move || {
        let id = visible(&app, &caller, &tenant)?;
        let list = app
            .store
            .assignments(&id)
            .map_err(|e| Problem::from_store(e, lang))?;
        Ok(Json(list.iter().map(AssignmentDoc::from).collect()))
    })
    .await
}

/// Who may assign on a tenant: an admin, or a primary FM of that tenant (FTOP: "only
/// primary FMs may assign users").
fn may_assign(app: &App, caller: &Caller, tenant: &TenantId) -> Result<bool, Problem> {
    if caller.is_admin() {
        return Ok(true);
    }
    let mine = app
        .store
        .assignments_of(caller.user.id, tenant)
        .map_err(|e| Problem::from_store(e, caller.lang))?;
    Ok(mine
        .iter()
        .any(|a| a.primary && matches!(a.role, Role::AssignmentFm | Role::DeliveryFm)))
}

#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/assignments", tag = "accounts", request_body = NewAssignment,
    params(("tenant" = String, Path, description = "Tenant GUID", example = "6f9619ff-8b86-d011-b42d-00c04fc964ff")),
    security(("session" = []), ("token" = [])),
    responses(
        (status = 201, description = "Assigned (and logged)", body = AssignmentDoc),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Only an admin or a primary FM of the tenant assigns", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such tenant (or user) in the caller's organisation", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 409, description = "A primary of this tenant, service and role exists, or the same assignment", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "Invalid role or service", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn create_assignment(
    State(app): State<App>,
    caller: Caller,
    Path(tenant): Path<String>,
    body: Result<Json<NewAssignment>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    let Json(body) = body.map_err(bad_body(lang))?;
    blocking(lang, move || {
        let id = visible(&app, &caller, &tenant)?;
        if !may_assign(&app, &caller, &id)? {
            return Err(Problem::forbidden(
                lang,
                "only an admin or a primary FM of the tenant assigns users",
            ));
        }
        let invalid = |detail: String| {
            Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-value",
                text(lang, "api-bad-request", &[("detail", detail)]),
            )
        };
        let role = Role::from_code(body.role.trim())
            .filter(|r| matches!(r, Role::AssignmentFm | Role::DeliveryFm | Role::AccountTeam))
            .ok_or_else(|| {
                invalid(format!(
                    "role {}: assignment-fm, delivery-fm or account-team",
                    body.role
                ))
            })?;
        let service = body
            .service
            .as_deref()
            .map(|s| parse_service(s).map_err(|_| invalid(format!("service {s}"))))
            .transpose()?;
        let user = app
            .store
            .user(body.user)
            .map_err(|e| Problem::from_store(e, lang))?
            .filter(|u| u.org == caller.principal.org)
            .ok_or_else(|| Problem::not_found(lang, format!("user {}", body.user)))?;
        let a = app
            .store
            .assign(&Assignment {
                id: 0,
                tenant: id,
                user: user.id,
                role,
                service,
                primary: body.primary,
                assigned_by: caller.user.username.clone(),
                assigned_at: jiff::Timestamp::now(),
            })
            .map_err(|e| Problem::from_store(e, lang))?;
        Ok((StatusCode::CREATED, Json(AssignmentDoc::from(&a))).into_response())
    })
    .await
}

#[utoipa::path(delete, path = "/api/v1/tenants/{tenant}/assignments/{id}", tag = "accounts",
    params(("tenant" = String, Path, description = "Tenant GUID", example = "6f9619ff-8b86-d011-b42d-00c04fc964ff"), ("id" = i64, Path, description = "Assignment id")),
    security(("session" = []), ("token" = [])),
    responses(
        (status = 204, description = "Removed (and logged)"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Only an admin or a primary FM of the tenant removes assignments", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such tenant or assignment in the caller's organisation", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn delete_assignment(
    State(app): State<App>,
    caller: Caller,
    Path((tenant, aid)): Path<(String, String)>,
) -> Result<StatusCode, Problem> {
    let lang = caller.lang;
    blocking(lang, move || {
        let id = visible(&app, &caller, &tenant)?;
        let aid: i64 = aid
            .parse()
            .map_err(|_| Problem::not_found(lang, format!("assignment {aid}")))?;
        if !may_assign(&app, &caller, &id)? {
            return Err(Problem::forbidden(
                lang,
                "only an admin or a primary FM of the tenant removes assignments",
            ));
        }
        app.store
            .unassign(&id, aid, &caller.user.username, jiff::Timestamp::now())
            .map_err(|e| Problem::from_store(e, lang))?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// One of the caller's sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionInfo {
    /// Names the session for `DELETE /api/v1/sessions/{id}` (not its secret).
    pub id: String,
    pub created_at: String,
    /// The last request made with it (to the second).
    pub last_seen_at: String,
    /// When it ends at the latest; it ends earlier after the idle timeout.
    pub expires_at: String,
    /// The session this request came with.
    pub current: bool,
}

#[utoipa::path(get, path = "/api/v1/sessions", tag = "accounts",
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "The caller's live sessions, most recently used first", body = [SessionInfo]),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn list_sessions(
    State(app): State<App>,
    caller: Caller,
) -> Result<Json<Vec<SessionInfo>>, Problem> {
    let current = match caller.via {
        Via::Cookie(h) => Some(h),
        Via::Token => None,
    };
    Ok(Json(
        sessions_view(&app, caller.lang, caller.user.id, current).await?,
    ))
}

/// The user's live sessions as listed, `current` marked.
pub(crate) async fn sessions_view(
    app: &App,
    lang: Lang,
    user: i64,
    current: Option<entrack_store::accounts::SecretHash>,
) -> Result<Vec<SessionInfo>, Problem> {
    let now = app.guard.now();
    let list = own_sessions(app, lang, user, now).await?;
    Ok(list
        .into_iter()
        .map(|(hash, s)| SessionInfo {
            id: mfa::session_id(&hash),
            created_at: s.created_at.to_string(),
            last_seen_at: s.last_seen_at.to_string(),
            expires_at: s.expires_at.to_string(),
            current: current == Some(hash),
        })
        .collect())
}

/// The user's sessions still within their lifetime and idle timeout.
async fn own_sessions(
    app: &App,
    lang: Lang,
    user: i64,
    now: jiff::Timestamp,
) -> Result<Vec<(entrack_store::accounts::SecretHash, Session)>, Problem> {
    let store = app.store.clone();
    let idle = i64::try_from(app.auth.session_idle.as_secs()).unwrap_or(i64::MAX);
    let list = blocking(lang, move || {
        store
            .user_sessions(user, now)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    Ok(list
        .into_iter()
        .filter(|(_, s)| now.as_second() - s.last_seen_at.as_second() < idle)
        .collect())
}

#[utoipa::path(delete, path = "/api/v1/sessions/{id}", tag = "accounts",
    params(("id" = String, Path, description = "Session id, as listed")),
    security(("session" = []), ("token" = [])),
    responses(
        (status = 204, description = "Ended; its cookie stops working at once"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Cookie without its CSRF token", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "The caller has no session with this id", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn end_session(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    end_own_session(&app, caller.lang, &caller.user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends the user's session named `id` (as listed); `NotFound` when the user has none.
pub(crate) async fn end_own_session(
    app: &App,
    lang: Lang,
    user: &User,
    id: &str,
) -> Result<(), Problem> {
    let now = app.guard.now();
    let list = own_sessions(app, lang, user.id, now).await?;
    let Some((hash, _)) = list.into_iter().find(|(h, _)| mfa::session_id(h) == id) else {
        return Err(Problem::not_found(lang, format!("session {id}")));
    };
    let store = app.store.clone();
    blocking(lang, move || {
        store
            .delete_session(&hash)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    tracing::info!(user = %user.username, "session ended by its user");
    Ok(())
}

/// The password again, before the second factor changes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reauth {
    #[schema(min_length = 1, max_length = 1024)]
    pub password: String,
    /// The current code, when removing an active second factor.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub code: Option<String>,
}

/// A code of the authenticator app.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeBody {
    #[schema(min_length = 1, max_length = 20)]
    pub code: String,
}

/// A second factor to add to an authenticator app, active once a code of it is confirmed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Enrolment {
    /// The secret in base32, for typing into the app.
    pub secret: String,
    /// The `otpauth://` link (what a QR code carries).
    pub link: String,
}

/// The user's second factor.
pub(crate) async fn factor_of(
    app: &App,
    lang: Lang,
    user: i64,
) -> Result<entrack_store::accounts::SecondFactor, Problem> {
    let store = app.store.clone();
    blocking(lang, move || {
        store
            .second_factor(user)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await
}

/// Whether `code` is the code of `step` and that step was not used yet (it is now).
async fn use_code(
    app: &App,
    lang: Lang,
    user: i64,
    secret: &[u8],
    step: i64,
    code: &str,
) -> Result<bool, Problem> {
    if !mfa::matches(secret, step, code) {
        return Ok(false);
    }
    let store = app.store.clone();
    blocking(lang, move || {
        store
            .use_factor_step(user, step)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await
}

/// Checks the caller's password again, throttled like a sign-in.
pub(crate) async fn reauthenticate(
    app: &App,
    lang: Lang,
    source: std::net::IpAddr,
    user: &User,
    password: String,
) -> Result<(), Problem> {
    if let Some(wait) = app.guard.admit(&user.username, source) {
        let secs = (wait.as_millis().div_ceil(1000) as u64).max(1);
        return Err(Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            text(lang, "api-throttled", &[("seconds", secs.to_string())]),
        )
        .with_header(header::RETRY_AFTER, &secs.to_string()));
    }
    if app.guard.verify(password, user.password_hash.clone()).await {
        Ok(())
    } else {
        Err(Problem::new(
            StatusCode::FORBIDDEN,
            "reauth-failed",
            text(lang, "api-reauth-failed", &[]),
        ))
    }
}

#[utoipa::path(post, path = "/api/v1/me/mfa", tag = "accounts", request_body = Reauth,
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "A new secret for the authenticator app; the second factor is active once confirmed", body = Enrolment),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Wrong password, or a cookie without its CSRF token", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; Retry-After says when to try again", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn start_mfa(
    State(app): State<App>,
    caller: Caller,
    parts: axum::http::request::Parts,
    body: Result<Json<Reauth>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    let Json(body) = body.map_err(bad_body(lang))?;
    let e = begin_enrolment(
        &app,
        lang,
        auth::source(&parts),
        &caller.user,
        body.password,
    )
    .await?;
    let mut r = Json(e).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// After the password again: a new secret kept pending until a code of it is confirmed.
pub(crate) async fn begin_enrolment(
    app: &App,
    lang: Lang,
    source: std::net::IpAddr,
    user: &User,
    password: String,
) -> Result<Enrolment, Problem> {
    reauthenticate(app, lang, source, user, password).await?;
    let secret = mfa::new_secret();
    let store = app.store.clone();
    let (uid, s2) = (user.id, secret.clone());
    blocking(lang, move || {
        store
            .set_pending_factor(uid, Some(&s2))
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    Ok(Enrolment {
        secret: mfa::encoded(&secret),
        link: mfa::link("entrack", &user.username, &secret),
    })
}

#[utoipa::path(post, path = "/api/v1/me/mfa/confirm", tag = "accounts", request_body = CodeBody,
    security(("session" = []), ("token" = [])),
    responses(
        (status = 204, description = "The second factor is active: sign-in asks for a code from now on"),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Cookie without its CSRF token", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No enrolment was started", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "The code is not the app's current one", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn confirm_mfa(
    State(app): State<App>,
    caller: Caller,
    body: Result<Json<CodeBody>, axum::extract::rejection::JsonRejection>,
) -> Result<StatusCode, Problem> {
    let lang = caller.lang;
    let Json(body) = body.map_err(bad_body(lang))?;
    confirm_enrolment(&app, lang, &caller.user, &body.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Turns the pending secret on when `code` is its current one.
pub(crate) async fn confirm_enrolment(
    app: &App,
    lang: Lang,
    user: &User,
    code: &str,
) -> Result<(), Problem> {
    let uid = user.id;
    let factor = factor_of(app, lang, uid).await?;
    let Some(pending) = factor.pending else {
        return Err(Problem::not_found(lang, "enrolment".to_string()));
    };
    let step = mfa::step_of(app.guard.now());
    if !mfa::matches(&pending, step, code) {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "code-wrong",
            text(lang, "api-code-wrong", &[]),
        ));
    }
    let store = app.store.clone();
    blocking(lang, move || {
        store
            .activate_factor(uid, step)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    tracing::info!(user = %user.username, "second factor added");
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/me/mfa/remove", tag = "accounts", request_body = Reauth,
    security(("session" = []), ("token" = [])),
    responses(
        (status = 204, description = "The second factor is gone: sign-in asks for the password only"),
        (status = 400, description = "Unreadable body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Wrong password, or a cookie without its CSRF token", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "The code is missing, wrong or already used", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; Retry-After says when to try again", body = ProblemDoc, content_type = "application/problem+json")
))]
pub async fn remove_mfa(
    State(app): State<App>,
    caller: Caller,
    parts: axum::http::request::Parts,
    body: Result<Json<Reauth>, axum::extract::rejection::JsonRejection>,
) -> Result<StatusCode, Problem> {
    let lang = caller.lang;
    let Json(body) = body.map_err(bad_body(lang))?;
    let code = body.code.unwrap_or_default();
    remove_second_factor(
        &app,
        lang,
        auth::source(&parts),
        &caller.user,
        body.password,
        &code,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// After the password again and, when a factor is active, a fresh code of it: removes the
/// second factor (active and pending).
pub(crate) async fn remove_second_factor(
    app: &App,
    lang: Lang,
    source: std::net::IpAddr,
    user: &User,
    password: String,
    code: &str,
) -> Result<(), Problem> {
    reauthenticate(app, lang, source, user, password).await?;
    let uid = user.id;
    let factor = factor_of(app, lang, uid).await?;
    if let Some(secret) = factor.active {
        let step = mfa::step_of(app.guard.now());
        if !use_code(app, lang, uid, &secret, step, code).await? {
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "code-wrong",
                text(lang, "api-code-wrong", &[]),
            ));
        }
    }
    let store = app.store.clone();
    blocking(lang, move || {
        store
            .remove_factor(uid)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    tracing::info!(user = %user.username, "second factor removed");
    Ok(())
}
