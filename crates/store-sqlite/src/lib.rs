//! The embedded store: one SQLite file, created and migrated on first use, in WAL mode with
//! `synchronous=FULL` (an acknowledged change survives power loss) and foreign keys on.
//! Every write is one `BEGIN IMMEDIATE` transaction; history rows are protected by triggers.
//! Tenants are keyed locally by `tenant_no` (arrival order), so bulk writes append.

mod accounts;
mod cache;
mod export;
mod group;
mod migrations;
mod moving;
mod tenants;

use entrack_core::digest::{status_digest, Digest};
use entrack_core::history::{decode_changes, encode_changes_into, Event, EventKind, Source};
use entrack_core::model::{EngagementScenario, Review, RowKey, Scenario, ServicePhase, StatusRow};
use entrack_core::report::{sort, ReportLine};
use entrack_core::{Service, ServiceState, Tenant, TenantId};
use entrack_store::accounts::{ApiToken, SecretHash, Session, User};
use entrack_store::{
    tenant_key, Batch, BatchKind, Bulk, Count, ExportQuery, Finish, HistoryQuery, Index,
    InsightQuery, Insights, Mark, OrgId, ReportQuery, Result, Store, StoreError, TenantQuery,
    Write, DEFAULT_ORG,
};
use jiff::civil::Date;
use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use migrations::{checksum, MIGRATIONS};

/// The embedded SQLite store: one connection writes (behind a lock, with group commit);
/// reads run on a small pool of read-only connections, which WAL lets proceed while a
/// write is under way, each read seeing one committed state.
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    readers: Mutex<Vec<Connection>>,
    group: group::Group,
    path: PathBuf,
    pub(crate) generation: Arc<cache::Generation>,
    pub(crate) cached: Cached,
    checkpointer: Mutex<Option<Checkpointer>>,
}

/// Copies the WAL back into the database on its own thread, so that no commit pays for
/// a checkpoint (a checkpoint inside a commit holds every other writer up).
struct Checkpointer {
    stop: Arc<(Mutex<bool>, std::sync::Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// How often the checkpointer looks for new writes.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(50);

/// WAL frames (pages) after which the checkpointer starts the WAL again from empty.
const WAL_FRAMES_MAX: i64 = 4096;

/// One checkpoint round: copy what can be copied without waiting; when the WAL has grown
/// long, hold this process's writers for a moment (they wait on the write lock, not in
/// SQLite's sleeping busy handler), copy the rest and truncate the WAL.
fn checkpoint(conn: &Connection, writer: &Mutex<Connection>) -> rusqlite::Result<()> {
    let frames: i64 = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))?;
    if frames > WAL_FRAMES_MAX {
        let _held = writer.lock().unwrap_or_else(|p| p.into_inner());
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    Ok(())
}

impl Checkpointer {
    fn start(
        conn: Connection,
        writer: Arc<Mutex<Connection>>,
        generation: Arc<cache::Generation>,
    ) -> Checkpointer {
        let stop = Arc::new((Mutex::new(false), std::sync::Condvar::new()));
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("entrack-checkpoint".into())
            .spawn(move || {
                let mut seen = generation.peek();
                loop {
                    let (lock, cv) = &*flag;
                    let stopped = lock.lock().unwrap_or_else(|p| p.into_inner());
                    let (stopped, _) = cv
                        .wait_timeout(stopped, CHECKPOINT_EVERY)
                        .unwrap_or_else(|p| p.into_inner());
                    let last = *stopped;
                    drop(stopped);
                    let now = generation.peek();
                    if now != seen || last {
                        seen = now;
                        // A failure here is tried again at the next round.
                        if let Err(e) = checkpoint(&conn, &writer) {
                            tracing::warn!("checkpoint: {e}");
                        }
                    }
                    if last {
                        return;
                    }
                }
            })
            .ok();
        Checkpointer { stop, thread }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        *self.stop.0.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.stop.1.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A tenant's organisation with one of its services.
type TenantService = (OrgId, Option<ServiceState>);

/// The point reads kept between writes (see [`cache`]).
#[derive(Default)]
pub(crate) struct Cached {
    pub(crate) tokens: cache::Cache<SecretHash, Option<(ApiToken, User)>>,
    pub(crate) sessions: cache::Cache<SecretHash, Option<(Session, User)>>,
    pub(crate) services: cache::Cache<(TenantId, Service), Option<TenantService>>,
    pub(crate) orgs: cache::Cache<TenantId, Option<OrgId>>,
}

/// The write connection, held; releasing it tells the read cache that something may
/// have been written.
pub(crate) struct Writer<'s> {
    conn: std::sync::MutexGuard<'s, Connection>,
    generation: &'s cache::Generation,
}

impl std::ops::Deref for Writer<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl std::ops::DerefMut for Writer<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        self.generation.bump();
    }
}

/// How many idle read connections are kept.
const IDLE_READERS: usize = 8;

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
        check_length(&path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&path, flags)
            .map_err(|e| StoreError::Backend(format!("cannot open {}: {e}", path.display())))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(backend)?;
        // A new file gets 8 KiB pages: fewer B-tree levels and splits for big imports.
        conn.execute_batch("PRAGMA page_size = 8192")
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
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;",
        )
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
            conn: Arc::new(Mutex::new(conn)),
            readers: Mutex::new(Vec::new()),
            group: group::Group::default(),
            path,
            generation: Arc::new(cache::Generation::new()),
            cached: Cached::default(),
            checkpointer: Mutex::new(None),
        })
    }

    /// Prepares the store for a long-running server: a watch connection lets point reads
    /// be answered from the cache until anyone writes, and checkpoints move from the
    /// commits to a thread of their own. (A short command needs neither: its connection
    /// checkpoints when it closes.)
    pub fn serve_mode(&self) -> Result<()> {
        let mut slot = self.checkpointer.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_some() {
            return Ok(());
        }
        self.generation.watch_with(self.open_reader()?);
        let conn = self.open_reader()?;
        conn.execute_batch("PRAGMA query_only = OFF")
            .map_err(backend)?;
        self.conn()
            .execute_batch("PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;")
            .map_err(backend)?;
        *slot = Some(Checkpointer::start(
            conn,
            self.conn.clone(),
            self.generation.clone(),
        ));
        Ok(())
    }

    fn open_reader(&self) -> Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).map_err(|e| {
            StoreError::Backend(format!("cannot open {}: {e}", self.path.display()))
        })?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(backend)?;
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA cache_size = -8192;")
            .map_err(backend)?;
        Ok(conn)
    }

    /// Runs `f` on a read connection, in one read transaction: every statement of `f`
    /// sees the same committed state, whatever is written meanwhile.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.reader(true, f)
    }

    /// [`SqliteStore::read`] for one statement, which is a read transaction of its own.
    pub(crate) fn read_one<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.reader(false, f)
    }

    /// An idle read connection, or a new one.
    fn take_reader(&self) -> Result<Connection> {
        let popped = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        match popped {
            Some(c) => Ok(c),
            None => self.open_reader(),
        }
    }

    /// Keeps a read connection for reuse, unless it was left inside a transaction.
    fn give_back(&self, conn: Connection) {
        if conn.is_autocommit() {
            let mut idle = self.readers.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < IDLE_READERS {
                idle.push(conn);
            }
        }
    }

    fn reader<T>(&self, txn: bool, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.take_reader()?;
        let exec = |sql: &str| {
            conn.prepare_cached(sql)
                .and_then(|mut st| st.execute([]))
                .map(|_| ())
        };
        let out = if txn {
            let out = exec("BEGIN").map_err(backend).and_then(|_| f(&conn));
            let end = exec(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
            // The first failure is the one to report.
            out.and_then(|v| end.map(|_| v).map_err(backend))
        } else {
            f(&conn)
        };
        self.give_back(conn);
        out
    }

    /// Closes the idle read connections (a bulk write then may use a rollback journal).
    fn close_readers(&self) {
        self.readers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> Writer<'_> {
        // A panic while holding the lock cannot leave a transaction half-applied (rusqlite
        // rolls back on drop), so the connection stays usable.
        Writer {
            conn: self.conn.lock().unwrap_or_else(|p| p.into_inner()),
            generation: &self.generation,
        }
    }

    /// The write connection if nobody is using it.
    pub(crate) fn try_conn(&self) -> Option<Writer<'_>> {
        let conn = match self.conn.try_lock() {
            Ok(c) => c,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return None,
        };
        Some(Writer {
            conn,
            generation: &self.generation,
        })
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

    /// Writes a consistent copy of the store to `to` (which must not exist) while it stays
    /// in use: one read transaction copies every page (`VACUUM INTO`), so writers go on and
    /// the copy holds the state at the moment it started, compacted.
    pub fn backup(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(StoreError::AlreadyExists(to.display().to_string()));
        }
        let target = to
            .to_str()
            .ok_or_else(|| StoreError::Backend(format!("{} is not UTF-8", to.display())))?;
        let conn = self.open_reader()?;
        conn.execute_batch("PRAGMA query_only = OFF")
            .map_err(backend)?;
        conn.execute("VACUUM INTO ?1", [target])
            .map_err(|e| StoreError::Backend(format!("cannot write {}: {e}", to.display())))?;
        Ok(())
    }

    /// Runs raw SQL (for tests that must show what the database itself refuses).
    pub fn execute_raw(&self, sql: &str) -> std::result::Result<usize, String> {
        self.conn().execute(sql, []).map_err(|e| e.to_string())
    }
}

/// Refuses a database file shorter than its own header says it is: a copy cut short (a
/// backup copied while it was written, a truncated download) would otherwise open and fail
/// later, on whichever page is missing. Not while a write-ahead log is beside it: a process
/// stopped in the middle of a checkpoint leaves the new header written and the last pages
/// not yet, and opening the store completes the checkpoint from the log.
fn check_length(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Ok(());
    }
    let Ok(mut f) = std::fs::File::open(path) else {
        return Ok(()); // a new store
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut h = [0u8; 100];
    if f.read_exact(&mut h).is_err() || &h[..16] != b"SQLite format 3\0" {
        return Ok(()); // empty, or not a database: opening says so
    }
    let page = match u16::from_be_bytes([h[16], h[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([h[28], h[29], h[30], h[31]]));
    // The page count is valid when the change counter equals "version valid for".
    let valid = h[24..28] == h[92..96];
    if valid && pages > 0 && len < pages * page {
        return Err(StoreError::Backend(format!(
            "{} is cut short: its header says {} bytes, the file has {len}; it is not a complete store (restore it from an intact backup)",
            path.display(),
            pages * page
        )));
    }
    Ok(())
}

pub(crate) fn tenant_id(s: String) -> Result<TenantId> {
    TenantId::parse(&s).ok_or_else(|| invariant(format!("bad tenant id {s}")))
}

pub(crate) const SERVICE_COLUMNS: &str = "service, total_entitlements, scenario, engagement_scenario, service_status, engagement_start_date, review, version";
/// Since when each row of a service had its status (unix seconds), by L1/L2/L3 codes.
type Since = HashMap<(String, String, String), i64>;

pub(crate) const ROW_COLUMNS: &str =
    "l1, l2, l3, entitlements, target_date, owner, note, next_action, next_action_date";

/// Column values of one result row, read by position: a statement's row, or a row the
/// export's reading thread copied out of one.
pub(crate) trait Columns {
    /// A text column (SQLite does not check that TEXT is UTF-8; this does).
    fn text(&self, i: usize) -> Result<Option<&str>>;
    fn int(&self, i: usize) -> Result<i64>;
}

impl Columns for rusqlite::Row<'_> {
    fn text(&self, i: usize) -> Result<Option<&str>> {
        match self.get_ref(i).map_err(backend)? {
            rusqlite::types::ValueRef::Null => Ok(None),
            rusqlite::types::ValueRef::Text(b) => utf8(b, i).map(Some),
            v => v.as_str().map(Some).map_err(|e| backend(e.into())),
        }
    }

    fn int(&self, i: usize) -> Result<i64> {
        self.get(i).map_err(backend)
    }
}

/// Stored text checked for UTF-8 (the vectorised check is several times faster than the
/// standard one on notes).
pub(crate) fn utf8(b: &[u8], column: usize) -> Result<&str> {
    simdutf8::basic::from_utf8(b).map_err(|_| invariant(format!("column {column} is not UTF-8")))
}

/// A text column, borrowed from the row.
fn text_at<C: Columns + ?Sized>(r: &C, i: usize) -> Result<Option<&str>> {
    r.text(i)
}

pub(crate) fn int_at<C: Columns + ?Sized>(r: &C, i: usize) -> Result<i64> {
    r.int(i)
}

fn date_at<C: Columns + ?Sized>(r: &C, i: usize) -> Result<Option<Date>> {
    text_at(r, i)?
        .map(|s| {
            iso_date(s)
                .map(Ok)
                .unwrap_or_else(|| s.parse::<Date>())
                .map_err(|e| invariant(format!("bad date {s}: {e}")))
        })
        .transpose()
}

/// A stored date as the store writes it, `YYYY-MM-DD`, read without the general parser;
/// `None` for anything else (which the general parser then judges).
fn iso_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0i16, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

fn code_at<C: Columns + ?Sized, T>(
    r: &C,
    i: usize,
    f: fn(&str) -> Option<T>,
    what: &str,
) -> Result<Option<T>> {
    text_at(r, i)?
        .map(|s| f(s).ok_or_else(|| invariant(format!("unknown {what} {s}"))))
        .transpose()
}

/// Reads the [`SERVICE_COLUMNS`] starting at column `at` (without its rows).
pub(crate) fn service_at<C: Columns + ?Sized>(
    tenant: TenantId,
    r: &C,
    at: usize,
) -> Result<ServiceState> {
    let service = code_at(r, at, Service::from_code, "service")?
        .ok_or_else(|| invariant("a service without a code"))?;
    let mut s = ServiceState::new(tenant, service);
    s.total_entitlements = u64::try_from(int_at(r, at + 1)?).map_err(invariant)?;
    s.scenario = code_at(r, at + 2, Scenario::from_code, "scenario")?;
    s.engagement_scenario = code_at(
        r,
        at + 3,
        EngagementScenario::from_code,
        "engagement scenario",
    )?
    .unwrap_or_default();
    s.service_status = code_at(r, at + 4, ServicePhase::from_code, "service status")?;
    s.engagement_start_date = date_at(r, at + 5)?;
    s.review = code_at(r, at + 6, Review::parse, "review flag")?;
    s.version = u64::try_from(int_at(r, at + 7)?).map_err(invariant)?;
    Ok(s)
}

/// Reads the [`ROW_COLUMNS`] starting at column `at`.
pub(crate) fn row_at<C: Columns + ?Sized>(r: &C, at: usize) -> Result<StatusRow> {
    let l1 = text_at(r, at)?.unwrap_or("");
    let l2 = text_at(r, at + 1)?.unwrap_or("");
    let l3 = text_at(r, at + 2)?.unwrap_or("");
    let key = RowKey::from_codes(l1, l2, l3)
        .ok_or_else(|| invariant(format!("unknown status {l1}/{l2}/{l3}")))?;
    let mut row = StatusRow::new(key, u64::try_from(int_at(r, at + 3)?).map_err(invariant)?);
    row.target_date = date_at(r, at + 4)?;
    row.owner = text_at(r, at + 5)?.map(str::to_owned);
    row.note = text_at(r, at + 6)?.map(str::to_owned);
    row.next_action = text_at(r, at + 7)?.map(str::to_owned);
    row.next_action_date = date_at(r, at + 8)?;
    Ok(row)
}

fn load_rows(conn: &Connection, tenant_no: i64, s: &mut ServiceState) -> Result<()> {
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM status_rows WHERE tenant_no = ?1 AND service = ?2"
        ))
        .map_err(backend)?;
    let mut rows = st
        .query(params![tenant_no, s.service.code()])
        .map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        s.rows.push(row_at(r, 0)?);
    }
    s.canonicalize();
    Ok(())
}

/// The local key of a tenant (removed ones included).
fn tenant_no(conn: &Connection, tenant: &TenantId) -> Result<Option<(i64, bool)>> {
    conn.prepare_cached("SELECT tenant_no, removed FROM tenants WHERE tenant_id = ?1")
        .and_then(|mut st| {
            st.query_row([tenant.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
        })
        .map_err(backend)
}

fn live_tenant_no(conn: &Connection, tenant: &TenantId) -> Result<Option<i64>> {
    Ok(tenant_no(conn, tenant)?
        .filter(|(_, removed)| !removed)
        .map(|(n, _)| n))
}

/// The local key and organisation of a live tenant.
fn live_tenant(conn: &Connection, tenant: &TenantId) -> Result<Option<(i64, OrgId)>> {
    conn.prepare_cached(
        "SELECT tenant_no, org_id FROM tenants WHERE tenant_id = ?1 AND removed = 0",
    )
    .and_then(|mut st| {
        st.query_row([tenant.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
    })
    .map_err(backend)
}

fn read_service(
    conn: &Connection,
    tenant: &TenantId,
    service: Service,
) -> Result<Option<ServiceState>> {
    let Some(no) = live_tenant_no(conn, tenant)? else {
        return Ok(None);
    };
    service_of(conn, no, tenant, service)
}

/// A live service of the tenant with local key `no`, with its rows.
fn service_of(
    conn: &Connection,
    no: i64,
    tenant: &TenantId,
    service: Service,
) -> Result<Option<ServiceState>> {
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT {SERVICE_COLUMNS} FROM services WHERE tenant_no = ?1 AND service = ?2 AND removed = 0"
        ))
        .map_err(backend)?;
    let mut rows = st.query(params![no, service.code()]).map_err(backend)?;
    let Some(r) = rows.next().map_err(backend)? else {
        return Ok(None);
    };
    let mut s = service_at(tenant.clone(), r, 0)?;
    drop(rows);
    drop(st);
    load_rows(conn, no, &mut s)?;
    Ok(Some(s))
}

/// Pivot changes gathered during a transaction and written once at its end.
type PivotDelta = HashMap<(OrgId, &'static str, &'static str, &'static str), (i64, i64)>;

fn pivot_add(
    delta: &mut PivotDelta,
    org: OrgId,
    service: Service,
    row: (&'static str, &'static str),
    n: i64,
    sign: i64,
) {
    let e = delta
        .entry((org, service.code(), row.0, row.1))
        .or_default();
    e.0 += sign;
    e.1 += sign * n;
}

/// One write transaction with what it gathers on the way.
struct Tx<'c> {
    tx: Transaction<'c>,
    pivot: PivotDelta,
    /// Tenant → (local key, organisation).
    tenants: HashMap<TenantId, (i64, OrgId)>,
    first_seq: Option<i64>,
    last_seq: Option<i64>,
    changes: Vec<u8>,
}

fn l2_code(k: &RowKey) -> &'static str {
    k.l2.map(|x| x.code()).unwrap_or("")
}

impl<'c> Tx<'c> {
    fn new(tx: Transaction<'c>) -> Tx<'c> {
        Tx {
            tx,
            pivot: HashMap::new(),
            tenants: HashMap::new(),
            first_seq: None,
            last_seq: None,
            changes: Vec::with_capacity(4096),
        }
    }

    fn tenant_no(&mut self, tenant: &TenantId) -> Result<i64> {
        Ok(self.tenant(tenant)?.0)
    }

    fn tenant(&mut self, tenant: &TenantId) -> Result<(i64, OrgId)> {
        if let Some(n) = self.tenants.get(tenant) {
            return Ok(*n);
        }
        let n = live_tenant(&self.tx, tenant)?
            .ok_or_else(|| StoreError::NotFound(format!("tenant {tenant}")))?;
        self.tenants.insert(tenant.clone(), n);
        Ok(n)
    }

    fn insert_event(&mut self, no: i64, e: &Event) -> Result<()> {
        encode_changes_into(&e.changes, &mut self.changes);
        let changes = std::str::from_utf8(&self.changes).map_err(invariant)?;
        self.tx
            .prepare_cached(
                "INSERT INTO events (at, actor, source, tenant_no, service, kind, version, changes, batch)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    e.at.to_string(),
                    e.actor,
                    e.source.code(),
                    no,
                    e.service,
                    e.kind.code(),
                    e.version as i64,
                    changes,
                    e.batch,
                ])
            })
            .map_err(backend)?;
        let seq = self.tx.last_insert_rowid();
        self.first_seq.get_or_insert(seq);
        self.last_seq = Some(seq);
        Ok(())
    }

    /// The stored version (removed services included) and whether it is removed.
    fn current(&self, no: i64, service: Service) -> Result<Option<(u64, bool)>> {
        self.tx
            .prepare_cached(
                "SELECT version, removed FROM services WHERE tenant_no = ?1 AND service = ?2",
            )
            .and_then(|mut st| {
                st.query_row(params![no, service.code()], |r| {
                    Ok((r.get::<_, i64>(0)? as u64, r.get::<_, bool>(1)?))
                })
                .optional()
            })
            .map_err(backend)
    }

    fn check_version(
        &self,
        no: i64,
        service: Service,
        tenant: &TenantId,
        new: u64,
    ) -> Result<Option<(u64, bool)>> {
        let current = self.current(no, service)?;
        entrack_store::check_successor(current.map(|c| c.0).unwrap_or(0), new, tenant, service)?;
        Ok(current)
    }

    /// Deletes a service's rows, taking them out of the pivot; answers since when each row
    /// had its status, by L1/L2/L3 codes.
    fn delete_rows(&mut self, no: i64, org: OrgId, service: Service) -> Result<Since> {
        type Old = (String, String, String, i64, Option<i64>);
        let old: Vec<Old> = self
            .tx
            .prepare_cached("SELECT l1, l2, l3, entitlements, since FROM status_rows WHERE tenant_no = ?1 AND service = ?2")
            .and_then(|mut st| {
                st.query_map(params![no, service.code()], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect()
            })
            .map_err(backend)?;
        let mut since = Since::default();
        for (l1, l2, l3, n, at) in old {
            let key = RowKey::from_codes(&l1, &l2, "")
                .ok_or_else(|| invariant(format!("unknown status {l1}/{l2}")))?;
            pivot_add(
                &mut self.pivot,
                org,
                service,
                (key.l1.code(), l2_code(&key)),
                n,
                -1,
            );
            if let Some(at) = at {
                since.insert((l1, l2, l3), at);
            }
        }
        self.tx
            .prepare_cached("DELETE FROM status_rows WHERE tenant_no = ?1 AND service = ?2")
            .and_then(|mut st| st.execute(params![no, service.code()]))
            .map_err(backend)?;
        Ok(since)
    }

    fn put_service(
        &mut self,
        s: &ServiceState,
        event: &Event,
        file: Option<&Digest>,
    ) -> Result<()> {
        let (no, org) = self.tenant(&s.tenant_id)?;
        // Version 1 means "new": the insert below fails on the primary key if the service
        // exists, which saves a lookup per service in a big import.
        let current = if s.version == 1 {
            None
        } else {
            self.check_version(no, s.service, &s.tenant_id, s.version)?
        };
        let digest: Digest = status_digest(s);
        let code = s.service.code();
        let mut since = Since::default();
        let values = params![
            no,
            code,
            s.total_entitlements as i64,
            s.scenario.map(|x| x.code()),
            s.engagement_scenario.code(),
            s.service_status.map(|x| x.code()),
            s.engagement_start_date.map(|d| d.to_string()),
            s.review.map(|r| r.to_string()),
            s.version as i64,
            &digest[..],
            file.map(|d| &d[..]),
        ];
        if current.is_none() {
            self.tx
                .prepare_cached(&format!(
                    "INSERT INTO services (tenant_no, {SERVICE_COLUMNS}, digest, file_digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                ))
                .and_then(|mut st| st.execute(values))
                .map_err(|e| match e {
                    rusqlite::Error::SqliteFailure(f, _)
                        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
                    {
                        StoreError::Conflict {
                            what: format!("{code} of tenant {}", s.tenant_id),
                            current_version: self.current(no, s.service).ok().flatten().map(|c| c.0).unwrap_or(0),
                        }
                    }
                    e => backend(e),
                })?;
        } else {
            self.tx
                .prepare_cached(
                    "UPDATE services SET total_entitlements = ?3, scenario = ?4, engagement_scenario = ?5,
                     service_status = ?6, engagement_start_date = ?7, review = ?8, version = ?9, digest = ?10,
                     file_digest = ?11, removed = 0 WHERE tenant_no = ?1 AND service = ?2",
                )
                .and_then(|mut st| st.execute(values))
                .map_err(backend)?;
            since = self.delete_rows(no, org, s.service)?;
        }
        let now = event.at.as_second();
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "INSERT INTO status_rows (tenant_no, service, {ROW_COLUMNS}, since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
            ))
            .map_err(backend)?;
        for r in &s.rows {
            let key = r.key();
            let l3 = r.l3.map(|x| x.code()).unwrap_or("");
            let kept = since
                .get(&(
                    r.l1.code().to_string(),
                    l2_code(&key).to_string(),
                    l3.to_string(),
                ))
                .copied();
            st.execute(params![
                no,
                code,
                r.l1.code(),
                l2_code(&key),
                r.l3.map(|x| x.code()).unwrap_or(""),
                r.entitlements as i64,
                r.target_date.map(|d| d.to_string()),
                r.owner,
                r.note,
                r.next_action,
                r.next_action_date.map(|d| d.to_string()),
                kept.unwrap_or(now),
            ])
            .map_err(backend)?;
            pivot_add(
                &mut self.pivot,
                org,
                s.service,
                (r.l1.code(), l2_code(&key)),
                r.entitlements as i64,
                1,
            );
        }
        drop(st);
        self.insert_event(no, event)
    }

    fn write(&mut self, w: &Write) -> Result<()> {
        match w {
            Write::CreateTenant { tenant, org, event } => {
                let exists: bool = self
                    .tx
                    .prepare_cached("SELECT EXISTS (SELECT 1 FROM organisations WHERE org_id = ?1)")
                    .and_then(|mut st| st.query_row([org.unwrap_or(DEFAULT_ORG)], |r| r.get(0)))
                    .map_err(backend)?;
                if !exists {
                    return Err(StoreError::NotFound(format!("organisation {org:?}")));
                }
                let found: Option<(i64, bool, OrgId)> = self
                    .tx
                    .prepare_cached(
                        "SELECT tenant_no, removed, org_id FROM tenants WHERE tenant_id = ?1",
                    )
                    .and_then(|mut st| {
                        st.query_row([tenant.tenant_id.as_str()], |r| {
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                        })
                        .optional()
                    })
                    .map_err(backend)?;
                let no = match found {
                    // A tenant id is the customer's GUID: it can be held by one
                    // organisation only, removed or not.
                    Some((_, false, _)) => {
                        return Err(StoreError::AlreadyExists(format!(
                            "tenant {}",
                            tenant.tenant_id
                        )))
                    }
                    Some((_, true, o)) if org.is_some_and(|org| org != o) => {
                        return Err(StoreError::AlreadyExists(format!(
                            "tenant {}",
                            tenant.tenant_id
                        )))
                    }
                    Some((no, true, o)) => {
                        self.tx
                            .execute(
                                "UPDATE tenants SET removed = 0, tenant_name = ?2 WHERE tenant_no = ?1",
                                params![no, tenant.tenant_name],
                            )
                            .map_err(backend)?;
                        (no, o)
                    }
                    None => {
                        self.tx
                            .prepare_cached(
                                "INSERT INTO tenants (tenant_id, tenant_name, org_id) VALUES (?1, ?2, ?3)",
                            )
                            .and_then(|mut st| {
                                st.execute(params![
                                    tenant.tenant_id.as_str(),
                                    tenant.tenant_name,
                                    org.unwrap_or(DEFAULT_ORG)
                                ])
                            })
                            .map_err(backend)?;
                        (self.tx.last_insert_rowid(), org.unwrap_or(DEFAULT_ORG))
                    }
                };
                self.tenants.insert(tenant.tenant_id.clone(), no);
                let no = no.0;
                self.insert_event(no, event)
            }
            Write::PutService { state, event, file } => {
                self.put_service(state, event, file.as_ref())
            }
            Write::RemoveService {
                tenant,
                service,
                version,
                event,
            } => {
                let (no, org) = self.tenant(tenant)?;
                match self.check_version(no, *service, tenant, *version)? {
                    Some((_, false)) => {}
                    _ => {
                        return Err(StoreError::NotFound(format!(
                            "{} of tenant {tenant}",
                            service.code()
                        )))
                    }
                }
                self.delete_rows(no, org, *service)?;
                self.tx
                    .execute(
                        "UPDATE services SET removed = 1, version = ?3, digest = NULL, file_digest = NULL WHERE tenant_no = ?1 AND service = ?2",
                        params![no, service.code(), *version as i64],
                    )
                    .map_err(backend)?;
                self.insert_event(no, event)
            }
            Write::RemoveTenant { tenant, event } => {
                let no = self.tenant_no(tenant)?;
                let live: bool = self
                    .tx
                    .query_row(
                        "SELECT EXISTS (SELECT 1 FROM services WHERE tenant_no = ?1 AND removed = 0)",
                        [no],
                        |r| r.get(0),
                    )
                    .map_err(backend)?;
                if live {
                    return Err(invariant(format!("tenant {tenant} still has services")));
                }
                self.tx
                    .execute("UPDATE tenants SET removed = 1 WHERE tenant_no = ?1", [no])
                    .map_err(backend)?;
                self.tenants.remove(tenant);
                self.insert_event(no, event)
            }
            Write::RecordBatch(b) => {
                self.tx
                    .execute(
                        "INSERT INTO batches (batch, kind, at, actor, file, undoes, first_seq, last_seq, summary)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![
                            b.id,
                            b.kind.code(),
                            b.at.to_string(),
                            b.actor,
                            b.file,
                            b.undoes,
                            self.first_seq,
                            self.last_seq,
                            b.summary
                        ],
                    )
                    .map_err(|e| match e {
                        rusqlite::Error::SqliteFailure(f, _)
                            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                        {
                            StoreError::AlreadyExists(format!("batch {} or its undo", b.id))
                        }
                        e => backend(e),
                    })?;
                Ok(())
            }
        }
    }

    /// Applies one commit's writes; returns its events with their `seq`.
    fn apply(&mut self, writes: &[Write]) -> Result<Vec<Event>> {
        let mut events = Vec::with_capacity(writes.len());
        for w in writes {
            self.write(w)?;
            let Some(event) = w.event() else {
                continue;
            };
            let mut stored = event.clone();
            stored.seq = self.last_seq.unwrap_or_default();
            events.push(stored);
        }
        Ok(events)
    }

    /// Runs `f` inside a savepoint: what it wrote stays if it succeeds and is undone if not.
    /// The outer error is a failure of the savepoint itself, after which the whole
    /// transaction must be abandoned.
    fn savepoint<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<Result<T>> {
        let exec = |tx: &Transaction<'_>, sql: &str| {
            tx.prepare_cached(sql)
                .and_then(|mut st| st.execute([]))
                .map(|_| ())
                .map_err(backend)
        };
        exec(&self.tx, "SAVEPOINT member")?;
        let r = f(self);
        match &r {
            Ok(_) => exec(&self.tx, "RELEASE member")?,
            Err(_) => {
                exec(&self.tx, "ROLLBACK TO member")?;
                exec(&self.tx, "RELEASE member")?;
            }
        }
        Ok(r)
    }

    fn finish(mut self) -> Result<()> {
        let mut update = self
            .tx
            .prepare_cached(
                "UPDATE pivot SET rows = rows + ?5, entitlements = entitlements + ?6
                 WHERE org_id = ?1 AND service = ?2 AND l1 = ?3 AND l2 = ?4",
            )
            .map_err(backend)?;
        let mut st = self
            .tx
            .prepare_cached("INSERT INTO pivot (org_id, service, l1, l2, rows, entitlements) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .map_err(backend)?;
        for ((org, service, l1, l2), (rows, n)) in self.pivot.drain() {
            if rows == 0 && n == 0 {
                continue;
            }
            if update
                .execute(params![org, service, l1, l2, rows, n])
                .map_err(backend)?
                == 0
            {
                st.execute(params![org, service, l1, l2, rows, n])
                    .map_err(backend)?;
            }
        }
        drop(update);
        drop(st);
        self.tx
            .execute("DELETE FROM pivot WHERE rows = 0", [])
            .map_err(backend)?;
        self.tx.commit().map_err(backend)
    }
}

/// A dry run's reads, in a read transaction on a reader connection.
struct ReadBulk<'c>(&'c Connection);

impl Bulk for ReadBulk<'_> {
    fn service(&mut self, tenant: &TenantId, service: Service) -> Result<Option<ServiceState>> {
        read_service(self.0, tenant, service)
    }
    fn write(&mut self, _: Write) -> Result<()> {
        Err(StoreError::Backend("a dry run writes nothing".into()))
    }
}

impl Bulk for Tx<'_> {
    fn service(&mut self, tenant: &TenantId, service: Service) -> Result<Option<ServiceState>> {
        read_service(&self.tx, tenant, service)
    }
    fn write(&mut self, write: Write) -> Result<()> {
        Tx::write(self, &write)
    }
}

pub(crate) fn event_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
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

const EVENT_SELECT: &str = "SELECT e.seq, e.at, e.actor, e.source, t.tenant_id, e.service, e.kind, e.version, e.changes, e.batch
     FROM events e JOIN tenants t ON t.tenant_no = e.tenant_no";

pub(crate) fn parse_event(row: EventRow) -> Result<Event> {
    let (seq, at, actor, source, tid, service, kind, version, changes, batch) = row;
    Ok(Event {
        seq,
        at: at
            .parse()
            .map_err(|e| invariant(format!("bad instant {at}: {e}")))?,
        actor,
        source: Source::from_code(&source)
            .ok_or_else(|| invariant(format!("unknown source {source}")))?,
        tenant_id: tenant_id(tid)?,
        service,
        kind: EventKind::from_code(&kind)
            .ok_or_else(|| invariant(format!("unknown event kind {kind}")))?,
        version: u64::try_from(version).map_err(invariant)?,
        changes: decode_changes(&changes).map_err(invariant)?,
        batch,
    })
}

pub(crate) const BATCH_SELECT: &str =
    "SELECT b.batch, b.kind, b.at, b.actor, b.file, b.undoes, b.first_seq, b.last_seq, b.summary,
     (SELECT u.batch FROM batches u WHERE u.undoes = b.batch) FROM batches b";

type BatchRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    String,
    Option<String>,
);

pub(crate) fn batch_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BatchRow> {
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

pub(crate) fn parse_batch(row: BatchRow) -> Result<Batch> {
    let (id, kind, at, actor, file, undoes, first_seq, last_seq, summary, undone_by) = row;
    Ok(Batch {
        id,
        kind: BatchKind::from_code(&kind)
            .ok_or_else(|| invariant(format!("unknown batch kind {kind}")))?,
        at: at
            .parse()
            .map_err(|e| invariant(format!("bad instant {at}: {e}")))?,
        actor,
        file,
        undoes,
        summary,
        first_seq,
        last_seq,
        undone_by,
    })
}

impl SqliteStore {
    /// Writes a group of commits in one transaction, each in its own savepoint; answers
    /// for each once the transaction is durable.
    fn commit_group(&self, members: Vec<(u64, Vec<Write>)>) -> Vec<(u64, Result<Vec<Event>>)> {
        let mut conn = self.conn();
        let tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
            Ok(tx) => tx,
            Err(e) => {
                let msg = e.to_string();
                return members
                    .into_iter()
                    .map(|(id, _)| (id, Err(StoreError::Backend(msg.clone()))))
                    .collect();
            }
        };
        let mut tx = Tx::new(tx);
        let mut pivot = PivotDelta::new();
        let mut out = Vec::with_capacity(members.len());
        let mut landed = 0;
        let ids: Vec<u64> = members.iter().map(|(id, _)| *id).collect();
        for (id, writes) in members {
            let r = match tx.savepoint(|tx| tx.apply(&writes)) {
                Ok(r) => r,
                Err(e) => {
                    let msg = e.to_string();
                    return ids
                        .into_iter()
                        .map(|id| (id, Err(StoreError::Backend(msg.clone()))))
                        .collect();
                }
            };
            match &r {
                Ok(_) => {
                    landed += 1;
                    for (k, (rows, n)) in tx.pivot.drain() {
                        let e = pivot.entry(k).or_default();
                        e.0 += rows;
                        e.1 += n;
                    }
                }
                Err(_) => {
                    tx.pivot.clear();
                    tx.tenants.clear();
                }
            }
            out.push((id, r));
        }
        if landed == 0 {
            return out; // dropping the transaction rolls it back
        }
        tx.pivot = pivot;
        if let Err(e) = tx.finish() {
            let msg = e.to_string();
            for (_, r) in &mut out {
                if r.is_ok() {
                    *r = Err(StoreError::Backend(msg.clone()));
                }
            }
        }
        out
    }

    /// The journal mode for a bulk transaction: a rollback journal when this is the only
    /// connection (a fresh page is then written once, not to the WAL and again to the
    /// file), the WAL otherwise. Both are durable with `synchronous=FULL`.
    fn bulk_journal(conn: &Connection) -> bool {
        conn.query_row("PRAGMA journal_mode = TRUNCATE", [], |r| {
            r.get::<_, String>(0)
        })
        .map(|m| m.eq_ignore_ascii_case("truncate"))
        .unwrap_or(false)
    }
}

impl Store for SqliteStore {
    /// Reads run on their own connections in WAL mode, from the page cache.
    fn quick_point_reads(&self) -> bool {
        true
    }

    fn tenant(&self, id: &TenantId) -> Result<Option<Tenant>> {
        self.read(|conn| {
            conn.query_row(
                "SELECT tenant_id, tenant_name FROM tenants WHERE tenant_id = ?1 AND removed = 0",
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
        })
    }

    fn tenants(&self, q: &TenantQuery) -> Result<Vec<Tenant>> {
        self.read(|conn| tenants::list(conn, q))
    }

    fn service(&self, tenant: &TenantId, service: Service) -> Result<Option<ServiceState>> {
        self.read(|conn| read_service(conn, tenant, service))
    }

    fn tenant_service(
        &self,
        tenant: &TenantId,
        service: Service,
    ) -> Result<Option<(OrgId, Option<ServiceState>)>> {
        self.cached.services.get_or(
            self.generation.current(),
            (tenant.clone(), service),
            Option::is_some,
            || {
                self.read(|conn| {
                    let Some((no, org)) = live_tenant(conn, tenant)? else {
                        return Ok(None);
                    };
                    Ok(Some((org, service_of(conn, no, tenant, service)?)))
                })
            },
        )
    }

    fn services(&self, tenant: &TenantId) -> Result<Vec<ServiceState>> {
        self.read(|conn| {
        let Some(no) = live_tenant_no(conn, tenant)? else {
            return Ok(Vec::new());
        };
        let mut st = conn
            .prepare_cached(&format!(
                "SELECT {SERVICE_COLUMNS} FROM services WHERE tenant_no = ?1 AND removed = 0 ORDER BY service"
            ))
            .map_err(backend)?;
        let mut out = Vec::new();
        let mut rows = st.query([no]).map_err(backend)?;
        while let Some(r) = rows.next().map_err(backend)? {
            out.push(service_at(tenant.clone(), r, 0)?);
        }
        drop(rows);
        drop(st);
        for s in &mut out {
            load_rows(conn, no, s)?;
        }
        Ok(out)
        })
    }

    fn commit(&self, writes: Vec<Write>) -> Result<Vec<Event>> {
        self.group
            .commit(writes, |members| self.commit_group(members))
    }

    fn history(&self, q: &HistoryQuery) -> Result<Vec<Event>> {
        self.read(|conn| {
        let no = match &q.tenant {
            Some(t) => match tenant_no(conn, t)? {
                Some((no, _)) => Some(no),
                None => return Ok(Vec::new()),
            },
            None => None,
        };
        // `until` is filtered below (stored instants do not sort as text), so the limit
        // can only go into the query when there is no `until`.
        let limit = match (q.limit, q.until) {
            (Some(l), None) => l as i64,
            _ => -1,
        };
        let mut st = conn
            .prepare_cached(&format!(
                "{EVENT_SELECT} WHERE (?1 IS NULL OR e.tenant_no = ?1) AND (?2 IS NULL OR e.service = ?2)
                   AND (?4 IS NULL OR t.org_id = ?4)
                 ORDER BY e.seq DESC LIMIT ?3"
            ))
            .map_err(backend)?;
        let rows = st
            .query_map(
                params![no, q.service.map(|s| s.code()), limit, q.org],
                event_from,
            )
            .map_err(backend)?;
        let mut out = Vec::new();
        for r in rows {
            let e = parse_event(r.map_err(backend)?)?;
            if q.until.is_some_and(|u| e.at > u) {
                continue;
            }
            if q.limit.is_some_and(|l| out.len() >= l) {
                break;
            }
            out.push(e);
        }
        Ok(out)
        })
    }

    fn insights(&self, q: &InsightQuery) -> Result<Insights> {
        self.read(|conn| {
            let mut st = conn
                .prepare_cached(
                    "SELECT r.l1, r.l2, r.l3, (?4 - r.since) / 86400 AS days,
                            CASE WHEN r.next_action_date < ?5 THEN COALESCE(r.owner, '') END AS late,
                            COUNT(*), SUM(r.entitlements)
                     FROM status_rows r JOIN tenants t ON t.tenant_no = r.tenant_no
                     WHERE t.removed = 0 AND (?1 OR r.l1 <> 'duplicate-invalid')
                       AND (?2 IS NULL OR r.service = ?2) AND (?3 IS NULL OR t.org_id = ?3)
                     GROUP BY 1, 2, 3, 4, 5",
                )
                .map_err(backend)?;
            let mut rows = st
                .query(params![
                    q.include_invalid,
                    q.service.map(|s| s.code()),
                    q.org,
                    q.now.as_second(),
                    q.today.to_string()
                ])
                .map_err(backend)?;
            let mut out = Insights::default();
            while let Some(r) = rows.next().map_err(backend)? {
                let l1: &str = text_at(r, 0)?.unwrap_or("");
                let l2: &str = text_at(r, 1)?.unwrap_or("");
                let l3: &str = text_at(r, 2)?.unwrap_or("");
                let days: Option<i64> = r.get(3).map_err(backend)?;
                let late: Option<String> = r.get(4).map_err(backend)?;
                let count = Count {
                    rows: r.get::<_, i64>(5).map_err(backend)? as u64,
                    seats: r.get::<_, i64>(6).map_err(backend)? as u64,
                };
                out.add((l1, l2, l3), days, late.as_deref(), count);
            }
            Ok(out)
        })
    }

    fn report(&self, q: &ReportQuery) -> Result<Vec<ReportLine>> {
        self.read(|conn| {
        let mut st = conn
            .prepare_cached(
                "SELECT service, l1, l2, SUM(rows), SUM(entitlements) FROM pivot
                 WHERE rows > 0 AND (?1 OR l1 <> 'duplicate-invalid') AND (?2 IS NULL OR service = ?2)
                   AND (?3 IS NULL OR org_id = ?3)
                 GROUP BY service, l1, l2",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(
                params![q.include_invalid, q.service.map(|s| s.code()), q.org],
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
        })
    }

    fn index(&self, org: Option<OrgId>) -> Result<Index> {
        self.read(|conn| {
        let mut index = Index::default();
        // tenant_no is dense from 1: a vector maps it to the tenant's key.
        let mut keys: Vec<Option<entrack_store::TenantKey>> = Vec::new();
        let mut st = conn
            .prepare_cached("SELECT tenant_no, tenant_id, removed, org_id FROM tenants")
            .map_err(backend)?;
        let mut rows = st.query([]).map_err(backend)?;
        // Tenants of other organisations: their services are left out too.
        let mut foreign: Vec<bool> = Vec::new();
        while let Some(r) = rows.next().map_err(backend)? {
            let no: i64 = r.get(0).map_err(backend)?;
            let id = tenant_id(r.get(1).map_err(backend)?)?;
            let key = tenant_key(&id);
            let at = usize::try_from(no).map_err(invariant)?;
            if keys.len() <= at {
                keys.resize(at + 1, None);
            }
            let theirs = org.is_some_and(|o| o != r.get::<_, OrgId>(3).unwrap_or(o));
            if theirs {
                if foreign.len() <= at {
                    foreign.resize(at + 1, false);
                }
                foreign[at] = true;
                index.elsewhere.insert(key);
                continue;
            }
            keys[at] = Some(key);
            index.tenants.insert(key, r.get(2).map_err(backend)?);
        }
        drop(rows);
        let count: i64 = conn
            .query_row("SELECT COUNT(*) FROM services", [], |r| r.get(0))
            .map_err(backend)?;
        index.reserve_services(count as usize);
        let mut st = conn
            .prepare_cached(
                "SELECT tenant_no, service, removed, digest, total_entitlements, scenario,
                 engagement_scenario, service_status, engagement_start_date, review, version, file_digest
                 FROM services",
            )
            .map_err(backend)?;
        let mut rows = st.query([]).map_err(backend)?;
        fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>> {
            match r.get_ref(i).map_err(backend)? {
                rusqlite::types::ValueRef::Null => Ok(None),
                v => v.as_str().map(Some).map_err(|e| invariant(e.to_string())),
            }
        }
        fn code<T>(v: Option<&str>, f: fn(&str) -> Option<T>) -> Result<Option<T>> {
            v.map(|s| f(s).ok_or_else(|| invariant(format!("unknown code {s}"))))
                .transpose()
        }
        while let Some(r) = rows.next().map_err(backend)? {
            let no: i64 = r.get(0).map_err(backend)?;
            if usize::try_from(no)
                .ok()
                .and_then(|at| foreign.get(at).copied())
                .unwrap_or(false)
            {
                continue;
            }
            let key = usize::try_from(no)
                .ok()
                .and_then(|at| keys.get(at).copied().flatten())
                .ok_or_else(|| invariant(format!("service of unknown tenant {no}")))?;
            let service = code(text(r, 1)?, Service::from_code)?
                .ok_or_else(|| invariant("service without a code"))?;
            let blob = |i: usize| -> Result<Option<Digest>> {
                Ok(match r.get_ref(i).map_err(backend)? {
                    rusqlite::types::ValueRef::Blob(b) => <Digest>::try_from(b).ok(),
                    _ => None,
                })
            };
            let digest = blob(3)?;
            let start = text(r, 8)?
                .map(|d| {
                    d.parse::<Date>()
                        .map_err(|e| invariant(format!("bad date {d}: {e}")))
                })
                .transpose()?;
            index.insert_service(
                key,
                service,
                Mark {
                    version: r.get::<_, i64>(10).map_err(backend)? as u64,
                    removed: r.get(2).map_err(backend)?,
                    total: r.get::<_, i64>(4).map_err(backend)? as u64,
                    digest,
                    scenario: code(text(r, 5)?, Scenario::from_code)?,
                    engagement_scenario: code(text(r, 6)?, EngagementScenario::from_code)?
                        .unwrap_or_default(),
                    service_status: code(text(r, 7)?, ServicePhase::from_code)?,
                    engagement_start_date: start,
                    review: code(text(r, 9)?, Review::parse)?,
                    file: blob(11)?,
                },
            );
        }
        Ok(index)
        })
    }

    fn bulk(&self, work: &mut dyn FnMut(&mut dyn Bulk) -> Result<Finish>) -> Result<()> {
        let mut conn = self.conn();
        self.close_readers();
        let switched = SqliteStore::bulk_journal(&conn);
        // The bulk writers resolve every reference themselves (tenant numbers come from the
        // tenants table, rows follow their service); checking each again per row doubles
        // the index work of a big import. `integrity_problems` still checks them all.
        conn.execute_batch("PRAGMA foreign_keys = OFF")
            .map_err(backend)?;
        let result = (|| {
            let mut tx = Tx::new(
                conn.transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(backend)?,
            );
            match work(&mut tx)? {
                Finish::Commit => tx.finish(),
                Finish::Rollback => Ok(()),
            }
        })();
        let restore = conn
            .execute_batch("PRAGMA foreign_keys = ON")
            .map_err(backend);
        if switched {
            conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
                .map_err(backend)?;
        }
        result.and(restore)
    }

    /// On a reader connection: the writer, its journal mode and other readers are left
    /// alone.
    fn bulk_read(&self, work: &mut dyn FnMut(&mut dyn Bulk) -> Result<()>) -> Result<()> {
        self.read(|conn| work(&mut ReadBulk(conn)))
    }

    fn batch(&self, id: &str) -> Result<Option<Batch>> {
        self.read(|conn| {
            let row = conn
                .query_row(
                    &format!("{BATCH_SELECT} WHERE b.batch = ?1"),
                    [id],
                    batch_row,
                )
                .optional()
                .map_err(backend)?;
            row.map(parse_batch).transpose()
        })
    }

    fn batches(&self, limit: Option<usize>) -> Result<Vec<Batch>> {
        self.read(|conn| {
            let mut st = conn
                .prepare_cached(&format!(
                    "{BATCH_SELECT} ORDER BY b.at DESC, b.rowid DESC LIMIT ?1"
                ))
                .map_err(backend)?;
            let rows = st
                .query_map([limit.map(|l| l as i64).unwrap_or(-1)], batch_row)
                .map_err(backend)?;
            let mut out = Vec::new();
            for r in rows {
                out.push(parse_batch(r.map_err(backend)?)?);
            }
            Ok(out)
        })
    }

    fn batch_events(&self, id: &str) -> Result<Vec<Event>> {
        self.read(|conn| {
        let mut st = conn
            .prepare(&format!(
                "{EVENT_SELECT} WHERE e.seq BETWEEN (SELECT first_seq FROM batches WHERE batch = ?1)
                 AND (SELECT last_seq FROM batches WHERE batch = ?1) AND e.batch = ?1 ORDER BY e.seq"
            ))
            .map_err(backend)?;
        let rows = st.query_map([id], event_from).map_err(backend)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(parse_event(r.map_err(backend)?)?);
        }
        Ok(out)
        })
    }

    fn dump(
        &self,
        sink: &mut dyn FnMut(entrack_store::moving::Record) -> Result<()>,
    ) -> Result<()> {
        self.read(|conn| moving::dump(conn, sink))
    }

    fn load(
        &self,
        next: &mut dyn FnMut() -> Result<Option<entrack_store::moving::Record>>,
    ) -> Result<()> {
        self.load_records(next)
    }

    fn export(
        &self,
        q: &ExportQuery,
        visit: &mut dyn FnMut(&Tenant, ServiceState) -> Result<()>,
    ) -> Result<()> {
        let mut conn = self.take_reader()?;
        let out = export::export(&mut conn, q, visit);
        self.give_back(conn);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::iso_date;
    use jiff::civil::Date;

    #[test]
    fn stored_dates_are_read_as_the_general_parser_reads_them() {
        for s in ["2026-11-22", "2024-02-29", "0001-01-01", "9999-12-31"] {
            assert_eq!(iso_date(s), Some(s.parse::<Date>().unwrap()), "{s}");
        }
        // Not a date, or not in the stored form: left to the general parser.
        for s in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "2026/11/22",
            "20261122xx",
            "+2026-11-2",
            "２０２６-11-22",
        ] {
            assert_eq!(iso_date(s), None, "{s}");
        }
    }
}
