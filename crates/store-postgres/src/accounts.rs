//! Organisations, users, sessions, API tokens, assignments and idempotency keys.

use crate::{
    backend, get, instant, invariant, is_code, live_tenant, nanos, off_runtime, tenant_id, PgStore,
};
use entrack_core::{Role, Service, TenantId};
use entrack_store::accounts::{
    ApiToken, Assignment, NewUser, Org, SecondFactor, SecretHash, Session, Stored, User,
};
use entrack_store::{Accounts, OrgId, Result, StoreError, UserId};
use jiff::Timestamp;
use postgres::error::SqlState;
use postgres::Row;

pub(crate) fn role(s: &str) -> Result<Role> {
    Role::from_code(s).ok_or_else(|| invariant(format!("unknown role {s}")))
}

impl PgStore {
    /// Runs `update` (`$1` the user, `$2` the value) in one transaction with, when
    /// `end_sessions`, the end of every session of the user; `NotFound` for an unknown user.
    fn change_user(
        &self,
        user: UserId,
        update: &str,
        value: &(dyn postgres::types::ToSql + Sync),
        end_sessions: bool,
    ) -> Result<()> {
        off_runtime(|| {
            self.write(|mut tx| {
                let n = tx.execute(update, &[&user, value]).map_err(backend)?;
                if n == 0 {
                    return Err(StoreError::NotFound(format!("user {user}")));
                }
                if end_sessions {
                    tx.execute("DELETE FROM sessions WHERE user_id = $1", &[&user])
                        .map_err(backend)?;
                }
                tx.commit().map_err(backend)
            })
        })
    }
}

fn is_unique(e: &postgres::Error) -> bool {
    is_code(e, &SqlState::UNIQUE_VIOLATION)
}

const USER_COLUMNS: &str = "user_id, org_id, username, display_name, role, password_hash, disabled";

/// The [`USER_COLUMNS`] starting at column `at`.
fn user_at(r: &Row, at: usize) -> Result<User> {
    Ok(User {
        id: get(r, at)?,
        org: get(r, at + 1)?,
        username: get(r, at + 2)?,
        display_name: get(r, at + 3)?,
        role: role(get(r, at + 4)?)?,
        password_hash: get(r, at + 5)?,
        disabled: get(r, at + 6)?,
    })
}

fn token_at(r: &Row, at: usize) -> Result<ApiToken> {
    Ok(ApiToken {
        id: get(r, at)?,
        user: get(r, at + 1)?,
        name: get(r, at + 2)?,
        created_at: instant(get(r, at + 3)?)?,
        last_used_at: get::<Option<i64>>(r, at + 4)?.map(instant).transpose()?,
        revoked_at: get::<Option<i64>>(r, at + 5)?.map(instant).transpose()?,
    })
}

const ASSIGNMENT_SELECT: &str =
    "SELECT a.assignment_id, t.tenant_id, a.user_id, a.role, a.service, a.is_primary,
     a.assigned_by, a.assigned_at FROM assignments a JOIN tenants t ON t.tenant_no = a.tenant_no";

fn assignment_from(r: &Row) -> Result<Assignment> {
    let service: &str = get(r, 4)?;
    Ok(Assignment {
        id: get(r, 0)?,
        tenant: tenant_id(get(r, 1)?)?,
        user: get(r, 2)?,
        role: role(get(r, 3)?)?,
        service: if service.is_empty() {
            None
        } else {
            Some(
                Service::from_code(service)
                    .ok_or_else(|| invariant(format!("unknown service {service}")))?,
            )
        },
        primary: get(r, 5)?,
        assigned_by: get(r, 6)?,
        assigned_at: instant(get(r, 7)?)?,
    })
}

fn user_columns_of_u() -> String {
    USER_COLUMNS
        .split(", ")
        .map(|c| format!("u.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Accounts for PgStore {
    fn create_org(&self, name: &str) -> Result<Org> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_one(
                    "INSERT INTO organisations (name, created_at) VALUES ($1, $2) RETURNING org_id",
                    &[&name, &nanos(Timestamp::now())],
                )
                .map_err(|e| {
                    if is_unique(&e) {
                        StoreError::AlreadyExists(format!("organisation {name}"))
                    } else {
                        backend(e)
                    }
                })?;
            Ok(Org {
                id: get(&r, 0)?,
                name: name.to_string(),
                allow_poor_notes: false,
            })
        })
    }

    fn orgs(&self) -> Result<Vec<Org>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let rows = conn
                .query(
                    "SELECT org_id, name, allow_poor_notes FROM organisations ORDER BY org_id",
                    &[],
                )
                .map_err(backend)?;
            rows.iter()
                .map(|r| {
                    Ok(Org {
                        id: get(r, 0)?,
                        name: get(r, 1)?,
                        allow_poor_notes: get(r, 2)?,
                    })
                })
                .collect()
        })
    }

    fn set_allow_poor_notes(&self, org: OrgId, allow: bool) -> Result<()> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let n = conn
                .execute(
                    "UPDATE organisations SET allow_poor_notes = $2 WHERE org_id = $1",
                    &[&org, &allow],
                )
                .map_err(backend)?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("organisation {org}")));
            }
            Ok(())
        })
    }

    fn tenant_org(&self, tenant: &TenantId) -> Result<Option<OrgId>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            Ok(live_tenant(&mut *conn, tenant)?.map(|(_, org)| org))
        })
    }

    fn create_user(&self, u: &NewUser) -> Result<User> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_opt(
                    "INSERT INTO users (org_id, username, display_name, role, password_hash, created_at)
                     SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM organisations WHERE org_id = $1)
                     RETURNING user_id",
                    &[
                        &u.org,
                        &u.username,
                        &u.display_name,
                        &u.role.code(),
                        &u.password_hash,
                        &nanos(Timestamp::now()),
                    ],
                )
                .map_err(|e| {
                    if is_unique(&e) {
                        StoreError::AlreadyExists(format!("user {}", u.username))
                    } else {
                        backend(e)
                    }
                })?
                .ok_or_else(|| StoreError::NotFound(format!("organisation {}", u.org)))?;
            Ok(User {
                id: get(&r, 0)?,
                org: u.org,
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                role: u.role,
                password_hash: u.password_hash.clone(),
                disabled: false,
            })
        })
    }

    fn user(&self, id: UserId) -> Result<Option<User>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_opt(
                    &format!("SELECT {USER_COLUMNS} FROM users WHERE user_id = $1"),
                    &[&id],
                )
                .map_err(backend)?;
            r.map(|r| user_at(&r, 0)).transpose()
        })
    }

    fn user_by_name(&self, username: &str) -> Result<Option<User>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_opt(
                    &format!("SELECT {USER_COLUMNS} FROM users WHERE lower(username) = lower($1)"),
                    &[&username],
                )
                .map_err(backend)?;
            r.map(|r| user_at(&r, 0)).transpose()
        })
    }

    fn users(&self, org: Option<OrgId>) -> Result<Vec<User>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let rows = conn
                .query(
                    &format!(
                        "SELECT {USER_COLUMNS} FROM users WHERE $1::bigint IS NULL OR org_id = $1
                         ORDER BY lower(username) COLLATE \"C\""
                    ),
                    &[&org],
                )
                .map_err(backend)?;
            rows.iter().map(|r| user_at(r, 0)).collect()
        })
    }

    fn count_users(&self) -> Result<u64> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_one("SELECT COUNT(*) FROM users", &[])
                .map_err(backend)?;
            u64::try_from(get::<i64>(&r, 0)?).map_err(invariant)
        })
    }

    fn set_password(&self, user: UserId, hash: &str) -> Result<()> {
        self.change_user(
            user,
            "UPDATE users SET password_hash = $2 WHERE user_id = $1",
            &hash,
            true,
        )
    }

    fn set_disabled(&self, user: UserId, disabled: bool) -> Result<()> {
        self.change_user(
            user,
            "UPDATE users SET disabled = $2 WHERE user_id = $1",
            &disabled,
            disabled,
        )
    }

    fn create_session(&self, id: &SecretHash, s: &Session) -> Result<()> {
        off_runtime(|| {
            self.write(|mut tx| {
                // Expired sessions go whenever a new one starts.
                tx.execute(
                    "DELETE FROM sessions WHERE expires_at < $1",
                    &[&s.created_at.as_second()],
                )
                .map_err(backend)?;
                tx.execute(
                    "INSERT INTO sessions (session_hash, user_id, csrf, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6)",
                    &[
                        &&id[..],
                        &s.user,
                        &s.csrf,
                        &nanos(s.created_at),
                        &s.expires_at.as_second(),
                        &s.last_seen_at.as_second(),
                    ],
                )
                .map_err(backend)?;
                tx.commit().map_err(backend)
            })
        })
    }

    fn session(&self, id: &SecretHash, now: Timestamp) -> Result<Option<(Session, User)>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_opt(
                    &format!(
                        "SELECT s.user_id, s.csrf, s.created_at, s.expires_at, s.last_seen_at, {} FROM sessions s
                         JOIN users u ON u.user_id = s.user_id WHERE s.session_hash = $1 AND s.expires_at > $2",
                        user_columns_of_u()
                    ),
                    &[&&id[..], &now.as_second()],
                )
                .map_err(backend)?;
            let Some(r) = r else {
                return Ok(None);
            };
            Ok(Some((
                Session {
                    user: get(&r, 0)?,
                    csrf: get(&r, 1)?,
                    created_at: instant(get(&r, 2)?)?,
                    expires_at: Timestamp::from_second(get(&r, 3)?).map_err(invariant)?,
                    last_seen_at: Timestamp::from_second(get(&r, 4)?).map_err(invariant)?,
                },
                user_at(&r, 5)?,
            )))
        })
    }

    fn delete_session(&self, id: &SecretHash) -> Result<()> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            conn.execute("DELETE FROM sessions WHERE session_hash = $1", &[&&id[..]])
                .map_err(backend)?;
            Ok(())
        })
    }

    fn touch_session(&self, id: &SecretHash, at: Timestamp) -> Result<()> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            conn.execute(
                "UPDATE sessions SET last_seen_at = $2 WHERE session_hash = $1 AND last_seen_at < $2",
                &[&&id[..], &at.as_second()],
            )
            .map_err(backend)?;
            Ok(())
        })
    }

    fn user_sessions(&self, user: UserId, now: Timestamp) -> Result<Vec<(SecretHash, Session)>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let rows = conn
                .query(
                    "SELECT session_hash, csrf, created_at, expires_at, last_seen_at FROM sessions
                     WHERE user_id = $1 AND expires_at > $2
                     ORDER BY last_seen_at DESC, created_at DESC, session_hash",
                    &[&user, &now.as_second()],
                )
                .map_err(backend)?;
            rows.iter()
                .map(|r| {
                    let hash: Vec<u8> = get(r, 0)?;
                    let hash: SecretHash = hash
                        .as_slice()
                        .try_into()
                        .map_err(|_| invariant("a session hash is not 32 bytes"))?;
                    Ok((
                        hash,
                        Session {
                            user,
                            csrf: get(r, 1)?,
                            created_at: instant(get(r, 2)?)?,
                            expires_at: Timestamp::from_second(get(r, 3)?).map_err(invariant)?,
                            last_seen_at: Timestamp::from_second(get(r, 4)?).map_err(invariant)?,
                        },
                    ))
                })
                .collect()
        })
    }

    fn second_factor(&self, user: UserId) -> Result<SecondFactor> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_opt(
                    "SELECT secret, pending, last_step FROM second_factors WHERE user_id = $1",
                    &[&user],
                )
                .map_err(backend)?;
            let Some(r) = r else {
                return Ok(SecondFactor::default());
            };
            Ok(SecondFactor {
                active: get(&r, 0)?,
                pending: get(&r, 1)?,
                last_step: get(&r, 2)?,
            })
        })
    }

    fn set_pending_factor(&self, user: UserId, secret: Option<&[u8]>) -> Result<()> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            conn.execute(
                "INSERT INTO second_factors (user_id, pending) VALUES ($1, $2)
                 ON CONFLICT (user_id) DO UPDATE SET pending = excluded.pending",
                &[&user, &secret],
            )
            .map_err(|e| {
                if is_code(&e, &SqlState::FOREIGN_KEY_VIOLATION) {
                    StoreError::NotFound(format!("user {user}"))
                } else {
                    backend(e)
                }
            })?;
            Ok(())
        })
    }

    fn activate_factor(&self, user: UserId, step: i64) -> Result<()> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let n = conn
                .execute(
                    "UPDATE second_factors SET secret = pending, pending = NULL, last_step = $2
                     WHERE user_id = $1 AND pending IS NOT NULL",
                    &[&user, &step],
                )
                .map_err(backend)?;
            if n == 0 {
                return Err(StoreError::NotFound(format!(
                    "a pending second factor of user {user}"
                )));
            }
            Ok(())
        })
    }

    fn remove_factor(&self, user: UserId) -> Result<()> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            conn.execute("DELETE FROM second_factors WHERE user_id = $1", &[&user])
                .map_err(backend)?;
            Ok(())
        })
    }

    fn use_factor_step(&self, user: UserId, step: i64) -> Result<bool> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let n = conn
                .execute(
                    "UPDATE second_factors SET last_step = $2
                     WHERE user_id = $1 AND secret IS NOT NULL AND last_step < $2",
                    &[&user, &step],
                )
                .map_err(backend)?;
            Ok(n == 1)
        })
    }

    fn create_token(
        &self,
        user: UserId,
        name: &str,
        hash: &SecretHash,
        at: Timestamp,
    ) -> Result<ApiToken> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_one(
                    "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING token_id",
                    &[&user, &name, &&hash[..], &nanos(at)],
                )
                .map_err(|e| {
                    if is_code(&e, &SqlState::FOREIGN_KEY_VIOLATION) {
                        StoreError::NotFound(format!("user {user}"))
                    } else {
                        backend(e)
                    }
                })?;
            Ok(ApiToken {
                id: get(&r, 0)?,
                user,
                name: name.to_string(),
                created_at: at,
                last_used_at: None,
                revoked_at: None,
            })
        })
    }

    fn token(&self, hash: &SecretHash, now: Timestamp) -> Result<Option<(ApiToken, User)>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let r = conn
                .query_opt(
                    &format!(
                        "SELECT k.token_id, k.user_id, k.name, k.created_at, k.last_used_at, k.revoked_at, {}
                         FROM api_tokens k JOIN users u ON u.user_id = k.user_id
                         WHERE k.token_hash = $1 AND k.revoked_at IS NULL",
                        user_columns_of_u()
                    ),
                    &[&&hash[..]],
                )
                .map_err(backend)?;
            let Some(r) = r else {
                return Ok(None);
            };
            let token = token_at(&r, 0)?;
            let user = user_at(&r, 6)?;
            // Recording every use would make each API read a write: once a minute is enough.
            if token
                .last_used_at
                .is_none_or(|last| now.as_second() - last.as_second() >= 60)
            {
                conn.execute(
                    "UPDATE api_tokens SET last_used_at = $2 WHERE token_id = $1",
                    &[&token.id, &nanos(now)],
                )
                .map_err(backend)?;
            }
            Ok(Some((token, user)))
        })
    }

    fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let rows = conn
                .query(
                    "SELECT token_id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens
                     WHERE user_id = $1 ORDER BY token_id",
                    &[&user],
                )
                .map_err(backend)?;
            rows.iter().map(|r| token_at(r, 0)).collect()
        })
    }

    fn revoke_token(&self, user: UserId, id: i64, at: Timestamp) -> Result<()> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let n = conn
                .execute(
                    "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE token_id = $1 AND user_id = $2",
                    &[&id, &user, &nanos(at)],
                )
                .map_err(backend)?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("token {id}")));
            }
            Ok(())
        })
    }

    fn assign(&self, a: &Assignment) -> Result<Assignment> {
        off_runtime(|| {
            self.write(|mut tx| {
                let (no, _) = live_tenant(&mut tx, &a.tenant)?
                    .ok_or_else(|| StoreError::NotFound(format!("tenant {}", a.tenant)))?;
                let service = a.service.map(|s| s.code()).unwrap_or("");
                let r = tx
                    .query_one(
                        "INSERT INTO assignments (tenant_no, user_id, role, service, is_primary, assigned_by, assigned_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING assignment_id",
                        &[&no, &a.user, &a.role.code(), &service, &a.primary, &a.assigned_by, &nanos(a.assigned_at)],
                    )
                    .map_err(|e| {
                        if is_unique(&e) {
                            StoreError::AlreadyExists(if a.primary {
                                format!("a primary {} of {service} for tenant {}, or this assignment", a.role, a.tenant)
                            } else {
                                "this assignment".to_string()
                            })
                        } else if is_code(&e, &SqlState::FOREIGN_KEY_VIOLATION) {
                            StoreError::NotFound(format!("user {}", a.user))
                        } else {
                            backend(e)
                        }
                    })?;
                let id: i64 = get(&r, 0)?;
                tx.execute(
                    "INSERT INTO assignment_log (at, actor, action, tenant_no, user_id, role, service, is_primary)
                     VALUES ($1, $2, 'assign', $3, $4, $5, $6, $7)",
                    &[&nanos(a.assigned_at), &a.assigned_by, &no, &a.user, &a.role.code(), &service, &a.primary],
                )
                .map_err(backend)?;
                tx.commit().map_err(backend)?;
                Ok(Assignment { id, ..a.clone() })
            })
        })
    }

    fn unassign(&self, tenant: &TenantId, id: i64, by: &str, at: Timestamp) -> Result<()> {
        off_runtime(|| {
            self.write(|mut tx| {
                let Some((no, _)) = live_tenant(&mut tx, tenant)? else {
                    return Err(StoreError::NotFound(format!("tenant {tenant}")));
                };
                let Some(r) = tx
                    .query_opt(
                        "DELETE FROM assignments WHERE assignment_id = $1 AND tenant_no = $2
                         RETURNING user_id, role, service, is_primary",
                        &[&id, &no],
                    )
                    .map_err(backend)?
                else {
                    return Err(StoreError::NotFound(format!("assignment {id}")));
                };
                let (user, role, service, primary): (i64, &str, &str, bool) =
                    (get(&r, 0)?, get(&r, 1)?, get(&r, 2)?, get(&r, 3)?);
                tx.execute(
                    "INSERT INTO assignment_log (at, actor, action, tenant_no, user_id, role, service, is_primary)
                     VALUES ($1, $2, 'unassign', $3, $4, $5, $6, $7)",
                    &[&nanos(at), &by, &no, &user, &role, &service, &primary],
                )
                .map_err(backend)?;
                tx.commit().map_err(backend)
            })
        })
    }

    fn assignments(&self, tenant: &TenantId) -> Result<Vec<Assignment>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let rows = conn
                .query(
                    &format!(
                        "{ASSIGNMENT_SELECT} WHERE t.tenant_id = $1 AND NOT t.removed ORDER BY a.assignment_id"
                    ),
                    &[&tenant.as_str()],
                )
                .map_err(backend)?;
            rows.iter().map(assignment_from).collect()
        })
    }

    fn assignments_of(&self, user: UserId, tenant: &TenantId) -> Result<Vec<Assignment>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let rows = conn
                .query(
                    &format!(
                        "{ASSIGNMENT_SELECT} WHERE a.user_id = $1 AND t.tenant_id = $2 AND NOT t.removed ORDER BY a.assignment_id"
                    ),
                    &[&user, &tenant.as_str()],
                )
                .map_err(backend)?;
            rows.iter().map(assignment_from).collect()
        })
    }

    fn idempotent(&self, user: UserId, key: &str) -> Result<Option<Stored>> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            let Some(r) = conn
                .query_opt(
                    "SELECT request_hash, status, body, created_at FROM idempotency WHERE user_id = $1 AND key = $2",
                    &[&user, &key],
                )
                .map_err(backend)?
            else {
                return Ok(None);
            };
            let hash: &[u8] = get(&r, 0)?;
            Ok(Some(Stored {
                request: hash
                    .try_into()
                    .map_err(|_| invariant("idempotency hash of the wrong length"))?,
                status: u16::try_from(get::<i32>(&r, 1)?).map_err(invariant)?,
                body: get(&r, 2)?,
                created_at: instant(get(&r, 3)?)?,
            }))
        })
    }

    fn keep_idempotent(&self, user: UserId, key: &str, s: &Stored) -> Result<()> {
        off_runtime(|| {
            let mut conn = self.conn()?;
            conn.execute(
                "INSERT INTO idempotency (user_id, key, request_hash, status, body, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, key) DO NOTHING",
                &[
                    &user,
                    &key,
                    &&s.request[..],
                    &i32::from(s.status),
                    &s.body,
                    &nanos(s.created_at),
                ],
            )
            .map_err(backend)?;
            Ok(())
        })
    }
}
