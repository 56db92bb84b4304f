//! `entrack serve`: the JSON API under `/api/v1` over the same use cases as the CLI, its
//! OpenAPI document, health and readiness, with a request id in every log line.

pub mod account;
pub mod api;
pub mod auth;
pub mod bulk;
pub mod idempotency;
pub mod metrics;
pub mod problem;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderName, Request};
use axum::routing::get;
use axum::Router;
use entrack_core::Lang;
use entrack_store::Store;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub auth: Arc<auth::AuthConfig>,
    pub guard: Arc<auth::Guard>,
    pub metrics: Arc<metrics::Metrics>,
    /// Idempotency keys whose first request is still running.
    pub in_flight: Arc<std::sync::Mutex<std::collections::HashSet<(i64, String)>>>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, auth: auth::AuthConfig) -> App {
        App {
            store,
            guard: Arc::new(auth::Guard::new(&auth)),
            auth: Arc::new(auth),
            metrics: Arc::new(metrics::Metrics::default()),
            in_flight: Arc::default(),
        }
    }
}

/// Runs a store call on the blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    lang: Lang,
    f: impl FnOnce() -> Result<T, problem::Problem> + Send + 'static,
) -> Result<T, problem::Problem> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(problem::Problem::internal(lang, e)))
}

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole HTTP surface.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route("/api/openapi.json", get(api::openapi))
        .route("/metrics", get(metrics::metrics))
        .nest("/api/v1", api::routes().merge(account::routes()))
        .route_layer(axum::middleware::from_fn_with_state(app.clone(), metrics::track))
        .with_state(app)
        .layer(axum::middleware::from_fn(security_headers))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get(&REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            })
            .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
}

/// Serves until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(app).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Headers every answer carries: nothing is framed, sniffed or cached by a shared cache.
async fn security_headers(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    for (k, v) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        (
            "content-security-policy",
            "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ),
    ] {
        h.insert(k, axum::http::HeaderValue::from_static(v));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("private, no-cache"),
        );
    }
    r
}

/// The caller's language, from `Accept-Language` (highest q first; English otherwise).
#[derive(Debug, Clone, Copy)]
pub struct ReqLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReqLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(ReqLang(accept_language(header)))
    }
}

/// The best of entrack's languages for an `Accept-Language` value.
pub fn accept_language(header: &str) -> Lang {
    let mut best: Option<(f32, usize, Lang)> = None;
    for (i, part) in header.split(',').enumerate() {
        let mut it = part.split(';');
        let tag = it.next().unwrap_or("").trim();
        let q = it
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let Some(lang) = Lang::from_locale(tag) else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        // Higher q wins; on a tie, the earlier entry.
        if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
            best = Some((q, i, lang));
        }
    }
    best.map(|b| b.2).unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_takes_the_best_known_language() {
        assert_eq!(accept_language(""), Lang::En);
        assert_eq!(accept_language("de-DE,de;q=0.9,en;q=0.8"), Lang::De);
        assert_eq!(accept_language("fr-FR, es;q=0.5, en;q=0.4"), Lang::Es);
        assert_eq!(accept_language("en;q=0.2, zh-CN;q=0.9"), Lang::Zh);
        assert_eq!(accept_language("de;q=0, es"), Lang::Es);
        assert_eq!(accept_language("*"), Lang::En);
    }
}
