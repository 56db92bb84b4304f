//! `Idempotency-Key` on creating POSTs: the same key with the same request answers the
//! stored response; with another request, 422; while the first is still running, 409.
//! Keys belong to the user who sent them and are kept with the response in the store.

use crate::auth::Caller;
use crate::problem::Problem;
use crate::App;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use entrack_core::messages::text;
use entrack_store::accounts::Stored;
use std::future::Future;

/// Longest accepted key.
pub const MAX_KEY: usize = 255;
/// Largest response kept for a replay.
const MAX_KEPT: usize = 4 << 20;

/// Removes the in-flight mark when the request ends, however it ends.
struct InFlight<'a> {
    app: &'a App,
    key: (i64, String),
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.app
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.key);
    }
}

/// Runs `work` once per key: `what` names the operation, `body` is the request body.
pub async fn once(
    app: &App,
    caller: &Caller,
    headers: &HeaderMap,
    what: &str,
    body: &[u8],
    work: impl Future<Output = Result<Response, Problem>>,
) -> Result<Response, Problem> {
    let mut h = Digest::new(what);
    h.update(body);
    once_digest(app, caller, headers, h.finish(), work).await
}

/// What identifies a request: the operation and its body, hashed as the body arrives.
pub struct Digest(blake3::Hasher);

impl Digest {
    pub fn new(what: &str) -> Digest {
        let mut h = blake3::Hasher::new();
        h.update(what.as_bytes());
        h.update(&[0]);
        Digest(h)
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(&self) -> [u8; 32] {
        *self.0.finalize().as_bytes()
    }
}

/// As [`once`], for a request whose body was hashed on its way in (`Digest`).
pub async fn once_digest(
    app: &App,
    caller: &Caller,
    headers: &HeaderMap,
    request: [u8; 32],
    work: impl Future<Output = Result<Response, Problem>>,
) -> Result<Response, Problem> {
    let lang = caller.lang;
    let Some(key) = headers.get("idempotency-key") else {
        return work.await;
    };
    let key = key
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= MAX_KEY && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            Problem::bad_request(
                lang,
                format!("Idempotency-Key: 1 to {MAX_KEY} visible ASCII characters"),
            )
        })?
        .to_string();
    let user = caller.user.id;

    let store = app.store.clone();
    let k = key.clone();
    let found = crate::blocking(lang, move || {
        store
            .idempotent(user, &k)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    if let Some(stored) = found {
        return replay(lang, &key, request, stored);
    }
    {
        let mut f = app.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        if !f.insert((user, key.clone())) {
            return Err(Problem::new(
                StatusCode::CONFLICT,
                "idempotency-in-flight",
                text(lang, "api-idempotency-busy", &[("key", key.clone())]),
            ));
        }
    }
    let _mark = InFlight {
        app,
        key: (user, key.clone()),
    };
    // It may have finished between the lookup and the mark.
    let store = app.store.clone();
    let k = key.clone();
    if let Some(stored) = crate::blocking(lang, move || {
        store
            .idempotent(user, &k)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?
    {
        return replay(lang, &key, request, stored);
    }

    let response = match work.await {
        Ok(r) => r,
        Err(p) => p.into_response(),
    };
    let status = response.status();
    // Server failures are not kept: a retry may succeed.
    if status.is_server_error() {
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_KEPT)
        .await
        .map_err(|e| Problem::internal(lang, e))?;
    let stored = Stored {
        request,
        status: status.as_u16(),
        body: bytes.to_vec(),
        created_at: jiff::Timestamp::now(),
    };
    let store = app.store.clone();
    let k = key.clone();
    crate::blocking(lang, move || {
        store
            .keep_idempotent(user, &k, &stored)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    Ok(Response::from_parts(parts, axum::body::Body::from(bytes)))
}

fn replay(
    lang: entrack_core::Lang,
    key: &str,
    request: [u8; 32],
    stored: Stored,
) -> Result<Response, Problem> {
    if stored.request != request {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-mismatch",
            text(
                lang,
                "api-idempotency-mismatch",
                &[("key", key.to_string())],
            ),
        ));
    }
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut r = (status, stored.body).into_response();
    let kind = if status.is_success() {
        "application/json"
    } else {
        "application/problem+json"
    };
    r.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static(kind),
    );
    r.headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    Ok(r)
}
