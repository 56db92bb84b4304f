//! `entrack serve`: the JSON API under `/api/v1` over the same use cases as the CLI, its
//! OpenAPI document, health and readiness, with a request id in every log line.

pub mod account;
pub mod api;
pub mod auth;
pub mod bulk;
pub mod envelope;
pub mod files;
pub mod idempotency;
pub mod metrics;
pub mod mfa;
pub mod problem;
pub mod ui;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::routing::get;
use axum::Router;
use entrack_core::Lang;
use entrack_store::Store;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// What every handler shares (one reference-counted allocation, cheap to clone).
#[derive(Clone)]
pub struct App(Arc<Shared>);

impl std::ops::Deref for App {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub store: Arc<dyn Store>,
    pub auth: Arc<auth::AuthConfig>,
    pub guard: Arc<auth::Guard>,
    pub metrics: Arc<metrics::Metrics>,
    /// Idempotency keys whose first request is still running.
    pub in_flight: Arc<std::sync::Mutex<std::collections::HashSet<(i64, String)>>>,
    /// Checked uploads of the import page, waiting for their confirmation.
    pub uploads: files::Uploads,
}

impl App {
    pub fn new(store: Arc<dyn Store>, auth: auth::AuthConfig) -> App {
        App(Arc::new(Shared {
            store,
            guard: Arc::new(auth::Guard::new(&auth)),
            auth: Arc::new(auth),
            metrics: Arc::new(metrics::Metrics::default()),
            in_flight: Arc::default(),
            uploads: files::Uploads::default(),
        }))
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

/// Runs a point read: at once when the store's point reads are quick (the embedded
/// store), on the blocking pool otherwise. A handoff to another thread costs more than
/// such a read.
pub(crate) async fn point_read<T: Send + 'static>(
    store: &Arc<dyn Store>,
    lang: Lang,
    f: impl FnOnce() -> Result<T, problem::Problem> + Send + 'static,
) -> Result<T, problem::Problem> {
    if store.quick_point_reads() {
        f()
    } else {
        blocking(lang, f).await
    }
}

/// The whole HTTP surface.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route("/api/openapi.json", get(api::openapi))
        .route("/metrics", get(metrics::metrics))
        .merge(api::routes())
        .merge(account::routes())
        .merge(ui::routes())
        .merge(files::routes())
        .route_layer(envelope::TrackLayer(app.metrics.clone()))
        .with_state(app)
        .layer(envelope::EnvelopeLayer::default())
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
