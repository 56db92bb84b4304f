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

    fn create_session(&self, id: &SecretHash, session: &Session) -> Result<()>;
    /// A session that has not expired at `now`, with its user.
    fn session(&self, id: &SecretHash, now: Timestamp) -> Result<Option<(Session, User)>>;
    fn delete_session(&self, id: &SecretHash) -> Result<()>;

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
