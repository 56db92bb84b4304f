//! `/metrics` in the Prometheus text format: requests by route and status class, their
//! duration, and sign-in outcomes. Counters are plain atomics; the exposition is a few
//! lines of text, written here.

use crate::auth::Caller;
use crate::problem::Problem;
use crate::App;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// (method, route, status class) → (count, total microseconds).
type RequestCounts = BTreeMap<(String, String, u16), (u64, u64)>;

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<RequestCounts>,
    logins_ok: AtomicU64,
    logins_failed: AtomicU64,
}

impl Metrics {
    pub fn login(&self, ok: bool) {
        if ok {
            &self.logins_ok
        } else {
            &self.logins_failed
        }
        .fetch_add(1, Ordering::Relaxed);
    }

    fn record(&self, method: &str, route: &str, status: u16, micros: u64) {
        let mut m = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        let e = m
            .entry((method.to_string(), route.to_string(), status / 100 * 100))
            .or_default();
        e.0 += 1;
        e.1 += micros;
    }

    pub fn render(&self, app: &App) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP entrack_http_requests_total HTTP requests by method, route and status class.\n",
        );
        out.push_str("# TYPE entrack_http_requests_total counter\n");
        let m = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        for ((method, route, class), (n, _)) in m.iter() {
            let _ = writeln!(
                out,
                "entrack_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{}xx\"}} {n}",
                class / 100
            );
        }
        out.push_str("# HELP entrack_http_request_seconds_total Time spent answering, by method and route.\n");
        out.push_str("# TYPE entrack_http_request_seconds_total counter\n");
        let mut by_route: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        for ((method, route, _), (_, us)) in m.iter() {
            *by_route.entry((method, route)).or_default() += us;
        }
        for ((method, route), us) in by_route {
            let _ = writeln!(
                out,
                "entrack_http_request_seconds_total{{method=\"{method}\",route=\"{route}\"}} {:.6}",
                us as f64 / 1e6
            );
        }
        drop(m);
        let counters = [
            (
                "entrack_logins_total{outcome=\"ok\"}",
                self.logins_ok.load(Ordering::Relaxed),
            ),
            (
                "entrack_logins_total{outcome=\"failed\"}",
                self.logins_failed.load(Ordering::Relaxed),
            ),
            (
                "entrack_logins_total{outcome=\"throttled\"}",
                app.guard.throttled.load(Ordering::Relaxed),
            ),
        ];
        out.push_str("# HELP entrack_logins_total Password sign-ins by outcome.\n# TYPE entrack_logins_total counter\n");
        for (k, v) in counters {
            let _ = writeln!(out, "{k} {v}");
        }
        out.push_str("# HELP entrack_password_hashes_total Password hashes computed at sign-in.\n# TYPE entrack_password_hashes_total counter\n");
        let _ = writeln!(
            out,
            "entrack_password_hashes_total {}",
            app.guard.hashes.load(Ordering::Relaxed)
        );
        out
    }
}

/// Counts every request under its route template (never the raw path: no ids in labels).
pub async fn track(State(app): State<App>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let r = next.run(req).await;
    app.metrics.record(
        &method,
        &route,
        r.status().as_u16(),
        started.elapsed().as_micros() as u64,
    );
    r
}

/// For an admin, or for anyone when the server was started with public metrics.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, description = "Prometheus text format", content_type = "text/plain", body = String),
        (status = 401, description = "Not signed in", body = crate::problem::ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "Only an admin reads the metrics", body = crate::problem::ProblemDoc, content_type = "application/problem+json")
))]
pub async fn metrics(
    State(app): State<App>,
    caller: Result<Caller, Problem>,
) -> Result<Response, Problem> {
    if !app.auth.public_metrics {
        let caller = caller?;
        if !caller.is_admin() {
            return Err(Problem::forbidden(
                caller.lang,
                "only an admin reads the metrics",
            ));
        }
    }
    let mut r = app.metrics.render(&app).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    Ok(r)
}
