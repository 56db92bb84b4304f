//! What wraps every request, in one layer without boxing: the request id (kept from the
//! client when it is a short token, made here otherwise, echoed in the answer), the
//! request's log span and its closing log line, and the headers every answer carries.
//! [`Track`] counts each request under its route template for `/metrics`.

use crate::metrics::Metrics;
use axum::extract::MatchedPath;
use axum::http::{header, HeaderName, HeaderValue, Method, Request, Response};
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;
use tower_layer::Layer;
use tower_service::Service;
use tracing::instrument::Instrumented;
use tracing::Instrument;

pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Headers every answer carries: nothing is framed, sniffed or cached by a shared cache.
const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (HeaderName::from_static("x-content-type-options"), "nosniff"),
    (HeaderName::from_static("x-frame-options"), "DENY"),
    (HeaderName::from_static("referrer-policy"), "no-referrer"),
    (
        HeaderName::from_static("content-security-policy"),
        "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
];

/// Request ids: a random prefix per process and a counter, unique without asking the
/// kernel for randomness on every request.
#[derive(Clone)]
pub struct EnvelopeLayer {
    ids: Arc<(String, AtomicU64)>,
}

impl Default for EnvelopeLayer {
    fn default() -> Self {
        let prefix = crate::auth::new_secret();
        EnvelopeLayer {
            ids: Arc::new((prefix[..12].to_string(), AtomicU64::new(0))),
        }
    }
}

impl<S> Layer<S> for EnvelopeLayer {
    type Service = Envelope<S>;
    fn layer(&self, inner: S) -> Envelope<S> {
        Envelope {
            inner,
            ids: self.ids.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Envelope<S> {
    inner: S,
    ids: Arc<(String, AtomicU64)>,
}

/// A client's own request id is kept when it is short and plain.
fn usable(v: &HeaderValue) -> bool {
    let b = v.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

impl<S, B, R> Service<Request<B>> for Envelope<S>
where
    S: Service<Request<B>, Response = Response<R>>,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = EnvelopeFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<B>) -> Self::Future {
        let id = match req.headers().get(&REQUEST_ID).filter(|v| usable(v)) {
            Some(v) => v.clone(),
            None => {
                let n = self.ids.1.fetch_add(1, Ordering::Relaxed);
                let v = HeaderValue::from_str(&format!("{}-{n:x}", self.ids.0))
                    .unwrap_or(HeaderValue::from_static("-"));
                req.headers_mut().insert(REQUEST_ID.clone(), v.clone());
                v
            }
        };
        let span = tracing::info_span!(
            "request",
            method = %req.method(),
            path = %req.uri().path(),
            request_id = id.to_str().unwrap_or("")
        );
        EnvelopeFuture {
            inner: self.inner.call(req).instrument(span),
            id: Some(id),
            started: Instant::now(),
        }
    }
}

pin_project! {
    pub struct EnvelopeFuture<F> {
        #[pin]
        inner: Instrumented<F>,
        id: Option<HeaderValue>,
        started: Instant,
    }
}

impl<F, R, E> Future for EnvelopeFuture<F>
where
    F: Future<Output = Result<Response<R>, E>>,
{
    type Output = Result<Response<R>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let mut r = match this.inner.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Ready(Ok(r)) => r,
        };
        let h = r.headers_mut();
        for (k, v) in &SECURITY_HEADERS {
            // A page sets its own policy (its stylesheet and script); everything else
            // gets the one that allows nothing.
            if k == header::CONTENT_SECURITY_POLICY && h.contains_key(k) {
                continue;
            }
            h.insert(k.clone(), HeaderValue::from_static(v));
        }
        if !h.contains_key(header::CACHE_CONTROL) {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        if let Some(id) = this.id.take() {
            h.insert(REQUEST_ID.clone(), id);
        }
        let _entered = this.inner.span().enter();
        tracing::info!(
            status = r.status().as_u16(),
            latency_ms = this.started.elapsed().as_secs_f64() * 1e3,
            "answered"
        );
        Poll::Ready(Ok(r))
    }
}

/// Counts a request under its route template (never the raw path: no ids in labels).
#[derive(Clone)]
pub struct TrackLayer(pub Arc<Metrics>);

impl<S> Layer<S> for TrackLayer {
    type Service = Track<S>;
    fn layer(&self, inner: S) -> Track<S> {
        Track {
            inner,
            metrics: self.0.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Track<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

impl<S, B, R> Service<Request<B>> for Track<S>
where
    S: Service<Request<B>, Response = Response<R>>,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = TrackFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let route = req.extensions().get::<MatchedPath>().cloned();
        let method = req.method().clone();
        TrackFuture {
            inner: self.inner.call(req),
            metrics: self.metrics.clone(),
            route,
            method,
            started: Instant::now(),
        }
    }
}

pin_project! {
    pub struct TrackFuture<F> {
        #[pin]
        inner: F,
        metrics: Arc<Metrics>,
        route: Option<MatchedPath>,
        method: Method,
        started: Instant,
    }
}

impl<F, R, E> Future for TrackFuture<F>
where
    F: Future<Output = Result<Response<R>, E>>,
{
    type Output = Result<Response<R>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let out = std::task::ready!(this.inner.poll(cx));
        if let Ok(r) = &out {
            this.metrics.record(
                this.method,
                this.route
                    .as_ref()
                    .map(|p| p.as_str())
                    .unwrap_or("unmatched"),
                r.status().as_u16(),
                this.started.elapsed().as_micros() as u64,
            );
        }
        Poll::Ready(out)
    }
}
