//! Errors as RFC 9457 `application/problem+json`, in the caller's language: the one place
//! where use-case and store errors become HTTP answers.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use entrack_core::messages::{report, text};
use entrack_core::rules::ViolationReport;
use entrack_core::Lang;
use entrack_store::ops::OpError;
use entrack_store::StoreError;
use serde::Serialize;

/// A problem document as sent.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProblemDoc {
    /// `urn:entrack:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// A stable code: a rule code (`l2-not-in-l1`…) or an API code (`stale`, `not-found`…).
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Every rule the request broke, each with its message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ViolationReport>,
    /// With `stale`: the version now stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<u64>,
    /// What the operation found, when it has a result of its own (a refused import: its
    /// summary and every row error).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub result: Option<serde_json::Value>,
}

/// A failed request, on its way to becoming a [`ProblemDoc`].
#[derive(Debug, Clone)]
pub struct Problem {
    pub status: u16,
    pub code: &'static str,
    pub title: String,
    pub detail: Option<String>,
    pub errors: Vec<ViolationReport>,
    pub current_version: Option<u64>,
    /// Rarely needed parts, boxed to keep results small.
    pub more: Option<Box<More>>,
}

/// What few problems carry.
#[derive(Debug, Clone, Default)]
pub struct More {
    /// See [`ProblemDoc::result`].
    pub result: Option<serde_json::Value>,
    /// Headers the answer carries besides the content type (`Retry-After`…).
    pub headers: Vec<(header::HeaderName, HeaderValue)>,
}

impl Problem {
    pub fn new(status: StatusCode, code: &'static str, title: String) -> Problem {
        Problem {
            status: status.as_u16(),
            code,
            title,
            detail: None,
            errors: Vec::new(),
            current_version: None,
            more: None,
        }
    }

    pub fn with_header(mut self, name: header::HeaderName, value: &str) -> Problem {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.more
                .get_or_insert_with(Default::default)
                .headers
                .push((name, v));
        }
        self
    }

    pub fn with_result(mut self, result: serde_json::Value) -> Problem {
        self.more.get_or_insert_with(Default::default).result = Some(result);
        self
    }

    /// No credentials, or ones that are not (or no longer) valid.
    pub fn unauthorized(lang: Lang) -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            text(lang, "api-unauthorized", &[]),
        )
        .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"entrack\"")
    }

    /// Signed in, inside the organisation, but the role or assignment does not allow it.
    pub fn forbidden(lang: Lang, what: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            text(lang, "api-forbidden", &[("what", what.into())]),
        )
    }

    pub fn not_found(lang: Lang, what: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            text(lang, "api-not-found", &[("what", what.into())]),
        )
    }

    /// A JSON body that could not be taken: 415 when it came as another type, 400 when it
    /// could not be read.
    pub fn json_body(lang: Lang, e: axum::extract::rejection::JsonRejection) -> Problem {
        use axum::extract::rejection::JsonRejection;
        match e {
            JsonRejection::MissingJsonContentType(_) => Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                text(
                    lang,
                    "api-content-type",
                    &[("expected", "application/json".to_string())],
                ),
            ),
            other => Problem::bad_request(lang, other.body_text()),
        }
    }

    pub fn bad_request(lang: Lang, detail: impl Into<String>) -> Problem {
        let detail = detail.into();
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            text(lang, "api-bad-request", &[("detail", detail)]),
        )
    }

    pub fn internal(lang: Lang, detail: impl std::fmt::Display) -> Problem {
        tracing::error!(%detail, "request failed");
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            text(lang, "api-internal", &[]),
        )
    }

    pub fn from_op(e: OpError, lang: Lang) -> Problem {
        match e {
            OpError::Rejected(violations) => {
                let errors: Vec<ViolationReport> =
                    violations.iter().map(|v| report(v, lang)).collect();
                let code = errors.first().map(|e| e.code).unwrap_or("rejected");
                let mut p = Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    code,
                    text(lang, "api-rejected", &[("count", errors.len().to_string())]),
                );
                p.detail = errors.first().map(|e| e.message.clone());
                // Only "it exists already" is a conflict with the stored state, not a bad request.
                if errors.iter().all(|e| e.code == "tenant-exists") {
                    p.status = StatusCode::CONFLICT.as_u16();
                }
                p.errors = errors;
                p
            }
            OpError::TenantNotFound(key) => Problem::not_found(lang, format!("tenant {key}")),
            OpError::ServiceNotFound { tenant, service } => {
                Problem::not_found(lang, format!("{} of tenant {tenant}", service.code()))
            }
            OpError::AmbiguousTenant { key, .. } => Problem::not_found(lang, key),
            OpError::Stale {
                what,
                current_version,
            } => {
                let mut p = Problem::new(
                    StatusCode::PRECONDITION_FAILED,
                    "stale",
                    text(
                        lang,
                        "api-stale",
                        &[("what", what), ("version", current_version.to_string())],
                    ),
                );
                p.current_version = Some(current_version);
                p
            }
            OpError::Forbidden { what } => Problem::forbidden(lang, what),
            OpError::Store(e) => Problem::from_store(e, lang),
        }
    }

    pub fn from_store(e: StoreError, lang: Lang) -> Problem {
        match e {
            StoreError::NotFound(what) => Problem::not_found(lang, what),
            StoreError::AlreadyExists(what) => Problem::new(
                StatusCode::CONFLICT,
                "exists",
                text(lang, "api-exists", &[("what", what)]),
            ),
            StoreError::Conflict {
                what,
                current_version,
            } => Problem::from_op(
                OpError::Stale {
                    what,
                    current_version,
                },
                lang,
            ),
            e => Problem::internal(lang, e),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(mut self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let doc = ProblemDoc {
            kind: format!("urn:entrack:problem:{}", self.code),
            title: self.title,
            status: self.status,
            code: self.code,
            detail: self.detail,
            errors: self.errors,
            current_version: self.current_version,
            result: self.more.as_mut().and_then(|m| m.result.take()),
        };
        let body = serde_json::to_vec(&doc).unwrap_or_default();
        let mut r = (status, body).into_response();
        for (k, v) in self.more.map(|m| m.headers).unwrap_or_default() {
            r.headers_mut().insert(k, v);
        }
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        r
    }
}
