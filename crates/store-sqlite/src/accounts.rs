//! Organisations, users, sessions, API tokens, assignments and idempotency keys.

use crate::{backend, invariant, live_tenant, tenant_id, SqliteStore};
use entrack_core::{Role, Service, TenantId};
use entrack_store::accounts::{
    ApiToken, Assignment, NewUser, Org, SecondFactor, SecretHash, Session, Stored, User,
};
use entrack_store::{Accounts, OrgId, Result, StoreError, UserId};
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use std::sync::LazyLock;

pub(crate) fn ts(s: &str) -> Result<Timestamp> {
    s.parse()
        .map_err(|e| invariant(format!("bad instant {s}: {e}")))
}

pub(crate) fn role(s: &str) -> Result<Role> {
    Role::from_code(s).ok_or_else(|| invariant(format!("unknown role {s}")))
}

impl SqliteStore {
    /// Runs `update` (`?1` the user, `?2` the value) in one transaction with, when
    /// `end_sessions`, the end of every session of the user; `NotFound` for an unknown user.
    fn change_user(
        &self,
        user: UserId,
        update: &str,
        value: &dyn rusqlite::ToSql,
        end_sessions: bool,
    ) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        let n = tx.execute(update, params![user, value]).map_err(backend)?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("user {user}")));
        }
        if end_sessions {
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user])
                .map_err(backend)?;
        }
        tx.commit().map_err(backend)
    }
}

/// `NotFound` unless `user` exists.
fn known_user(conn: &rusqlite::Connection, user: UserId) -> Result<()> {
    let found = conn
        .prepare_cached("SELECT 1 FROM users WHERE user_id = ?1")
        .and_then(|mut st| st.exists([user]))
        .map_err(backend)?;
    if found {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("user {user}")))
    }
}

fn is_unique(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
            || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}

const USER_COLUMNS: &str = "user_id, org_id, username, display_name, role, password_hash, disabled";

type UserRow = (i64, i64, String, String, String, Option<String>, bool);

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    user_row_at(r, 0)
}

/// The [`USER_COLUMNS`] starting at column `at`.
fn user_row_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<UserRow> {
    Ok((
        r.get(at)?,
        r.get(at + 1)?,
        r.get(at + 2)?,
        r.get(at + 3)?,
        r.get(at + 4)?,
        r.get(at + 5)?,
        r.get(at + 6)?,
    ))
}

fn user_from(u: UserRow) -> Result<User> {
    Ok(User {
        id: u.0,
        org: u.1,
        username: u.2,
        display_name: u.3,
        role: role(&u.4)?,
        password_hash: u.5,
        disabled: u.6,
    })
}

type TokenRow = (i64, i64, String, String, Option<String>, Option<String>);

fn token_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<TokenRow> {
    Ok((
        r.get(at)?,
        r.get(at + 1)?,
        r.get(at + 2)?,
        r.get(at + 3)?,
        r.get(at + 4)?,
        r.get(at + 5)?,
    ))
}

fn token_from(t: TokenRow) -> Result<ApiToken> {
    Ok(ApiToken {
        id: t.0,
        user: t.1,
        name: t.2,
        created_at: ts(&t.3)?,
        last_used_at: t.4.as_deref().map(ts).transpose()?,
        revoked_at: t.5.as_deref().map(ts).transpose()?,
    })
}

const ASSIGNMENT_SELECT: &str =
    "SELECT a.assignment_id, t.tenant_id, a.user_id, a.role, a.service, a.is_primary,
     a.assigned_by, a.assigned_at FROM assignments a JOIN tenants t ON t.tenant_no = a.tenant_no";

type AssignmentRow = (i64, String, i64, String, String, bool, String, String);

fn assignment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AssignmentRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn assignment_from(a: AssignmentRow) -> Result<Assignment> {
    Ok(Assignment {
        id: a.0,
        tenant: tenant_id(a.1)?,
        user: a.2,
        role: role(&a.3)?,
        service: if a.4.is_empty() {
            None
        } else {
            Some(
                Service::from_code(&a.4)
                    .ok_or_else(|| invariant(format!("unknown service {}", a.4)))?,
            )
        },
        primary: a.5,
        assigned_by: a.6,
        assigned_at: ts(&a.7)?,
    })
}

/// The user columns prefixed with `u.`.
fn user_columns_of_u() -> String {
    USER_COLUMNS
        .split(", ")
        .map(|c| format!("u.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

static SESSION_SELECT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT s.user_id, s.csrf, s.created_at, s.expires_at, s.last_seen_at, {} FROM sessions s
         JOIN users u ON u.user_id = s.user_id WHERE s.session_hash = ?1 AND s.expires_at > ?2",
        user_columns_of_u()
    )
});

static TOKEN_SELECT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT k.token_id, k.user_id, k.name, k.created_at, k.last_used_at, k.revoked_at, {}
         FROM api_tokens k JOIN users u ON u.user_id = k.user_id
         WHERE k.token_hash = ?1 AND k.revoked_at IS NULL",
        user_columns_of_u()
    )
});

impl Accounts for SqliteStore {
    fn create_org(&self, name: &str) -> Result<Org> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO organisations (name, created_at) VALUES (?1, ?2)",
            params![name, Timestamp::now().to_string()],
        )
        .map_err(|e| {
            if is_unique(&e) {
                StoreError::AlreadyExists(format!("organisation {name}"))
            } else {
                backend(e)
            }
        })?;
        Ok(Org {
            id: conn.last_insert_rowid(),
            name: name.to_string(),
            allow_poor_notes: false,
        })
    }

    fn orgs(&self) -> Result<Vec<Org>> {
        self.read(|conn| {
            let mut st = conn
                .prepare_cached(
                    "SELECT org_id, name, allow_poor_notes FROM organisations ORDER BY org_id",
                )
                .map_err(backend)?;
            let rows = st
                .query_map([], |r| {
                    Ok(Org {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        allow_poor_notes: r.get(2)?,
                    })
                })
                .map_err(backend)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
        })
    }

    fn set_allow_poor_notes(&self, org: OrgId, allow: bool) -> Result<()> {
        let n = self
            .conn()
            .execute(
                "UPDATE organisations SET allow_poor_notes = ?2 WHERE org_id = ?1",
                params![org, allow],
            )
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("organisation {org}")));
        }
        Ok(())
    }

    fn tenant_org(&self, tenant: &TenantId) -> Result<Option<OrgId>> {
        self.cached.orgs.get_or(
            self.generation.current(),
            tenant.clone(),
            Option::is_some,
            || {
                Ok(self
                    .read_one(|conn| live_tenant(conn, tenant))?
                    .map(|(_, org)| org))
            },
        )
    }

    fn create_user(&self, u: &NewUser) -> Result<User> {
        let conn = self.conn();
        let org: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM organisations WHERE org_id = ?1)",
                [u.org],
                |r| r.get(0),
            )
            .map_err(backend)?;
        if !org {
            return Err(StoreError::NotFound(format!("organisation {}", u.org)));
        }
        conn.execute(
            "INSERT INTO users (org_id, username, display_name, role, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                u.org,
                u.username,
                u.display_name,
                u.role.code(),
                u.password_hash,
                Timestamp::now().to_string()
            ],
        )
        .map_err(|e| {
            if is_unique(&e) {
                StoreError::AlreadyExists(format!("user {}", u.username))
            } else {
                backend(e)
            }
        })?;
        Ok(User {
            id: conn.last_insert_rowid(),
            org: u.org,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
            password_hash: u.password_hash.clone(),
            disabled: false,
        })
    }

    fn user(&self, id: UserId) -> Result<Option<User>> {
        self.read(|conn| {
            conn.query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE user_id = ?1"),
                [id],
                user_row,
            )
            .optional()
            .map_err(backend)?
            .map(user_from)
            .transpose()
        })
    }

    fn user_by_name(&self, username: &str) -> Result<Option<User>> {
        self.read(|conn| {
            conn.prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM users WHERE username = ?1"
            ))
            .and_then(|mut st| st.query_row([username], user_row).optional())
            .map_err(backend)?
            .map(user_from)
            .transpose()
        })
    }

    fn users(&self, org: Option<OrgId>) -> Result<Vec<User>> {
        self.read(|conn| {
        let mut st = conn
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM users WHERE ?1 IS NULL OR org_id = ?1 ORDER BY username COLLATE NOCASE"
            ))
            .map_err(backend)?;
        let rows = st.query_map([org], user_row).map_err(backend)?;
        rows.map(|r| user_from(r.map_err(backend)?)).collect()
        })
    }

    fn count_users(&self) -> Result<u64> {
        let n: i64 = self.read(|conn| {
            conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))
                .map_err(backend)
        })?;
        Ok(n as u64)
    }

    fn set_password(&self, user: UserId, hash: &str) -> Result<()> {
        self.change_user(
            user,
            "UPDATE users SET password_hash = ?2 WHERE user_id = ?1",
            &hash,
            true,
        )
    }

    fn set_disabled(&self, user: UserId, disabled: bool) -> Result<()> {
        self.change_user(
            user,
            "UPDATE users SET disabled = ?2 WHERE user_id = ?1",
            &disabled,
            disabled,
        )
    }

    fn create_session(&self, id: &SecretHash, s: &Session) -> Result<()> {
        let conn = self.conn();
        // Expired sessions go whenever a new one starts.
        conn.prepare_cached("DELETE FROM sessions WHERE expires_at < ?1")
            .and_then(|mut st| st.execute([s.created_at.as_second()]))
            .map_err(backend)?;
        conn.prepare_cached(
            "INSERT INTO sessions (session_hash, user_id, csrf, created_at, expires_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .and_then(|mut st| {
            st.execute(params![
                &id[..],
                s.user,
                s.csrf,
                s.created_at.to_string(),
                s.expires_at.as_second(),
                s.last_seen_at.as_second()
            ])
        })
        .map_err(backend)?;
        Ok(())
    }

    fn session(&self, id: &SecretHash, now: Timestamp) -> Result<Option<(Session, User)>> {
        let found =
            self.cached
                .sessions
                .get_or(self.generation.current(), *id, Option::is_some, || {
                    self.read_one(|conn| {
                        let found = conn
                            .prepare_cached(&SESSION_SELECT)
                            .and_then(|mut st| {
                                st.query_row(params![&id[..], now.as_second()], |r| {
                                    Ok((
                                        r.get::<_, i64>(0)?,
                                        r.get::<_, String>(1)?,
                                        r.get::<_, String>(2)?,
                                        r.get::<_, i64>(3)?,
                                        r.get::<_, i64>(4)?,
                                        user_row_at(r, 5)?,
                                    ))
                                })
                                .optional()
                            })
                            .map_err(backend)?;
                        let Some((user, csrf, created, expires, seen, u)) = found else {
                            return Ok(None);
                        };
                        Ok(Some((
                            Session {
                                user,
                                csrf,
                                created_at: ts(&created)?,
                                expires_at: Timestamp::from_second(expires).map_err(invariant)?,
                                last_seen_at: Timestamp::from_second(seen).map_err(invariant)?,
                            },
                            user_from(u)?,
                        )))
                    })
                })?;
        // A cached session may have run out since.
        Ok(found.filter(|(s, _)| s.expires_at > now))
    }

    fn delete_session(&self, id: &SecretHash) -> Result<()> {
        self.conn()
            .execute("DELETE FROM sessions WHERE session_hash = ?1", [&id[..]])
            .map_err(backend)?;
        Ok(())
    }

    fn touch_session(&self, id: &SecretHash, at: Timestamp) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE sessions SET last_seen_at = ?2 WHERE session_hash = ?1 AND last_seen_at < ?2",
            )
            .and_then(|mut st| st.execute(params![&id[..], at.as_second()]))
            .map_err(backend)?;
        Ok(())
    }

    fn user_sessions(&self, user: UserId, now: Timestamp) -> Result<Vec<(SecretHash, Session)>> {
        self.read(|conn| {
            let mut st = conn
                .prepare_cached(
                    "SELECT session_hash, csrf, created_at, expires_at, last_seen_at FROM sessions
                     WHERE user_id = ?1 AND expires_at > ?2
                     ORDER BY last_seen_at DESC, created_at DESC, session_hash",
                )
                .map_err(backend)?;
            let rows = st
                .query_map(params![user, now.as_second()], |r| {
                    Ok((
                        r.get::<_, Vec<u8>>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(4)?,
                    ))
                })
                .map_err(backend)?;
            let mut out = Vec::new();
            for row in rows {
                let (hash, csrf, created, expires, seen) = row.map_err(backend)?;
                let hash: SecretHash = hash
                    .as_slice()
                    .try_into()
                    .map_err(|_| invariant("a session hash is not 32 bytes"))?;
                out.push((
                    hash,
                    Session {
                        user,
                        csrf,
                        created_at: ts(&created)?,
                        expires_at: Timestamp::from_second(expires).map_err(invariant)?,
                        last_seen_at: Timestamp::from_second(seen).map_err(invariant)?,
                    },
                ));
            }
            Ok(out)
        })
    }

    fn second_factor(&self, user: UserId) -> Result<SecondFactor> {
        self.read(|conn| {
            conn.prepare_cached(
                "SELECT secret, pending, last_step FROM second_factors WHERE user_id = ?1",
            )
            .and_then(|mut st| {
                st.query_row([user], |r| {
                    Ok(SecondFactor {
                        active: r.get(0)?,
                        pending: r.get(1)?,
                        last_step: r.get(2)?,
                    })
                })
                .optional()
            })
            .map(Option::unwrap_or_default)
            .map_err(backend)
        })
    }

    fn set_pending_factor(&self, user: UserId, secret: Option<&[u8]>) -> Result<()> {
        let conn = self.conn();
        known_user(&conn, user)?;
        conn.prepare_cached(
            "INSERT INTO second_factors (user_id, pending) VALUES (?1, ?2)
             ON CONFLICT (user_id) DO UPDATE SET pending = excluded.pending",
        )
        .and_then(|mut st| st.execute(params![user, secret]))
        .map_err(backend)?;
        Ok(())
    }

    fn activate_factor(&self, user: UserId, step: i64) -> Result<()> {
        let n = self
            .conn()
            .execute(
                "UPDATE second_factors SET secret = pending, pending = NULL, last_step = ?2
                 WHERE user_id = ?1 AND pending IS NOT NULL",
                params![user, step],
            )
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::NotFound(format!(
                "a pending second factor of user {user}"
            )));
        }
        Ok(())
    }

    fn remove_factor(&self, user: UserId) -> Result<()> {
        self.conn()
            .execute("DELETE FROM second_factors WHERE user_id = ?1", [user])
            .map_err(backend)?;
        Ok(())
    }

    fn use_factor_step(&self, user: UserId, step: i64) -> Result<bool> {
        let n = self
            .conn()
            .execute(
                "UPDATE second_factors SET last_step = ?2
                 WHERE user_id = ?1 AND secret IS NOT NULL AND last_step < ?2",
                params![user, step],
            )
            .map_err(backend)?;
        Ok(n == 1)
    }

    fn create_token(
        &self,
        user: UserId,
        name: &str,
        hash: &SecretHash,
        at: Timestamp,
    ) -> Result<ApiToken> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![user, name, &hash[..], at.to_string()],
        )
        .map_err(backend)?;
        Ok(ApiToken {
            id: conn.last_insert_rowid(),
            user,
            name: name.to_string(),
            created_at: at,
            last_used_at: None,
            revoked_at: None,
        })
    }

    fn token(&self, hash: &SecretHash, now: Timestamp) -> Result<Option<(ApiToken, User)>> {
        let found =
            self.cached
                .tokens
                .get_or(self.generation.current(), *hash, Option::is_some, || {
                    self.read_one(|conn| {
                        conn.prepare_cached(&TOKEN_SELECT)
                            .and_then(|mut st| {
                                st.query_row([&hash[..]], |r| {
                                    Ok((token_row(r, 0)?, user_row_at(r, 6)?))
                                })
                                .optional()
                            })
                            .map_err(backend)
                    })?
                    .map(|(t, u)| Ok::<_, StoreError>((token_from(t)?, user_from(u)?)))
                    .transpose()
                })?;
        let Some((token, user)) = found else {
            return Ok(None);
        };
        // Recording every use would make each API read a write: once a minute is enough,
        // and only when the writer is free (a read never waits for a write).
        if token
            .last_used_at
            .is_none_or(|last| now.as_second() - last.as_second() >= 60)
        {
            if let Some(conn) = self.try_conn() {
                conn.prepare_cached("UPDATE api_tokens SET last_used_at = ?2 WHERE token_id = ?1")
                    .and_then(|mut st| st.execute(params![token.id, now.to_string()]))
                    .map_err(backend)?;
            }
        }
        Ok(Some((token, user)))
    }

    fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        self.read(|conn| {
        let mut st = conn
            .prepare_cached(
                "SELECT token_id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens
                 WHERE user_id = ?1 ORDER BY token_id",
            )
            .map_err(backend)?;
        let rows = st.query_map([user], |r| token_row(r, 0)).map_err(backend)?;
        rows.map(|r| token_from(r.map_err(backend)?)).collect()
        })
    }

    fn revoke_token(&self, user: UserId, id: i64, at: Timestamp) -> Result<()> {
        let n = self
            .conn()
            .execute(
                "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?3) WHERE token_id = ?1 AND user_id = ?2",
                params![id, user, at.to_string()],
            )
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("token {id}")));
        }
        Ok(())
    }

    fn assign(&self, a: &Assignment) -> Result<Assignment> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        let (no, _) = live_tenant(&tx, &a.tenant)?
            .ok_or_else(|| StoreError::NotFound(format!("tenant {}", a.tenant)))?;
        let service = a.service.map(|s| s.code()).unwrap_or("");
        tx.execute(
            "INSERT INTO assignments (tenant_no, user_id, role, service, is_primary, assigned_by, assigned_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![no, a.user, a.role.code(), service, a.primary, a.assigned_by, a.assigned_at.to_string()],
        )
        .map_err(|e| {
            if is_unique(&e) {
                StoreError::AlreadyExists(if a.primary {
                    format!("a primary {} of {service} for tenant {}, or this assignment", a.role, a.tenant)
                } else {
                    "this assignment".to_string()
                })
            } else {
                backend(e)
            }
        })?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO assignment_log (at, actor, action, tenant_no, user_id, role, service, is_primary)
             VALUES (?1, ?2, 'assign', ?3, ?4, ?5, ?6, ?7)",
            params![a.assigned_at.to_string(), a.assigned_by, no, a.user, a.role.code(), service, a.primary],
        )
        .map_err(backend)?;
        tx.commit().map_err(backend)?;
        Ok(Assignment { id, ..a.clone() })
    }

    fn unassign(&self, tenant: &TenantId, id: i64, by: &str, at: Timestamp) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        let Some((no, _)) = live_tenant(&tx, tenant)? else {
            return Err(StoreError::NotFound(format!("tenant {tenant}")));
        };
        let found: Option<(i64, String, String, bool)> = tx
            .query_row(
                "SELECT user_id, role, service, is_primary FROM assignments WHERE assignment_id = ?1 AND tenant_no = ?2",
                params![id, no],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(backend)?;
        let Some((user, role, service, primary)) = found else {
            return Err(StoreError::NotFound(format!("assignment {id}")));
        };
        tx.execute("DELETE FROM assignments WHERE assignment_id = ?1", [id])
            .map_err(backend)?;
        tx.execute(
            "INSERT INTO assignment_log (at, actor, action, tenant_no, user_id, role, service, is_primary)
             VALUES (?1, ?2, 'unassign', ?3, ?4, ?5, ?6, ?7)",
            params![at.to_string(), by, no, user, role, service, primary],
        )
        .map_err(backend)?;
        tx.commit().map_err(backend)
    }

    fn assignments(&self, tenant: &TenantId) -> Result<Vec<Assignment>> {
        self.read(|conn| {
        let mut st = conn
            .prepare_cached(&format!(
                "{ASSIGNMENT_SELECT} WHERE t.tenant_id = ?1 AND t.removed = 0 ORDER BY a.assignment_id"
            ))
            .map_err(backend)?;
        let rows = st
            .query_map([tenant.as_str()], assignment_row)
            .map_err(backend)?;
        rows.map(|r| assignment_from(r.map_err(backend)?)).collect()
        })
    }

    fn assignments_of(&self, user: UserId, tenant: &TenantId) -> Result<Vec<Assignment>> {
        self.read(|conn| {
        let mut st = conn
            .prepare_cached(&format!(
                "{ASSIGNMENT_SELECT} WHERE a.user_id = ?1 AND t.tenant_id = ?2 AND t.removed = 0 ORDER BY a.assignment_id"
            ))
            .map_err(backend)?;
        let rows = st
            .query_map(params![user, tenant.as_str()], assignment_row)
            .map_err(backend)?;
        rows.map(|r| assignment_from(r.map_err(backend)?)).collect()
        })
    }

    fn idempotent(&self, user: UserId, key: &str) -> Result<Option<Stored>> {
        self.read(|conn| {
        let found = conn
            .prepare_cached(
                "SELECT request_hash, status, body, created_at FROM idempotency WHERE user_id = ?1 AND key = ?2",
            )
            .and_then(|mut st| {
                st.query_row(params![user, key], |r| {
                    Ok((
                        r.get::<_, Vec<u8>>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })
                .optional()
            })
            .map_err(backend)?;
        let Some((hash, status, body, at)) = found else {
            return Ok(None);
        };
        Ok(Some(Stored {
            request: hash
                .as_slice()
                .try_into()
                .map_err(|_| invariant("idempotency hash of the wrong length"))?,
            status: u16::try_from(status).map_err(invariant)?,
            body,
            created_at: ts(&at)?,
        }))
        })
    }

    fn keep_idempotent(&self, user: UserId, key: &str, s: &Stored) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT OR IGNORE INTO idempotency (user_id, key, request_hash, status, body, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    user,
                    key,
                    &s.request[..],
                    s.status as i64,
                    s.body,
                    s.created_at.to_string()
                ])
            })
            .map_err(backend)?;
        Ok(())
    }
}
