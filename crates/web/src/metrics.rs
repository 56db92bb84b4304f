//! `/metrics` in the Prometheus text format: requests by route and status class, their
//! duration, and sign-in outcomes. Counters are plain atomics; the exposition is a few
//! lines of text, written here.

use crate::auth::Caller;
use crate::problem::Problem;
use crate::App;
use axum::extract::State;
use axum::http::Method;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

/// The methods counted apart; anything else counts as "OTHER".
const METHODS: [&str; 6] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/// Per route: count and total microseconds by method and status class (1xx … 5xx).
#[derive(Default)]
struct RouteCounts {
    n: [[AtomicU64; 5]; METHODS.len() + 1],
    micros: [[AtomicU64; 5]; METHODS.len() + 1],
}

#[derive(Default)]
pub struct Metrics {
    /// Route template → counters; written once per route, read on every request.
    requests: RwLock<HashMap<String, RouteCounts>>,
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

    pub(crate) fn record(&self, method: &Method, route: &str, status: u16, micros: u64) {
        let m = METHODS
            .iter()
            .position(|x| *x == method.as_str())
            .unwrap_or(METHODS.len());
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        let add = |c: &RouteCounts| {
            c.n[m][class].fetch_add(1, Ordering::Relaxed);
            c.micros[m][class].fetch_add(micros, Ordering::Relaxed);
        };
        if let Some(c) = self
            .requests
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(route)
        {
            return add(c);
        }
        let mut w = self.requests.write().unwrap_or_else(|p| p.into_inner());
        add(w.entry(route.to_string()).or_default());
    }

    /// (method, route, status class) → (count, microseconds), in a stable order.
    fn snapshot(&self) -> BTreeMap<(&'static str, String, u16), (u64, u64)> {
        let mut out = BTreeMap::new();
        let r = self.requests.read().unwrap_or_else(|p| p.into_inner());
        for (route, c) in r.iter() {
            for m in 0..=METHODS.len() {
                for class in 0..5 {
                    let n = c.n[m][class].load(Ordering::Relaxed);
                    if n > 0 {
                        let method = METHODS.get(m).copied().unwrap_or("OTHER");
                        let us = c.micros[m][class].load(Ordering::Relaxed);
                        out.insert((method, route.clone(), (class as u16 + 1) * 100), (n, us));
                    }
                }
            }
        }
        out
    }

    pub fn render(&self, app: &App) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP entrack_http_requests_total HTTP requests by method, route and status class.\n",
        );
        out.push_str("# TYPE entrack_http_requests_total counter\n");
        let m = self.snapshot();
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
