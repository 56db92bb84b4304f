//! Who may use a store: partner organisations, their users, sessions, API tokens,
//! assignments of users to tenants, and the responses kept for idempotent retries.
//!
//! Secrets never reach the store in the clear: passwords arrive as Argon2id PHC strings,
//! session ids and API tokens as their BLAKE3 hashes.

use crate::Result;
use entrack_core::{Role, Service, TenantId};
use jiff::Timestamp;

/// An organisation's number. Organisation 1 is the default one, created with the store:
/// a single-team installation keeps everything there.
pub type OrgId = i64;
pub type UserId = i64;

pub const DEFAULT_ORG: OrgId = 1;

/// A 32-byte hash of a secret (session id, API token).
pub type SecretHash = [u8; 32];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub id: OrgId,
    pub name: String,
    /// Whether a status row may be saved with a note Suggest grades poor (default: no).
    pub allow_poor_notes: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub org: OrgId,
    /// Unique across the installation, compared case-insensitively.
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Argon2id PHC string; `None`: the user cannot sign in with a password.
    pub password_hash: Option<String>,
    pub disabled: bool,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub org: OrgId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: UserId,
    /// The token a cookie-authenticated write must echo in `X-CSRF-Token`.
    pub csrf: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// The last request seen with it (to the second): the idle timeout counts from here.
    pub last_seen_at: Timestamp,
}

/// A user's second factor: a TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s steps).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecondFactor {
    /// The secret sign-in asks a code of; `None`: password only.
    pub active: Option<Vec<u8>>,
    /// A secret handed out for enrolment, active once a code of it is confirmed.
    pub pending: Option<Vec<u8>>,
    /// The latest time step whose code was accepted: a code is good once.
    pub last_step: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub user: UserId,
    pub name: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// A user assigned to a tenant in a role, for all of its services or one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub id: i64,
    pub tenant: TenantId,
    pub user: UserId,
    pub role: Role,
    /// `None`: every service of the tenant.
    pub service: Option<Service>,
    /// At most one primary per tenant + service + role.
    pub primary: bool,
    pub assigned_by: String,
    pub assigned_at: Timestamp,
}

/// A response kept for an `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Hash of what was asked (method, path, body): the same key with another request is refused.
    pub request: SecretHash,
    pub status: u16,
    pub body: Vec<u8>,
    pub created_at: Timestamp,
}

/// Accounts and access of a store; every method is one transaction.
pub trait Accounts: Send + Sync {
    /// Creates an organisation; `AlreadyExists` when the name is taken (case-insensitive).
    fn create_org(&self, name: &str) -> Result<Org>;
    fn orgs(&self) -> Result<Vec<Org>>;
    /// Sets whether the organisation's users may save poor notes; `NotFound` for an
    /// unknown organisation.
    fn set_allow_poor_notes(&self, org: OrgId, allow: bool) -> Result<()>;
    /// Whether a poor note may be saved in the organisation (`false` when it is unknown).
    fn allows_poor_notes(&self, org: OrgId) -> Result<bool> {
        Ok(self
            .orgs()?
            .into_iter()
            .any(|o| o.id == org && o.allow_poor_notes))
    }
    /// The organisation a live tenant belongs to (`None`: no such tenant).
    fn tenant_org(&self, tenant: &TenantId) -> Result<Option<OrgId>>;

    /// `AlreadyExists` when the user name is taken; `NotFound` for an unknown organisation.
    fn create_user(&self, user: &NewUser) -> Result<User>;
    fn user(&self, id: UserId) -> Result<Option<User>>;
    fn user_by_name(&self, username: &str) -> Result<Option<User>>;
    /// Users of an organisation by name; `None`: every user.
    fn users(&self, org: Option<OrgId>) -> Result<Vec<User>>;
    fn count_users(&self) -> Result<u64>;
    /// Sets a new password hash and ends every session of the user (whoever signed in
    /// with the old password is signed out).
    fn set_password(&self, user: UserId, password_hash: &str) -> Result<()>;
    /// Disables a user (every session ends; API tokens are refused while disabled) or
    /// enables it again; `NotFound` for an unknown user.
    fn set_disabled(&self, user: UserId, disabled: bool) -> Result<()>;

    fn create_session(&self, id: &SecretHash, session: &Session) -> Result<()>;
    /// A session that has not expired at `now`, with its user.
    fn session(&self, id: &SecretHash, now: Timestamp) -> Result<Option<(Session, User)>>;
    fn delete_session(&self, id: &SecretHash) -> Result<()>;
    /// Records a request made with the session at `at` (an earlier time changes nothing).
    fn touch_session(&self, id: &SecretHash, at: Timestamp) -> Result<()>;
    /// The user's sessions that have not expired at `now`, most recently used first.
    fn user_sessions(&self, user: UserId, now: Timestamp) -> Result<Vec<(SecretHash, Session)>>;

    /// The user's second factor (all `None` when there is none).
    fn second_factor(&self, user: UserId) -> Result<SecondFactor>;
    /// Keeps a secret for enrolment (`None`: forgets it); the active one stays as it is.
    fn set_pending_factor(&self, user: UserId, secret: Option<&[u8]>) -> Result<()>;
    /// Makes the pending secret the active one, `step` used up by the code that confirmed
    /// it; `NotFound` when nothing is pending.
    fn activate_factor(&self, user: UserId, step: i64) -> Result<()>;
    /// Removes the second factor, active and pending.
    fn remove_factor(&self, user: UserId) -> Result<()>;
    /// Uses up a time step of the active factor: `true` when `step` is later than every
    /// step used before (then it is recorded), `false` for a code already used or older.
    fn use_factor_step(&self, user: UserId, step: i64) -> Result<bool>;

    fn create_token(
        &self,
        user: UserId,
        name: &str,
        hash: &SecretHash,
        at: Timestamp,
    ) -> Result<ApiToken>;
    /// A token that is not revoked, with its user; records the use.
    fn token(&self, hash: &SecretHash, now: Timestamp) -> Result<Option<(ApiToken, User)>>;
    fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>>;
    /// Revokes a token of `user`; `NotFound` if it has none with that id.
    fn revoke_token(&self, user: UserId, id: i64, at: Timestamp) -> Result<()>;

    /// Adds an assignment; `AlreadyExists` for a second primary of the same tenant +
    /// service + role or a repeated assignment. Logged with who assigned it.
    fn assign(&self, a: &Assignment) -> Result<Assignment>;
    /// Removes an assignment of a tenant; `NotFound` if there is none with that id.
    fn unassign(&self, tenant: &TenantId, id: i64, by: &str, at: Timestamp) -> Result<()>;
    fn assignments(&self, tenant: &TenantId) -> Result<Vec<Assignment>>;
    /// The assignments of a user on one tenant.
    fn assignments_of(&self, user: UserId, tenant: &TenantId) -> Result<Vec<Assignment>>;

    fn idempotent(&self, user: UserId, key: &str) -> Result<Option<Stored>>;
    /// Keeps a response; the first one kept for a key wins.
    fn keep_idempotent(&self, user: UserId, key: &str, stored: &Stored) -> Result<()>;
}
