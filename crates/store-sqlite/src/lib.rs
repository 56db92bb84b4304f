//! The embedded store: one SQLite file, created and migrated on first use, in WAL mode with
//! `synchronous=FULL` (an acknowledged change survives power loss) and foreign keys on.
//! Every write is one `BEGIN IMMEDIATE` transaction; history rows are protected by triggers.

mod migrations;

use entrack_core::history::{Event, EventKind, FieldChange, Source};
use entrack_core::model::{EngagementScenario, RowKey, Scenario, ServicePhase, StatusRow};
use entrack_core::report::{sort, ReportLine};
use entrack_core::{Service, ServiceState, Tenant, TenantId};
use entrack_store::{HistoryQuery, ReportQuery, Result, Store, StoreError, TenantQuery, Write};
use jiff::civil::Date;
use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

pub use migrations::{checksum, MIGRATIONS};

/// The embedded SQLite store.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    path: PathBuf,
}

fn backend(e: rusqlite::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn invariant(what: impl std::fmt::Display) -> StoreError {
    StoreError::Invariant(what.to_string())
}

impl SqliteStore {
    /// Opens (creating and migrating if needed) the store at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let path = path.as_ref().to_path_buf();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&path, flags)
            .map_err(|e| StoreError::Backend(format!("cannot open {}: {e}", path.display())))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(backend)?;
        // journal_mode returns a row; the others do not.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| {
                StoreError::Backend(format!("{} is not an entrack store: {e}", path.display()))
            })?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Backend(format!(
                "cannot switch {} to WAL mode",
                path.display()
            )));
        }
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(backend)?;
        migrations::migrate(&mut conn).map_err(|e| match e {
            migrations::MigrateError::Sql(e) => {
                StoreError::Backend(format!("{} is not an entrack store: {e}", path.display()))
            }
            migrations::MigrateError::Edited { name } => invariant(format!(
                "migration {name} differs from the one applied to this store"
            )),
            migrations::MigrateError::TooNew { found, known } => invariant(format!(
                "this store has schema version {found}; this entrack knows up to {known}: upgrade entrack"
            )),
        })?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            path,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a transaction half-applied (rusqlite
        // rolls back on drop), so the connection stays usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `PRAGMA integrity_check` and `foreign_key_check`; returns the problems found.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let conn = self.conn();
        let mut out = Vec::new();
        let mut st = conn.prepare("PRAGMA integrity_check").map_err(backend)?;
        for r in st
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(backend)?
        {
            let r = r.map_err(backend)?;
            if r != "ok" {
                out.push(r);
            }
        }
        let mut st = conn.prepare("PRAGMA foreign_key_check").map_err(backend)?;
        let fk = st
            .query_map([], |r| {
                Ok(format!("foreign key broken in {}", r.get::<_, String>(0)?))
            })
            .map_err(backend)?;
        for r in fk {
            out.push(r.map_err(backend)?);
        }
        Ok(out)
    }

    /// Reads a pragma on the store's own connection (`synchronous`, `foreign_keys`, …).
    pub fn pragma(&self, name: &str) -> Result<String> {
        self.conn()
            .query_row(&format!("PRAGMA {name}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
            .map_err(backend)
    }

    /// Runs raw SQL (for tests that must show what the database itself refuses).
    pub fn execute_raw(&self, sql: &str) -> std::result::Result<usize, String> {
        self.conn().execute(sql, []).map_err(|e| e.to_string())
    }
}

fn parse_date(s: Option<String>) -> Result<Option<Date>> {
    s.map(|s| {
        s.parse::<Date>()
            .map_err(|e| invariant(format!("bad date {s}: {e}")))
    })
    .transpose()
}

fn parse_code<T>(s: Option<String>, f: fn(&str) -> Option<T>, what: &str) -> Result<Option<T>> {
    s.map(|s| f(&s).ok_or_else(|| invariant(format!("unknown {what} {s}"))))
        .transpose()
}

fn tenant_id(s: String) -> Result<TenantId> {
    TenantId::parse(&s).ok_or_else(|| invariant(format!("bad tenant id {s}")))
}

const SERVICE_COLUMNS: &str = "tenant_id, service, total_entitlements, scenario, engagement_scenario, service_status, engagement_start_date, version";
const ROW_COLUMNS: &str =
    "l1, l2, l3, entitlements, target_date, owner, note, next_action, next_action_date";

type ServiceRow = (
    String,
    String,
    i64,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    i64,
);

fn service_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ServiceRow> {
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

fn service_from(row: ServiceRow) -> Result<ServiceState> {
    let (tid, code, total, scenario, engagement, phase, start, version) = row;
    let service =
        Service::from_code(&code).ok_or_else(|| invariant(format!("unknown service {code}")))?;
    let mut s = ServiceState::new(tenant_id(tid)?, service);
    s.total_entitlements = u64::try_from(total).map_err(invariant)?;
    s.scenario = parse_code(scenario, Scenario::from_code, "scenario")?;
    s.engagement_scenario = parse_code(
        Some(engagement),
        EngagementScenario::from_code,
        "engagement scenario",
    )?
    .unwrap_or_default();
    s.service_status = parse_code(phase, ServicePhase::from_code, "service status")?;
    s.engagement_start_date = parse_date(start)?;
    s.version = u64::try_from(version).map_err(invariant)?;
    Ok(s)
}

fn load_rows(conn: &Connection, s: &mut ServiceState) -> Result<()> {
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM status_rows WHERE tenant_id = ?1 AND service = ?2"
        ))
        .map_err(backend)?;
    let rows = st
        .query_map(params![s.tenant_id.as_str(), s.service.code()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })
        .map_err(backend)?;
    for r in rows {
        let (l1, l2, l3, n, target, owner, note, next, next_date) = r.map_err(backend)?;
        let key = RowKey::from_codes(&l1, &l2, &l3)
            .ok_or_else(|| invariant(format!("unknown status {l1}/{l2}/{l3}")))?;
        let mut row = StatusRow::new(key, u64::try_from(n).map_err(invariant)?);
        row.target_date = parse_date(target)?;
        row.owner = owner;
        row.note = note;
        row.next_action = next;
        row.next_action_date = parse_date(next_date)?;
        s.rows.push(row);
    }
    s.canonicalize();
    Ok(())
}

fn read_service(
    conn: &Connection,
    tenant: &TenantId,
    service: Service,
) -> Result<Option<ServiceState>> {
    let row = conn
        .query_row(
            &format!("SELECT {SERVICE_COLUMNS} FROM service_entitlements WHERE tenant_id = ?1 AND service = ?2"),
            params![tenant.as_str(), service.code()],
            service_row,
        )
        .optional()
        .map_err(backend)?;
    match row {
        None => Ok(None),
        Some(row) => {
            let mut s = service_from(row)?;
            load_rows(conn, &mut s)?;
            Ok(Some(s))
        }
    }
}

fn insert_event(tx: &Transaction<'_>, e: &Event) -> Result<Event> {
    let changes = serde_json::to_string(&e.changes).map_err(invariant)?;
    tx.prepare_cached(
        "INSERT INTO events (at, actor, source, tenant_id, service, kind, version, changes, batch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut st| {
        st.execute(params![
            e.at.to_string(),
            e.actor,
            e.source.code(),
            e.tenant_id.as_str(),
            e.service,
            e.kind.code(),
            e.version as i64,
            changes,
            e.batch,
        ])
    })
    .map_err(backend)?;
    let mut stored = e.clone();
    stored.seq = tx.last_insert_rowid();
    Ok(stored)
}

fn put_service(tx: &Transaction<'_>, s: &ServiceState) -> Result<()> {
    let (t, code) = (s.tenant_id.as_str(), s.service.code());
    let current: Option<i64> = tx
        .query_row(
            "SELECT version FROM service_entitlements WHERE tenant_id = ?1 AND service = ?2",
            params![t, code],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    let expected = s
        .version
        .checked_sub(1)
        .ok_or_else(|| invariant("a written state has version 0"))?;
    let found = current.unwrap_or(0) as u64;
    if found != expected {
        return Err(StoreError::Conflict {
            what: format!("{code} of tenant {t}"),
            current_version: found,
        });
    }
    let values = params![
        t,
        code,
        s.total_entitlements as i64,
        s.scenario.map(|x| x.code()),
        s.engagement_scenario.code(),
        s.service_status.map(|x| x.code()),
        s.engagement_start_date.map(|d| d.to_string()),
        s.version as i64,
    ];
    if current.is_none() {
        tx.prepare_cached(&format!(
            "INSERT INTO service_entitlements ({SERVICE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ))
        .and_then(|mut st| st.execute(values))
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                StoreError::NotFound(format!("tenant {t}"))
            }
            e => backend(e),
        })?;
    } else {
        tx.prepare_cached(
            "UPDATE service_entitlements SET total_entitlements = ?3, scenario = ?4, engagement_scenario = ?5,
             service_status = ?6, engagement_start_date = ?7, version = ?8 WHERE tenant_id = ?1 AND service = ?2",
        )
        .and_then(|mut st| st.execute(values))
        .map_err(backend)?;
        tx.prepare_cached("DELETE FROM status_rows WHERE tenant_id = ?1 AND service = ?2")
            .and_then(|mut st| st.execute(params![t, code]))
            .map_err(backend)?;
    }
    let mut st = tx
        .prepare_cached(&format!(
            "INSERT INTO status_rows (tenant_id, service, {ROW_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        ))
        .map_err(backend)?;
    for r in &s.rows {
        st.execute(params![
            t,
            code,
            r.l1.code(),
            r.l2.map(|x| x.code()).unwrap_or(""),
            r.l3.map(|x| x.code()).unwrap_or(""),
            r.entitlements as i64,
            r.target_date.map(|d| d.to_string()),
            r.owner,
            r.note,
            r.next_action,
            r.next_action_date.map(|d| d.to_string()),
        ])
        .map_err(backend)?;
    }
    Ok(())
}

/// An events row as read, before parsing.
type EventRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    i64,
    String,
    Option<String>,
);

fn event_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

impl Store for SqliteStore {
    fn tenant(&self, id: &TenantId) -> Result<Option<Tenant>> {
        let conn = self.conn();
        conn.query_row(
            "SELECT tenant_id, tenant_name FROM tenants WHERE tenant_id = ?1",
            [id.as_str()],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()
        .map_err(backend)?
        .map(|(id, name)| {
            Ok(Tenant {
                tenant_id: tenant_id(id)?,
                tenant_name: name,
            })
        })
        .transpose()
    }

    fn tenants(&self, q: &TenantQuery) -> Result<Vec<Tenant>> {
        let conn = self.conn();
        let pattern = q.search.as_ref().map(|s| {
            let escaped = s
                .trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let limit = q.limit.map(|l| l as i64).unwrap_or(-1);
        let mut st = conn
            .prepare_cached(
                "SELECT tenant_id, tenant_name FROM tenants
                 WHERE ?1 IS NULL OR tenant_name LIKE ?1 ESCAPE '\\' OR tenant_id LIKE ?1 ESCAPE '\\'
                 ORDER BY tenant_name COLLATE NOCASE, tenant_id LIMIT ?2",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(params![pattern, limit], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(backend)?;
        rows.map(|r| {
            let (id, name) = r.map_err(backend)?;
            Ok(Tenant {
                tenant_id: tenant_id(id)?,
                tenant_name: name,
            })
        })
        .collect()
    }

    fn service(&self, tenant: &TenantId, service: Service) -> Result<Option<ServiceState>> {
        read_service(&self.conn(), tenant, service)
    }

    fn services(&self, tenant: &TenantId) -> Result<Vec<ServiceState>> {
        let conn = self.conn();
        let mut st = conn
            .prepare_cached(&format!(
                "SELECT {SERVICE_COLUMNS} FROM service_entitlements WHERE tenant_id = ?1 ORDER BY service"
            ))
            .map_err(backend)?;
        let rows: Vec<ServiceRow> = st
            .query_map([tenant.as_str()], service_row)
            .map_err(backend)?
            .collect::<rusqlite::Result<_>>()
            .map_err(backend)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut s = service_from(row)?;
            load_rows(&conn, &mut s)?;
            out.push(s);
        }
        Ok(out)
    }

    fn commit(&self, writes: Vec<Write>) -> Result<Vec<Event>> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        let mut events = Vec::with_capacity(writes.len());
        for w in &writes {
            match w {
                Write::CreateTenant { tenant, event } => {
                    let n = tx
                        .execute(
                            "INSERT INTO tenants (tenant_id, tenant_name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                            params![tenant.tenant_id.as_str(), tenant.tenant_name],
                        )
                        .map_err(backend)?;
                    if n == 0 {
                        return Err(StoreError::AlreadyExists(format!(
                            "tenant {}",
                            tenant.tenant_id
                        )));
                    }
                    events.push(insert_event(&tx, event)?);
                }
                Write::PutService { state, event } => {
                    put_service(&tx, state)?;
                    events.push(insert_event(&tx, event)?);
                }
            }
        }
        tx.commit().map_err(backend)?;
        Ok(events)
    }

    fn history(&self, q: &HistoryQuery) -> Result<Vec<Event>> {
        let conn = self.conn();
        // `until` is filtered below (stored instants do not sort as text), so the limit
        // can only go into the query when there is no `until`.
        let limit = match (q.limit, q.until) {
            (Some(l), None) => l as i64,
            _ => -1,
        };
        let mut st = conn
            .prepare_cached(
                "SELECT seq, at, actor, source, tenant_id, service, kind, version, changes, batch FROM events
                 WHERE (?1 IS NULL OR tenant_id = ?1) AND (?2 IS NULL OR service = ?2)
                 ORDER BY seq DESC LIMIT ?3",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(
                params![
                    q.tenant.as_ref().map(|t| t.as_str()),
                    q.service.map(|s| s.code()),
                    limit
                ],
                event_from,
            )
            .map_err(backend)?;
        let mut out = Vec::new();
        for r in rows {
            let (seq, at, actor, source, tid, service, kind, version, changes, batch) =
                r.map_err(backend)?;
            let at: jiff::Timestamp = at
                .parse()
                .map_err(|e| invariant(format!("bad instant {at}: {e}")))?;
            if q.until.is_some_and(|u| at > u) {
                continue;
            }
            if q.limit.is_some_and(|l| out.len() >= l) {
                break;
            }
            let changes: Vec<FieldChange> = serde_json::from_str(&changes).map_err(invariant)?;
            out.push(Event {
                seq,
                at,
                actor,
                source: Source::from_code(&source)
                    .ok_or_else(|| invariant(format!("unknown source {source}")))?,
                tenant_id: tenant_id(tid)?,
                service,
                kind: EventKind::from_code(&kind)
                    .ok_or_else(|| invariant(format!("unknown event kind {kind}")))?,
                version: u64::try_from(version).map_err(invariant)?,
                changes,
                batch,
            });
        }
        Ok(out)
    }

    fn report(&self, q: &ReportQuery) -> Result<Vec<ReportLine>> {
        let conn = self.conn();
        let mut st = conn
            .prepare_cached(
                "SELECT service, l1, l2, COUNT(*), SUM(entitlements) FROM status_rows
                 WHERE (?1 OR l1 <> 'duplicate-invalid') AND (?2 IS NULL OR service = ?2)
                 GROUP BY service, l1, l2",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(
                params![q.include_invalid, q.service.map(|s| s.code())],
                |r| {
                    Ok(ReportLine {
                        service: r.get(0)?,
                        l1: r.get(1)?,
                        l2: r.get(2)?,
                        rows: r.get::<_, i64>(3)? as u64,
                        entitlements: r.get::<_, i64>(4)? as u64,
                    })
                },
            )
            .map_err(backend)?;
        let mut lines = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(backend)?;
        sort(&mut lines);
        Ok(lines)
    }
}
