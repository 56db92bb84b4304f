//! Who is calling: API tokens (`Authorization: Bearer`), session cookies with CSRF
//! protection, password sign-in throttled per account and per source, and the secrets.
//!
//! Every secret is 256 random bits from the operating system. Sessions and tokens are
//! stored as BLAKE3 hashes; passwords as Argon2id PHC strings (m = 19 MiB, t = 2, p = 1).

use crate::problem::Problem;
use crate::{App, ReqLang};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode};
use entrack_core::change::Meta;
use entrack_core::history::Source;
use entrack_core::messages::text;
use entrack_core::Lang;
use entrack_store::accounts::{SecretHash, Session, User};
use entrack_store::ops::{Ctx, Principal};
use std::collections::{HashMap, HashSet, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Shortest accepted password, in characters (ASVS 6.2.1); longer ones are welcome.
pub const MIN_PASSWORD: usize = 8;
/// Longest accepted password: far beyond any passphrase, short of a hashing-cost attack.
pub const MAX_PASSWORD: usize = 1024;

/// How sign-in and sessions behave.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// Behind TLS: cookies get `Secure` and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// A session ends this long after sign-in.
    pub session_ttl: Duration,
    /// A session also ends when no request has used it for this long.
    pub session_idle: Duration,
    /// Password attempts allowed per account, per source, and per account from a source
    /// where it signed in before, in each `login_window`.
    pub login_attempts: usize,
    pub login_window: Duration,
    /// `/metrics` answers without credentials (for a scraper on a private network).
    pub public_metrics: bool,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            secure_cookies: false,
            session_ttl: Duration::from_secs(12 * 3600),
            session_idle: Duration::from_secs(3600),
            login_attempts: 10,
            login_window: Duration::from_secs(60),
            public_metrics: false,
        }
    }
}

impl AuthConfig {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-entrack_session"
        } else {
            "entrack_session"
        }
    }

    pub fn session_cookie(&self, value: &str) -> String {
        format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
            self.cookie_name(),
            self.session_ttl.as_secs(),
            if self.secure_cookies { "; Secure" } else { "" }
        )
    }

    pub fn expired_cookie(&self) -> String {
        format!(
            "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
            self.cookie_name(),
            if self.secure_cookies { "; Secure" } else { "" }
        )
    }
}

/// At most `limit` events per key in any `window`: a sliding log, exact at the edges.
pub struct SlidingLimit<K> {
    limit: usize,
    window: Duration,
    log: Mutex<(HashMap<K, VecDeque<Instant>>, u64)>,
}

impl<K: std::hash::Hash + Eq + Clone> SlidingLimit<K> {
    pub fn new(limit: usize, window: Duration) -> Self {
        SlidingLimit {
            limit,
            window,
            log: Mutex::new((HashMap::new(), 0)),
        }
    }

    /// How long until `key` may go again (`None`: it may now, and is counted).
    pub fn hit(&self, key: &K, now: Instant) -> Option<Duration> {
        let mut g = self.log.lock().unwrap_or_else(|p| p.into_inner());
        let (map, calls) = &mut *g;
        *calls += 1;
        if *calls % 4096 == 0 {
            let window = self.window;
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
        }
        let q = map.entry(key.clone()).or_default();
        while q
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            q.pop_front();
        }
        if q.len() >= self.limit {
            let oldest = *q.front().expect("full");
            return Some(self.window.saturating_sub(now.duration_since(oldest)));
        }
        q.push_back(now);
        None
    }
}

/// The sign-in guard: throttles, bounds the hashing, and counts what reached the hasher.
pub struct Guard {
    per_account: SlidingLimit<String>,
    per_source: SlidingLimit<IpAddr>,
    per_known: SlidingLimit<(String, IpAddr)>,
    /// Account × source pairs that signed in successfully: they keep their own budget,
    /// so a stranger's guessing does not lock the real user out.
    known: Mutex<HashSet<(String, IpAddr)>>,
    hashing: tokio::sync::Semaphore,
    /// Password hashes computed (a test and metrics hook).
    pub hashes: AtomicU64,
    pub throttled: AtomicU64,
    /// Added to the clock: tests move time forward instead of waiting.
    skew: Mutex<Duration>,
}

impl Guard {
    pub fn new(cfg: &AuthConfig) -> Guard {
        let (n, w) = (cfg.login_attempts, cfg.login_window);
        Guard {
            per_account: SlidingLimit::new(n, w),
            per_source: SlidingLimit::new(n, w),
            per_known: SlidingLimit::new(n, w),
            known: Mutex::new(HashSet::new()),
            // Argon2id takes 19 MiB and tens of milliseconds: two at a time on this pool.
            hashing: tokio::sync::Semaphore::new(2),
            hashes: AtomicU64::new(0),
            throttled: AtomicU64::new(0),
            skew: Mutex::new(Duration::ZERO),
        }
    }

    /// Moves the guard's clock forward (an injected clock for tests).
    pub fn advance(&self, by: Duration) {
        *self.skew.lock().unwrap_or_else(|p| p.into_inner()) += by;
    }

    /// The wall clock as the guard sees it (moved by [`Guard::advance`]): sessions and
    /// second-factor codes are judged by it.
    pub fn now(&self) -> jiff::Timestamp {
        let skew = *self.skew.lock().unwrap_or_else(|p| p.into_inner());
        let now = jiff::Timestamp::now();
        jiff::SignedDuration::try_from(skew)
            .ok()
            .and_then(|d| now.checked_add(d).ok())
            .unwrap_or(now)
    }

    /// Counts an attempt; `Some(wait)` when it must not reach the hasher.
    pub fn admit(&self, account: &str, source: IpAddr) -> Option<Duration> {
        let now = Instant::now() + *self.skew.lock().unwrap_or_else(|p| p.into_inner());
        let account = account.to_lowercase();
        let pair = (account.clone(), source);
        let known = self
            .known
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&pair);
        let wait = if known {
            self.per_known.hit(&pair, now)
        } else {
            self.per_source
                .hit(&source, now)
                .or_else(|| self.per_account.hit(&account, now))
        };
        if wait.is_some() {
            self.throttled.fetch_add(1, Ordering::Relaxed);
        }
        wait
    }

    pub fn remember(&self, account: &str, source: IpAddr) {
        let mut k = self.known.lock().unwrap_or_else(|p| p.into_inner());
        if k.len() > 100_000 {
            k.clear();
        }
        k.insert((account.to_lowercase(), source));
    }

    /// Checks a password against a PHC string on the blocking pool, at most two at a time.
    /// Without a stored hash the work is done anyway, so timing does not tell whether the
    /// account exists.
    pub async fn verify(&self, password: String, phc: Option<String>) -> bool {
        let Ok(_permit) = self.hashing.acquire().await else {
            return false;
        };
        self.hashes.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn_blocking(move || {
            let stored = phc.unwrap_or_else(dummy_hash);
            verify_password(&password, &stored)
        })
        .await
        .unwrap_or(false)
    }
}

/// The hash checked when an account has none, computed once.
fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| hash_password("not a password of anyone").unwrap_or_default())
        .clone()
}

/// A password's Argon2id PHC string with a fresh salt (the OWASP parameters, which are the
/// crate's defaults: m = 19456 KiB, t = 2, p = 1).
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut raw = [0u8; 16];
    getrandom::fill(&mut raw).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&raw).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Why a new password is refused (`None`: it is accepted). No composition rules: length,
/// and not one of the passwords every guessing list starts with.
pub fn password_problem(password: &str, username: &str) -> Option<String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Some(format!("at least {MIN_PASSWORD} characters"));
    }
    if n > MAX_PASSWORD {
        return Some(format!("at most {MAX_PASSWORD} characters"));
    }
    if password.to_lowercase() == username.to_lowercase() {
        return Some("it is the user name".into());
    }
    // Common passwords, words with digits, keyboard walks, dates…: anything a guessing
    // list reaches within 10^8 tries.
    let score = zxcvbn::zxcvbn(password, &[username]).score();
    if score < zxcvbn::Score::Three {
        return Some("it is easy to guess (a common password or pattern); a few unrelated words make a strong one".into());
    }
    None
}

/// 256 random bits as 64 hex digits.
pub fn new_secret() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the operating system's random source");
    hex(&b)
}

fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    b.iter()
        .fold(String::with_capacity(b.len() * 2), |mut s, x| {
            let _ = write!(s, "{x:02x}");
            s
        })
}

/// The stored form of a session id or API token.
pub fn secret_hash(secret: &str) -> SecretHash {
    *blake3::hash(secret.as_bytes()).as_bytes()
}

/// API tokens carry a prefix, so a leaked one is easy to recognise and search for.
pub const TOKEN_PREFIX: &str = "et_";

pub fn new_token() -> String {
    format!("{TOKEN_PREFIX}{}", new_secret())
}

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Token,
    /// The session's hash, for sign-out.
    Cookie(SecretHash),
}

/// A signed-in caller. As an extractor it refuses with 401 without valid credentials,
/// and with 403 a cookie-authenticated unsafe request without its CSRF token or from
/// another site.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub principal: Principal,
    pub via: Via,
    pub lang: Lang,
}

impl Caller {
    /// The context of a change made by this caller through the API.
    pub fn ctx(&self) -> Ctx {
        Ctx {
            meta: Meta {
                at: jiff::Timestamp::now(),
                actor: self.user.username.clone(),
                source: Source::Api,
                batch: None,
            },
            role: Some(self.user.role),
            lang: self.lang,
            principal: Some(self.principal.clone()),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.user.role == entrack_core::Role::Admin
    }
}

/// The value of cookie `name` in a request's `Cookie` headers.
pub fn cookie_value<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

fn bearer(parts: &Parts) -> Option<&str> {
    let v = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Whether an unsafe request comes from this site: `Sec-Fetch-Site` when the browser
/// sends it, otherwise an `Origin` naming the host the request was sent to.
fn same_site(parts: &Parts) -> bool {
    same_site_headers(&parts.headers)
}

/// [`same_site`] on a request's headers.
pub(crate) fn same_site_headers(headers: &axum::http::HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(site) = fetch_site {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        // Browsers send `Origin: null` for a form posted under `Referrer-Policy:
        // no-referrer`; then only their `Sec-Fetch-Site` tells where it came from.
        Some("null") => fetch_site.is_some(),
        Some(origin) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let bare = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .unwrap_or("");
            !host.is_empty() && bare == host
        }
    }
}

pub(crate) fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<App> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Problem> {
        let ReqLang(lang) = ReqLang::from_request_parts(parts, app)
            .await
            .unwrap_or(ReqLang(Lang::En));
        let store = app.store.clone();
        let now = jiff::Timestamp::now();
        if let Some(token) = bearer(parts) {
            let hash = secret_hash(token);
            let found = crate::point_read(&app.store, lang, move || {
                store
                    .token(&hash, now)
                    .map_err(|e| Problem::from_store(e, lang))
            })
            .await?;
            return match found {
                Some((_, user)) if !user.disabled => Ok(Caller {
                    principal: Principal::of(&user),
                    user,
                    via: Via::Token,
                    lang,
                }),
                _ => Err(Problem::unauthorized(lang)),
            };
        }
        let Some(session) = cookie_value(&parts.headers, app.auth.cookie_name()) else {
            return Err(Problem::unauthorized(lang));
        };
        let hash = secret_hash(session);
        let Some((s, user)) = live_session(app, lang, hash).await? else {
            return Err(Problem::unauthorized(lang));
        };
        let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if unsafe_method {
            let token = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_site(parts) || !constant_eq(token.as_bytes(), s.csrf.as_bytes()) {
                return Err(Problem::new(
                    StatusCode::FORBIDDEN,
                    "csrf",
                    text(lang, "api-csrf", &[]),
                ));
            }
        }
        Ok(Caller {
            principal: Principal::of(&user),
            user,
            via: Via::Cookie(hash),
            lang,
        })
    }
}

/// The session behind a cookie when it is live: within its lifetime, used within the idle
/// timeout, its user not disabled. Records the request as the session's last use (to the
/// second, so a session in steady use costs a write a second at most). A session found
/// idle too long ends here.
pub(crate) async fn live_session(
    app: &App,
    lang: Lang,
    hash: SecretHash,
) -> Result<Option<(Session, User)>, Problem> {
    let now = app.guard.now();
    let store = app.store.clone();
    let found = crate::point_read(&app.store, lang, move || {
        store
            .session(&hash, now)
            .map_err(|e| Problem::from_store(e, lang))
    })
    .await?;
    let Some((s, user)) = found.filter(|(_, u)| !u.disabled) else {
        return Ok(None);
    };
    let idle = now.as_second() - s.last_seen_at.as_second();
    let limit = i64::try_from(app.auth.session_idle.as_secs()).unwrap_or(i64::MAX);
    let store = app.store.clone();
    if idle >= limit {
        tracing::info!(user = %user.username, "session ended: idle");
        crate::blocking(lang, move || {
            store
                .delete_session(&hash)
                .map_err(|e| Problem::from_store(e, lang))
        })
        .await?;
        return Ok(None);
    }
    if idle >= 1 {
        crate::blocking(lang, move || {
            store
                .touch_session(&hash, now)
                .map_err(|e| Problem::from_store(e, lang))
        })
        .await?;
    }
    Ok(Some((s, user)))
}

/// The peer address of the connection (set by `serve`); loopback when unknown.
pub fn source(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_limit_allows_n_per_window_and_says_how_long_to_wait() {
        let l = SlidingLimit::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for i in 0..3 {
            assert_eq!(l.hit(&"a", t0 + Duration::from_secs(i)), None);
        }
        let wait = l
            .hit(&"a", t0 + Duration::from_secs(10))
            .expect("throttled");
        assert_eq!(wait, Duration::from_secs(50));
        // Another key has its own budget.
        assert_eq!(l.hit(&"b", t0 + Duration::from_secs(10)), None);
        // Once the first attempt leaves the window, one more goes through.
        assert_eq!(l.hit(&"a", t0 + Duration::from_secs(60)), None);
        assert!(l.hit(&"a", t0 + Duration::from_secs(60)).is_some());
    }

    #[test]
    fn passwords_are_argon2id_with_the_owasp_parameters() {
        let phc = hash_password("correct horse battery staple").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password("correct horse battery staple", &phc));
        assert!(!verify_password("correct horse battery staplf", &phc));
        let long: String = "ü ".repeat(32);
        let phc = hash_password(&long).unwrap();
        assert!(verify_password(&long, &phc));
        assert!(!verify_password(&long.to_uppercase(), &phc));
    }

    #[test]
    fn weak_passwords_are_refused_without_composition_rules() {
        assert!(password_problem("short", "anna").is_some());
        assert!(password_problem("password1234", "anna").is_some());
        assert!(password_problem("Password1234", "anna").is_some());
        assert!(password_problem("anna.schmidt", "anna.schmidt").is_some());
        assert_eq!(password_problem("elk river quartz lamp", "anna"), None);
        let long = "seven quiet otters audit the harbour ledger at dawn, twice ok";
        assert_eq!(long.chars().count(), 61);
        assert_eq!(password_problem(long, "anna"), None);
        assert!(password_problem("qwertyuiop", "anna").is_some());
    }

    #[test]
    fn secrets_carry_256_random_bits() {
        let a = new_secret();
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, new_secret());
        assert!(new_token().starts_with(TOKEN_PREFIX));
    }
}
