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
mod repack;
mod tenants;

use entrack_core::digest::{status_digest, Digest};
use entrack_core::history::{decode_changes, encode_changes_into, Event, EventKind, Source};
use entrack_core::model::{RowKey, StatusRow};
use entrack_core::report::{sort, ReportLine};
use entrack_core::taxonomy::{L1, L2};
use entrack_core::{Service, ServiceState, Tenant, TenantId};
use entrack_store::accounts::{ApiToken, SecretHash, Session, User};
use entrack_store::packed;
use entrack_store::{
    tenant_key, Batch, BatchKind, Bulk, Count, ExportQuery, Finish, HistoryQuery, Index,
    InsightQuery, Insights, Mark, OrgId, ReportQuery, Result, Store, StoreError, TenantQuery,
    Write, DEFAULT_ORG,
};
use jiff::civil::Date;
use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use rustc_hash::FxHashMap;
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
            migrations::MigrateError::Data(what) => invariant(format!(
                "{} cannot be brought to this version: {what}",
                path.display()
            )),
        })?;
        repack::number_services(&mut conn)?;
        has_row(&conn)?;
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
        has_row(&conn)?;
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
        drop(st);
        out.extend(services_problems(&conn)?);
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
/// later, on whichever page is missing. Not while a write-ahead log or a rollback journal is
/// beside it: a process stopped in the middle of a checkpoint leaves the new header written
/// and the last pages not yet, and opening the store completes the checkpoint from the log;
/// a bulk write stopped midway (it writes with a rollback journal) leaves pages of its own
/// in the file, and opening the store puts the journal's pages back and the file's length
/// with them.
fn check_length(path: &Path) -> Result<()> {
    use std::io::Read;
    for beside in ["-wal", "-journal"] {
        let mut other = path.as_os_str().to_owned();
        other.push(beside);
        if std::fs::metadata(&other).is_ok_and(|m| m.len() > 0) {
            return Ok(());
        }
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

/// The columns of a service record that make its state: key, version, packed state.
pub(crate) const SERVICE_COLUMNS: &str = "svc_key, version, state";

/// Services per tenant in the key space: `svc_key = tenant_no * SLOTS + service_no`.
pub(crate) const SLOTS: i64 = 256;

/// Where a tenant's own events sit in its key range (no service has this number).
pub(crate) const TENANT_SLOT: i64 = 255;

/// The key of a tenant's service.
pub(crate) fn svc_key(tenant_no: i64, service: Service) -> i64 {
    tenant_no * SLOTS + service.index() as i64
}

/// The keys of a tenant's services: `start..end`.
pub(crate) fn tenant_keys(tenant_no: i64) -> (i64, i64) {
    (tenant_no * SLOTS, tenant_no * SLOTS + SLOTS)
}

/// The tenant and service a key names.
pub(crate) fn split_key(key: i64) -> Result<(i64, Service)> {
    let no = key.div_euclid(SLOTS);
    usize::try_from(key.rem_euclid(SLOTS))
        .ok()
        .and_then(Service::from_index)
        .map(|s| (no, s))
        .ok_or_else(|| invariant(format!("a service key {key} that names no service")))
}

/// The status rows of the old layout (schema 7), read by the migration to schema 8.
pub(crate) const ROW_COLUMNS: &str =
    "l1, l2, l3, entitlements, target_date, owner, note, next_action, next_action_date";

/// Column values of one result row, read by position: a statement's row, or a row the
/// export's reading thread copied out of one.
pub(crate) trait Columns {
    /// A text column (SQLite does not check that TEXT is UTF-8; this does).
    fn text(&self, i: usize) -> Result<Option<&str>>;
    fn int(&self, i: usize) -> Result<i64>;
    fn blob(&self, i: usize) -> Result<&[u8]>;
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

    fn blob(&self, i: usize) -> Result<&[u8]> {
        match self.get_ref(i).map_err(backend)? {
            rusqlite::types::ValueRef::Blob(b) => Ok(b),
            v => Err(invariant(format!(
                "column {i} holds a {:?} value, not packed rows",
                v.data_type()
            ))),
        }
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
            packed::iso_date(s)
                .map(Ok)
                .unwrap_or_else(|| s.parse::<Date>())
                .map_err(|e| invariant(format!("bad date {s}: {e}")))
        })
        .transpose()
}

/// Reads the [`SERVICE_COLUMNS`] starting at column `at`: the service with its rows (in
/// canonical order), and since when each row has had its status, in the same order.
pub(crate) fn service_since_at<C: Columns + ?Sized>(
    tenant: TenantId,
    r: &C,
    at: usize,
) -> Result<(ServiceState, Vec<Option<i64>>)> {
    let (_, service) = split_key(int_at(r, at)?)?;
    let version = u64::try_from(int_at(r, at + 1)?).map_err(invariant)?;
    let (mut s, mut since) = packed::decode_state(r.blob(at + 2)?, tenant, service, version)?;
    // Stored in canonical order; a taxonomy whose order changed is sorted again.
    if !s.rows.is_sorted_by_key(|r| r.key()) {
        let mut both: Vec<_> = s.rows.drain(..).zip(since.drain(..)).collect();
        both.sort_by_key(|(r, _)| r.key());
        (s.rows, since) = both.into_iter().unzip();
    }
    Ok((s, since))
}

/// Reads the [`SERVICE_COLUMNS`] starting at column `at`.
pub(crate) fn service_at<C: Columns + ?Sized>(
    tenant: TenantId,
    r: &C,
    at: usize,
) -> Result<ServiceState> {
    service_since_at(tenant, r, at).map(|(s, _)| s)
}

/// Reads the [`ROW_COLUMNS`] of the old layout starting at column `at`.
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
            "SELECT {SERVICE_COLUMNS} FROM services WHERE svc_key = ?1 AND removed = 0"
        ))
        .map_err(backend)?;
    let mut rows = st.query([svc_key(no, service)]).map_err(backend)?;
    match rows.next().map_err(backend)? {
        Some(r) => service_at(tenant.clone(), r, 0).map(Some),
        None => Ok(None),
    }
}

/// The live services of the tenant with local key `no`, ordered by service code.
fn services_of_tenant(conn: &Connection, no: i64, tenant: &TenantId) -> Result<Vec<ServiceState>> {
    let (start, end) = tenant_keys(no);
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT {SERVICE_COLUMNS} FROM services WHERE svc_key >= ?1 AND svc_key < ?2 AND removed = 0"
        ))
        .map_err(backend)?;
    let mut rows = st.query([start, end]).map_err(backend)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(backend)? {
        out.push(service_at(tenant.clone(), r, 0)?);
    }
    out.sort_by_key(|s| s.service.code());
    Ok(out)
}

/// Pivot changes gathered during a transaction and written once at its end: rows and
/// seats added to (or taken from) each line.
type PivotDelta = FxHashMap<(OrgId, Service, L1, Option<L2>), (i64, i64)>;

fn pivot_add(delta: &mut PivotDelta, org: OrgId, service: Service, row: &StatusRow, sign: i64) {
    let e = delta.entry((org, service, row.l1, row.l2)).or_default();
    e.0 += sign;
    e.1 += sign * row.entitlements as i64;
}

/// Who, when, through which door and in which batch: one `event_meta` row, shared by the
/// events of a commit that have the same.
struct Meta {
    at: jiff::Timestamp,
    actor: String,
    source: Source,
    batch: Option<String>,
    no: i64,
}

impl Meta {
    fn of(&self, e: &Event) -> bool {
        self.at == e.at && self.source == e.source && self.actor == e.actor && self.batch == e.batch
    }
}

/// A service record as a write finds it.
struct Stored {
    version: u64,
    removed: bool,
    /// The record still holds the state its last event created (see schema 8).
    open: bool,
    /// The service's newest event.
    last_seq: Option<i64>,
}

/// The statements a big write runs once per service, prepared once per transaction
/// (looking each up in the statement cache costs about as much as binding it).
struct Hot<'c> {
    insert_service: rusqlite::Statement<'c>,
    insert_event: Sticky<'c>,
}

/// The event insert, whose parameters keep their values between runs: most of an import's
/// events share their version, kind, who/when and (no) previous event, and binding a value
/// again costs about as much as the rest of the insert.
struct Sticky<'c> {
    st: rusqlite::Statement<'c>,
    version: Option<i64>,
    kind: Option<&'static str>,
    meta: Option<i64>,
    prev: Option<Option<i64>>,
    changes_null: Option<bool>,
}

impl<'c> Sticky<'c> {
    fn new(st: rusqlite::Statement<'c>) -> Sticky<'c> {
        Sticky {
            st,
            version: None,
            kind: None,
            meta: None,
            prev: None,
            changes_null: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn insert(
        &mut self,
        seq: i64,
        key: i64,
        version: i64,
        kind: &'static str,
        meta: i64,
        changes: Option<&str>,
        digest: Option<&[u8]>,
        prev: Option<i64>,
    ) -> rusqlite::Result<()> {
        let st = &mut self.st;
        st.raw_bind_parameter(1, seq)?;
        st.raw_bind_parameter(2, key)?;
        if self.version != Some(version) {
            st.raw_bind_parameter(3, version)?;
            self.version = Some(version);
        }
        if self.kind.is_none_or(|k| !std::ptr::eq(k, kind)) {
            st.raw_bind_parameter(4, kind)?;
            self.kind = Some(kind);
        }
        if self.meta != Some(meta) {
            st.raw_bind_parameter(5, meta)?;
            self.meta = Some(meta);
        }
        // Changes are bound whenever there are some; their absence stays bound.
        if changes.is_some() || self.changes_null != Some(true) {
            st.raw_bind_parameter(6, changes)?;
            self.changes_null = Some(changes.is_none());
        }
        st.raw_bind_parameter(7, digest)?;
        if self.prev != Some(prev) {
            st.raw_bind_parameter(8, prev)?;
            self.prev = Some(prev);
        }
        st.raw_execute().map(|_| ())
    }
}

/// One write transaction with what it gathers on the way.
struct Tx<'c> {
    conn: &'c Connection,
    hot: Option<Hot<'c>>,
    tx: Transaction<'c>,
    pivot: PivotDelta,
    /// Tenant → (local key, organisation).
    tenants: FxHashMap<TenantId, (i64, OrgId)>,
    /// The tenant looked up last (a tenant's services are written one after another).
    last_tenant: Option<(TenantId, (i64, OrgId))>,
    /// An organisation known to exist in this transaction.
    org_seen: Option<OrgId>,
    first_seq: Option<i64>,
    last_seq: Option<i64>,
    /// The number the next event gets (read once per transaction).
    next_seq: Option<i64>,
    meta: Option<Meta>,
    changes: Vec<u8>,
    packed: Vec<u8>,
}

impl<'c> Tx<'c> {
    /// Starts a write transaction (`BEGIN IMMEDIATE`) on the write connection.
    fn begin(conn: &'c Connection) -> Result<Tx<'c>> {
        let tx =
            Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(backend)?;
        Ok(Tx {
            conn,
            hot: None,
            tx,
            pivot: FxHashMap::default(),
            tenants: FxHashMap::default(),
            last_tenant: None,
            org_seen: None,
            first_seq: None,
            last_seq: None,
            next_seq: None,
            meta: None,
            changes: Vec::with_capacity(4096),
            packed: Vec::with_capacity(4096),
        })
    }

    fn prepare_hot(conn: &'c Connection) -> Result<Hot<'c>> {
        let prepare = |sql: &str| conn.prepare(sql).map_err(backend);
        Ok(Hot {
            // Only a service never stored is inserted: its first version, open.
            insert_service: prepare(
                "INSERT INTO services (svc_key, last_seq, digest, file_digest, state, version, open)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, 1)",
            )?,
            insert_event: Sticky::new(prepare(
                "INSERT INTO events (seq, svc_key, version, kind, meta_no, changes, digest, prev_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?),
        })
    }

    /// Forgets what a rolled-back savepoint may have written.
    fn forget(&mut self) {
        self.pivot.clear();
        self.tenants.clear();
        self.last_tenant = None;
        self.org_seen = None;
        self.next_seq = None;
        self.meta = None;
    }

    fn tenant_no(&mut self, tenant: &TenantId) -> Result<i64> {
        Ok(self.tenant(tenant)?.0)
    }

    fn tenant(&mut self, tenant: &TenantId) -> Result<(i64, OrgId)> {
        if let Some((t, n)) = &self.last_tenant {
            if t == tenant {
                return Ok(*n);
            }
        }
        let n = match self.tenants.get(tenant) {
            Some(n) => *n,
            None => {
                let n = live_tenant(&self.tx, tenant)?
                    .ok_or_else(|| StoreError::NotFound(format!("tenant {tenant}")))?;
                self.tenants.insert(tenant.clone(), n);
                n
            }
        };
        self.last_tenant = Some((tenant.clone(), n));
        Ok(n)
    }

    /// The number of the next event: known ahead, so that a service record can name the
    /// event that created it in the same insert.
    fn take_seq(&mut self) -> Result<i64> {
        let seq = match self.next_seq {
            Some(n) => n,
            None => self
                .tx
                .query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM events", [], |r| {
                    r.get(0)
                })
                .map_err(backend)?,
        };
        self.next_seq = Some(seq + 1);
        Ok(seq)
    }

    fn meta_no(&mut self, e: &Event) -> Result<i64> {
        if let Some(m) = self.meta.as_ref().filter(|m| m.of(e)) {
            return Ok(m.no);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO event_meta (at, actor, source, batch) VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut st| {
                st.execute(params![e.at.to_string(), e.actor, e.source.code(), e.batch])
            })
            .map_err(backend)?;
        let no = self.tx.last_insert_rowid();
        self.meta = Some(Meta {
            at: e.at,
            actor: e.actor.clone(),
            source: e.source,
            batch: e.batch.clone(),
            no,
        });
        Ok(no)
    }

    /// Writes an event as number `seq`: with its changes, or (`created`: the digest of the
    /// state it created) without them while the service keeps that state.
    fn insert_event(
        &mut self,
        seq: i64,
        prev: Option<i64>,
        no: i64,
        service: Option<Service>,
        e: &Event,
        created: Option<&Digest>,
    ) -> Result<()> {
        let meta = self.meta_no(e)?;
        let changes = match created {
            Some(_) => None,
            None => {
                encode_changes_into(&e.changes, &mut self.changes);
                Some(std::str::from_utf8(&self.changes).map_err(invariant)?)
            }
        };
        let key = match service {
            Some(s) => svc_key(no, s),
            None => no * SLOTS + TENANT_SLOT,
        };
        // The changes borrow `self.changes`: the statement is reached through its field.
        let hot = match self.hot.as_mut() {
            Some(h) => h,
            None => self.hot.insert(Tx::prepare_hot(self.conn)?),
        };
        hot.insert_event
            .insert(
                seq,
                key,
                e.version as i64,
                e.kind.code(),
                meta,
                changes,
                created.map(|d| &d[..]),
                prev,
            )
            .map_err(backend)?;
        self.first_seq.get_or_insert(seq);
        self.last_seq = Some(seq);
        Ok(())
    }

    /// What is stored under a service's key (removed services included).
    fn stored(&self, key: i64) -> Result<Option<Stored>> {
        self.tx
            .prepare_cached(
                "SELECT version, removed, open, last_seq FROM services WHERE svc_key = ?1",
            )
            .and_then(|mut st| {
                st.query_row([key], |r| {
                    Ok(Stored {
                        version: r.get::<_, i64>(0)? as u64,
                        removed: r.get(1)?,
                        open: r.get(2)?,
                        last_seq: r.get(3)?,
                    })
                })
                .optional()
            })
            .map_err(backend)
    }

    /// Takes a live service's rows out of the pivot and keeps the state an event created
    /// if the record still holds it; answers since when each row had its status.
    fn retire(
        &mut self,
        key: i64,
        tenant: &TenantId,
        org: OrgId,
        stored: &Stored,
    ) -> Result<HashMap<RowKey, i64>> {
        let (old, since) = self
            .tx
            .prepare_cached(&format!(
                "SELECT {SERVICE_COLUMNS} FROM services WHERE svc_key = ?1"
            ))
            .and_then(|mut st| st.query_row([key], |r| Ok(service_since_at(tenant.clone(), r, 0))))
            .map_err(backend)??;
        for r in &old.rows {
            pivot_add(&mut self.pivot, org, old.service, r, -1);
        }
        if let (true, Some(seq)) = (stored.open, stored.last_seq) {
            if old.version != stored.version {
                return Err(invariant(format!("service record {key} is torn")));
            }
            packed::encode_state(&old, |_| None, &mut self.packed);
            self.tx
                .prepare_cached("INSERT INTO event_states (seq, state) VALUES (?1, ?2)")
                .and_then(|mut st| st.execute(params![seq, self.packed]))
                .map_err(backend)?;
        }
        Ok(old
            .rows
            .iter()
            .zip(since)
            .filter_map(|(r, at)| at.map(|at| (r.key(), at)))
            .collect())
    }

    fn put_service(
        &mut self,
        s: &ServiceState,
        event: &Event,
        file: Option<&Digest>,
        state_digest: Option<&Digest>,
    ) -> Result<()> {
        let (no, org) = self.tenant(&s.tenant_id)?;
        let key = svc_key(no, s.service);
        // Version 1 means "new": the insert below fails on the primary key if the service
        // exists, which saves a lookup per service in a big import.
        let stored = if s.version == 1 {
            None
        } else {
            self.stored(key)?
        };
        entrack_store::check_successor(
            stored.as_ref().map(|c| c.version).unwrap_or(0),
            s.version,
            &s.tenant_id,
            s.service,
        )?;
        let mut since = HashMap::new();
        if let Some(st) = stored.as_ref().filter(|st| !st.removed) {
            since = self.retire(key, &s.tenant_id, org, st)?;
        }
        // A service that was not there: its event is the state itself (see schema 8).
        let created = stored.as_ref().is_none_or(|st| st.removed);
        debug_assert!(
            !created
                || event.changes.is_empty()
                || event.changes == entrack_core::history::diff_service(None, s),
            "a creation whose changes are not its state"
        );
        let digest: Digest = match state_digest {
            Some(d) => {
                debug_assert_eq!(*d, status_digest(s), "a digest of another state");
                *d
            }
            None => status_digest(s),
        };
        let seq = self.take_seq()?;
        let now = event.at.as_second();
        packed::encode_state(
            s,
            |r| Some(since.get(&r.key()).copied().unwrap_or(now)),
            &mut self.packed,
        );
        let code = s.service.code();
        if stored.is_none() {
            let hot = match self.hot.as_mut() {
                Some(h) => h,
                None => self.hot.insert(Tx::prepare_hot(self.conn)?),
            };
            let inserted = hot.insert_service.execute(params![
                key,
                seq,
                &digest[..],
                file.map(|d| &d[..]),
                self.packed,
            ]);
            inserted.map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
                {
                    StoreError::Conflict {
                        what: format!("{code} of tenant {}", s.tenant_id),
                        current_version: self
                            .stored(key)
                            .ok()
                            .flatten()
                            .map(|c| c.version)
                            .unwrap_or(0),
                    }
                }
                e => backend(e),
            })?;
        } else {
            self.tx
                .prepare_cached(
                    "UPDATE services SET version = ?2, digest = ?3, file_digest = ?4, open = ?5,
                     state = ?6, removed = 0, last_seq = ?7 WHERE svc_key = ?1",
                )
                .and_then(|mut st| {
                    st.execute(params![
                        key,
                        s.version as i64,
                        &digest[..],
                        file.map(|d| &d[..]),
                        created,
                        self.packed,
                        seq,
                    ])
                })
                .map_err(backend)?;
        }
        for r in &s.rows {
            pivot_add(&mut self.pivot, org, s.service, r, 1);
        }
        let prev = stored.as_ref().and_then(|st| st.last_seq);
        self.insert_event(
            seq,
            prev,
            no,
            Some(s.service),
            event,
            created.then_some(&digest),
        )
    }

    fn write(&mut self, w: &Write) -> Result<()> {
        match w {
            Write::CreateTenant { tenant, org, event } => {
                let org_id = org.unwrap_or(DEFAULT_ORG);
                if self.org_seen != Some(org_id) {
                    let exists: bool = self
                        .tx
                        .prepare_cached(
                            "SELECT EXISTS (SELECT 1 FROM organisations WHERE org_id = ?1)",
                        )
                        .and_then(|mut st| st.query_row([org_id], |r| r.get(0)))
                        .map_err(backend)?;
                    if !exists {
                        return Err(StoreError::NotFound(format!("organisation {org:?}")));
                    }
                    self.org_seen = Some(org_id);
                }
                // Most tenants written are new: the unique id refuses one that is not, and
                // only then is it looked up.
                let seq = self.take_seq()?;
                let inserted = self
                    .tx
                    .prepare_cached(
                        "INSERT INTO tenants (tenant_id, tenant_name, org_id, last_seq) VALUES (?1, ?2, ?3, ?4)",
                    )
                    .and_then(|mut st| {
                        st.execute(params![
                            tenant.tenant_id.as_str(),
                            tenant.tenant_name,
                            org_id,
                            seq
                        ])
                    });
                let mut prev = None;
                let no = match inserted {
                    Ok(_) => (self.tx.last_insert_rowid(), org_id),
                    Err(rusqlite::Error::SqliteFailure(f, _))
                        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
                    {
                        let found: (i64, bool, OrgId, Option<i64>) = self
                            .tx
                            .prepare_cached(
                                "SELECT tenant_no, removed, org_id, last_seq FROM tenants WHERE tenant_id = ?1",
                            )
                            .and_then(|mut st| {
                                st.query_row([tenant.tenant_id.as_str()], |r| {
                                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                                })
                            })
                            .map_err(backend)?;
                        prev = found.3;
                        let found = (found.0, found.1, found.2);
                        match found {
                            // A tenant id is the customer's GUID: it can be held by one
                            // organisation only, removed or not.
                            (_, false, _) => {
                                return Err(StoreError::AlreadyExists(format!(
                                    "tenant {}",
                                    tenant.tenant_id
                                )))
                            }
                            (_, true, o) if org.is_some_and(|org| org != o) => {
                                return Err(StoreError::AlreadyExists(format!(
                                    "tenant {}",
                                    tenant.tenant_id
                                )))
                            }
                            (no, true, o) => {
                                self.tx
                                    .execute(
                                        "UPDATE tenants SET removed = 0, tenant_name = ?2, last_seq = ?3 WHERE tenant_no = ?1",
                                        params![no, tenant.tenant_name, seq],
                                    )
                                    .map_err(backend)?;
                                (no, o)
                            }
                        }
                    }
                    Err(e) => return Err(backend(e)),
                };
                self.tenants.insert(tenant.tenant_id.clone(), no);
                self.last_tenant = None;
                self.insert_event(seq, prev, no.0, None, event, None)
            }
            Write::PutService {
                state,
                event,
                file,
                state_digest,
            } => self.put_service(state, event, file.as_ref(), state_digest.as_ref()),
            Write::RemoveService {
                tenant,
                service,
                version,
                event,
            } => {
                let (no, org) = self.tenant(tenant)?;
                let key = svc_key(no, *service);
                let stored = self.stored(key)?;
                entrack_store::check_successor(
                    stored.as_ref().map(|c| c.version).unwrap_or(0),
                    *version,
                    tenant,
                    *service,
                )?;
                let stored = match stored {
                    Some(st) if !st.removed => st,
                    _ => {
                        return Err(StoreError::NotFound(format!(
                            "{} of tenant {tenant}",
                            service.code()
                        )))
                    }
                };
                self.retire(key, tenant, org, &stored)?;
                let mut empty = ServiceState::new(tenant.clone(), *service);
                empty.version = *version;
                packed::encode_state(&empty, |_| None, &mut self.packed);
                let seq = self.take_seq()?;
                self.tx
                    .prepare_cached(
                        "UPDATE services SET removed = 1, version = ?2, digest = NULL, file_digest = NULL,
                         open = 0, state = ?3, last_seq = ?4 WHERE svc_key = ?1",
                    )
                    .and_then(|mut st| {
                        st.execute(params![key, *version as i64, self.packed, seq])
                    })
                    .map_err(backend)?;
                self.insert_event(seq, stored.last_seq, no, Some(*service), event, None)
            }
            Write::RemoveTenant { tenant, event } => {
                let no = self.tenant_no(tenant)?;
                let (start, end) = tenant_keys(no);
                let live: bool = self
                    .tx
                    .query_row(
                        "SELECT EXISTS (SELECT 1 FROM services WHERE svc_key >= ?1 AND svc_key < ?2 AND removed = 0)",
                        [start, end],
                        |r| r.get(0),
                    )
                    .map_err(backend)?;
                if live {
                    return Err(invariant(format!("tenant {tenant} still has services")));
                }
                let prev: Option<i64> = self
                    .tx
                    .query_row(
                        "SELECT last_seq FROM tenants WHERE tenant_no = ?1",
                        [no],
                        |r| r.get(0),
                    )
                    .map_err(backend)?;
                let seq = self.take_seq()?;
                self.tx
                    .execute(
                        "UPDATE tenants SET removed = 1, last_seq = ?2 WHERE tenant_no = ?1",
                        [no, seq],
                    )
                    .map_err(backend)?;
                self.tenants.remove(tenant);
                self.last_tenant = None;
                self.insert_event(seq, prev, no, None, event, None)
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
                self.next_seq = None;
                self.meta = None;
            }
        }
        Ok(r)
    }

    fn finish(mut self) -> Result<()> {
        self.hot = None;
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
            let (service, l1, l2) = (
                service.code(),
                l1.code(),
                l2.map(|x| x.code()).unwrap_or(""),
            );
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

/// Below this many tenants, a bulk transaction builds the tenant list's indexes again at
/// its end instead of keeping them up to date row by row.
const DEFER_TENANT_INDEXES_BELOW: i64 = 1000;

/// In a bulk transaction on a store of few tenants: drops the tenants table's secondary
/// indexes and returns the statements that create them again, to be run before the
/// transaction commits (a rollback brings them back by itself). Tenant ids are random, so
/// keeping the indexes row by row is a random insert per index and tenant; building them
/// from all rows at once is a sort. The unique index on the tenant id stays: the bulk
/// writers look tenants up by it.
fn defer_tenant_indexes(conn: &Connection) -> Result<Vec<String>> {
    let few: bool = conn
        .query_row(
            "SELECT count(*) < ?1 FROM (SELECT 1 FROM tenants LIMIT ?1)",
            [DEFER_TENANT_INDEXES_BELOW],
            |r| r.get(0),
        )
        .map_err(backend)?;
    if !few {
        return Ok(Vec::new());
    }
    // Indexes made by CREATE INDEX (origin "c") that are not unique, with the statement
    // that made them.
    let mut st = conn
        .prepare(
            "SELECT s.name, s.sql FROM pragma_index_list('tenants') AS l
             JOIN sqlite_schema AS s ON s.type = 'index' AND s.name = l.name
             WHERE l.origin = 'c' AND NOT l.\"unique\" ORDER BY s.name",
        )
        .map_err(backend)?;
    let indexes = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(backend)?;
    let mut create = Vec::with_capacity(indexes.len());
    for (name, sql) in indexes {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))
            .map_err(backend)?;
        create.push(sql);
    }
    Ok(create)
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

/// An event as selected by [`EVENT_SELECT`], before parsing.
pub(crate) struct EventRow {
    seq: i64,
    at: String,
    actor: String,
    source: String,
    tenant_id: String,
    service_no: Option<i64>,
    kind: String,
    version: i64,
    changes: Option<String>,
    batch: Option<String>,
    digest: Option<Vec<u8>>,
    pub(crate) tenant_no: i64,
}

pub(crate) fn event_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        source: r.get(3)?,
        tenant_id: r.get(4)?,
        service_no: r.get(5)?,
        kind: r.get(6)?,
        version: r.get(7)?,
        changes: r.get(8)?,
        batch: r.get(9)?,
        digest: r.get(10)?,
        tenant_no: r.get(11)?,
    })
}

pub(crate) const EVENT_SELECT: &str = "SELECT e.seq, m.at, m.actor, m.source, t.tenant_id, e.service_no, e.kind, e.version, e.changes, m.batch, e.digest, e.tenant_no
     FROM events e JOIN tenants t ON t.tenant_no = e.tenant_no JOIN event_meta m ON m.meta_no = e.meta_no";

/// The state an event created, kept in `event_states` once the service changed, or still
/// the service's record; checked against the digest the event holds.
fn created_state(
    conn: &Connection,
    row: &EventRow,
    tenant: &TenantId,
    service: Service,
    digest: &[u8],
) -> Result<ServiceState> {
    let kept: Option<Vec<u8>> = conn
        .prepare_cached("SELECT state FROM event_states WHERE seq = ?1")
        .and_then(|mut st| st.query_row([row.seq], |r| r.get(0)).optional())
        .map_err(backend)?;
    let version = u64::try_from(row.version).map_err(invariant)?;
    let state = match kept {
        Some(b) => packed::decode_state(&b, tenant.clone(), service, version)?.0,
        None => {
            let mut st = conn
                .prepare_cached(&format!(
                    "SELECT {SERVICE_COLUMNS} FROM services WHERE svc_key = ?1 AND open = 1 AND last_seq = ?2"
                ))
                .map_err(backend)?;
            let mut rows = st
                .query(params![svc_key(row.tenant_no, service), row.seq])
                .map_err(backend)?;
            match rows.next().map_err(backend)? {
                Some(r) => service_at(tenant.clone(), r, 0)?,
                None => {
                    return Err(invariant(format!(
                        "event {} keeps the state it created nowhere",
                        row.seq
                    )))
                }
            }
        }
    };
    if state.version != row.version as u64 || status_digest(&state)[..] != *digest {
        return Err(invariant(format!(
            "the state event {} created does not match its digest",
            row.seq
        )));
    }
    Ok(state)
}

pub(crate) fn parse_event(conn: &Connection, row: EventRow) -> Result<Event> {
    let tenant_id = tenant_id(row.tenant_id.clone())?;
    let service = row
        .service_no
        .map(|n| {
            usize::try_from(n)
                .ok()
                .and_then(Service::from_index)
                .ok_or_else(|| invariant(format!("event {} names service {n}", row.seq)))
        })
        .transpose()?;
    let changes = match (&row.changes, &row.digest, service) {
        (Some(c), None, _) => decode_changes(c).map_err(invariant)?,
        (None, Some(d), Some(s)) => {
            let state = created_state(conn, &row, &tenant_id, s, d)?;
            entrack_core::history::diff_service(None, &state)
        }
        _ => return Err(invariant(format!("event {} has no changes", row.seq))),
    };
    Ok(Event {
        seq: row.seq,
        at: row
            .at
            .parse()
            .map_err(|e| invariant(format!("bad instant {}: {e}", row.at)))?,
        actor: row.actor,
        source: Source::from_code(&row.source)
            .ok_or_else(|| invariant(format!("unknown source {}", row.source)))?,
        tenant_id,
        service: service.map(|s| s.code().to_string()),
        kind: EventKind::from_code(&row.kind)
            .ok_or_else(|| invariant(format!("unknown event kind {}", row.kind)))?,
        version: u64::try_from(row.version).map_err(invariant)?,
        changes,
        batch: row.batch,
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
        let conn = self.conn();
        let mut tx = match Tx::begin(&conn) {
            Ok(tx) => tx,
            Err(e) => {
                let msg = e.to_string();
                return members
                    .into_iter()
                    .map(|(id, _)| (id, Err(StoreError::Backend(msg.clone()))))
                    .collect();
            }
        };
        let mut pivot = PivotDelta::default();
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
                Err(_) => tx.forget(),
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
        self.read(|conn| match live_tenant_no(conn, tenant)? {
            Some(no) => services_of_tenant(conn, no, tenant),
            None => Ok(Vec::new()),
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
        let mut out = Vec::new();
        let mut keep = |e: Event| {
            if q.until.is_some_and(|u| e.at > u) {
                return true;
            }
            if q.limit.is_some_and(|l| out.len() >= l) {
                return false;
            }
            out.push(e);
            true
        };
        if let Some(no) = no {
            // A tenant's events: along the chains of its services (or the one asked for)
            // and its own.
            for seq in chains_of(conn, no, q.service)? {
                let mut st = conn
                    .prepare_cached(&format!(
                        "{EVENT_SELECT} WHERE e.seq = ?1 AND (?2 IS NULL OR t.org_id = ?2)"
                    ))
                    .map_err(backend)?;
                let row = st
                    .query_row(params![seq, q.org], event_from)
                    .optional()
                    .map_err(backend)?;
                if let Some(row) = row {
                    if !keep(parse_event(conn, row)?) {
                        break;
                    }
                }
            }
            return Ok(out);
        }
        let mut st = conn
            .prepare_cached(&format!(
                "{EVENT_SELECT} WHERE (?1 IS NULL OR e.service_no = ?1) AND (?3 IS NULL OR t.org_id = ?3)
                 ORDER BY e.seq DESC LIMIT ?2"
            ))
            .map_err(backend)?;
        let rows = st
            .query_map(
                params![q.service.map(|s| s.index() as i64), limit, q.org],
                event_from,
            )
            .map_err(backend)?;
        for r in rows {
            let e = parse_event(conn, r.map_err(backend)?)?;
            if !keep(e) {
                break;
            }
        }
        Ok(out)
        })
    }

    fn insights(&self, q: &InsightQuery) -> Result<Insights> {
        self.read(|conn| insights(conn, q))
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
                    "SELECT svc_key, removed, digest, version, file_digest, state FROM services",
                )
                .map_err(backend)?;
            let mut rows = st.query([]).map_err(backend)?;
            while let Some(r) = rows.next().map_err(backend)? {
                let (no, service) = split_key(r.get(0).map_err(backend)?)?;
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
                let blob = |i: usize| -> Result<Option<Digest>> {
                    Ok(match r.get_ref(i).map_err(backend)? {
                        rusqlite::types::ValueRef::Blob(b) => <Digest>::try_from(b).ok(),
                        _ => None,
                    })
                };
                // The service-level fields only: the rows are not read.
                let (fields, _) = packed::open(r.blob(5)?)?;
                let mut state = ServiceState::new(placeholder_tenant(), service);
                fields.apply(&mut state)?;
                index.insert_service(
                    key,
                    service,
                    Mark {
                        version: r.get::<_, i64>(3).map_err(backend)? as u64,
                        removed: r.get(1).map_err(backend)?,
                        total: state.total_entitlements,
                        digest: blob(2)?,
                        scenario: state.scenario,
                        engagement_scenario: state.engagement_scenario,
                        service_status: state.service_status,
                        engagement_start_date: state.engagement_start_date,
                        review: state.review,
                        file: blob(4)?,
                    },
                );
            }
            Ok(index)
        })
    }

    fn bulk(&self, work: &mut dyn FnMut(&mut dyn Bulk) -> Result<Finish>) -> Result<()> {
        let conn = self.conn();
        self.close_readers();
        let switched = SqliteStore::bulk_journal(&conn);
        // The bulk writers resolve every reference themselves (tenant numbers come from the
        // tenants table, rows follow their service); checking each again per row doubles
        // the index work of a big import. `integrity_problems` still checks them all.
        conn.execute_batch("PRAGMA foreign_keys = OFF")
            .map_err(backend)?;
        let result = (|| {
            let mut tx = Tx::begin(&conn)?;
            let deferred = defer_tenant_indexes(&conn)?;
            match work(&mut tx)? {
                Finish::Commit => {
                    for sql in &deferred {
                        conn.execute_batch(sql).map_err(backend)?;
                    }
                    tx.finish()
                }
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
                 AND (SELECT last_seq FROM batches WHERE batch = ?1) AND m.batch = ?1 ORDER BY e.seq"
            ))
            .map_err(backend)?;
        let rows = st.query_map([id], event_from).map_err(backend)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(parse_event(conn, r.map_err(backend)?)?);
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

/// What SQLite cannot check of the services: each live record's packed rows read and add
/// up to its total, and its events, along its chain, are its versions from the newest down
/// to the first, each about this service.
fn services_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut st = conn
        .prepare("SELECT svc_key, version, removed, last_seq, state FROM services")
        .map_err(backend)?;
    let mut event = conn
        .prepare("SELECT tenant_no, service_no, version, prev_seq FROM events WHERE seq = ?1")
        .map_err(backend)?;
    let mut rows = st.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        let key: i64 = r.get(0).map_err(backend)?;
        let (no, service) = split_key(key)?;
        let version: i64 = r.get(1).map_err(backend)?;
        let removed: bool = r.get(2).map_err(backend)?;
        let mut sum = 0u64;
        let total = match packed::open(r.blob(4)?) {
            Ok((fields, rows)) => {
                for v in rows {
                    match v {
                        Ok(v) => sum += v.entitlements,
                        Err(e) => {
                            out.push(format!("service {key}: {e}"));
                            break;
                        }
                    }
                }
                fields.total
            }
            Err(e) => {
                out.push(format!("service {key}: {e}"));
                continue;
            }
        };
        if !removed && sum != total {
            out.push(format!("service {key}: rows hold {sum} seats of {total}"));
        }
        let mut expect = version;
        let mut at: Option<i64> = r.get(3).map_err(backend)?;
        // A service carried over from a store older than its events has none.
        let chained = at.is_some();
        while let Some(seq) = at {
            let found: Option<(i64, Option<i64>, i64, Option<i64>)> = event
                .query_row([seq], |e| Ok((e.get(0)?, e.get(1)?, e.get(2)?, e.get(3)?)))
                .optional()
                .map_err(backend)?;
            match found {
                Some((t, Some(s), v, prev))
                    if t == no
                        && s == service.index() as i64
                        && v == expect
                        && prev < Some(seq) =>
                {
                    expect -= 1;
                    at = prev;
                }
                _ => {
                    out.push(format!("service {key}: event {seq} breaks its history"));
                    break;
                }
            }
        }
        if chained
            && expect != 0
            && out
                .last()
                .is_none_or(|l| !l.starts_with(&format!("service {key}:")))
        {
            out.push(format!("service {key}: history ends at version {expect}"));
        }
    }
    Ok(out)
}

/// A tenant id for a state read only for its service-level fields.
fn placeholder_tenant() -> TenantId {
    TenantId::parse("00000000-0000-0000-0000-000000000000").expect("a well-formed id")
}

/// The events of a tenant (its services' and its own, or one service's), newest first:
/// each chain followed from the record that names its last event.
fn chains_of(conn: &Connection, no: i64, service: Option<Service>) -> Result<Vec<i64>> {
    let mut heads: Vec<i64> = Vec::new();
    let (start, end) = match service {
        Some(s) => (svc_key(no, s), svc_key(no, s) + 1),
        None => tenant_keys(no),
    };
    let mut st = conn
        .prepare_cached("SELECT last_seq FROM services WHERE svc_key >= ?1 AND svc_key < ?2")
        .map_err(backend)?;
    let mut rows = st.query([start, end]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        if let Some(seq) = r.get::<_, Option<i64>>(0).map_err(backend)? {
            heads.push(seq);
        }
    }
    drop(rows);
    if service.is_none() {
        let own: Option<i64> = conn
            .prepare_cached("SELECT last_seq FROM tenants WHERE tenant_no = ?1")
            .and_then(|mut st| st.query_row([no], |r| r.get(0)))
            .map_err(backend)?;
        heads.extend(own);
    }
    let mut prev = conn
        .prepare_cached("SELECT prev_seq FROM events WHERE seq = ?1")
        .map_err(backend)?;
    let mut out = Vec::new();
    for head in heads {
        let mut at = Some(head);
        while let Some(seq) = at {
            out.push(seq);
            let before: Option<i64> = prev
                .query_row([seq], |r| r.get(0))
                .optional()
                .map_err(backend)?
                .ok_or_else(|| invariant(format!("event {seq} is missing from its chain")))?;
            if before.is_some_and(|b| b >= seq) {
                return Err(invariant(format!("event {seq} points forward")));
            }
            at = before;
        }
    }
    out.sort_unstable_by(|a, b| b.cmp(a));
    Ok(out)
}

/// Registers `entrack_has_row(rows, l1, l2, l3, owner, next_action_before, target_from,
/// target_to, target_before, since_before)` on a connection: whether one row of a packed
/// value meets every condition that is not NULL (see [`packed::RowFilter`]).
fn has_row(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    use rusqlite::types::ValueRef;
    conn.create_scalar_function(
        "entrack_has_row",
        10,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text = |i: usize| match ctx.get_raw(i) {
                ValueRef::Text(b) => std::str::from_utf8(b).ok(),
                _ => None,
            };
            let rows = match ctx.get_raw(0) {
                ValueRef::Blob(b) => b,
                _ => return Ok(false),
            };
            let filter = packed::RowFilter {
                l1: text(1),
                l2: text(2),
                l3: text(3),
                owner: text(4),
                next_action_before: text(5),
                target_from: text(6),
                target_to: text(7),
                target_before: text(8),
                since_before: ctx.get_raw(9).as_i64().ok(),
            };
            filter
                .any(rows)
                .map_err(|e| rusqlite::Error::UserFunctionError(e.into()))
        },
    )
    .map_err(backend)
}

/// The dashboard's figures over the rows of the selected services, grouped as it shows
/// them: by L1/L2/L3, days in status and, for an overdue next action, its owner.
fn insights(conn: &Connection, q: &InsightQuery) -> Result<Insights> {
    struct Group {
        l1: String,
        l2: String,
        l3: String,
        days: Option<i64>,
        late: Option<String>,
        count: Count,
    }
    let mut st = conn
        .prepare_cached(
            "SELECT s.state FROM services s JOIN tenants t ON t.tenant_no = s.tenant_no
             WHERE s.removed = 0 AND t.removed = 0 AND (?1 IS NULL OR s.service_no = ?1)
               AND (?2 IS NULL OR t.org_id = ?2)",
        )
        .map_err(backend)?;
    let mut rows = st
        .query(params![q.service.map(|s| s.index() as i64), q.org])
        .map_err(backend)?;
    let now = q.now.as_second();
    let today = q.today.to_string();
    let invalid = entrack_core::L1::DuplicateInvalid.code();
    let mut groups: HashMap<Vec<u8>, Group> = HashMap::new();
    let mut key = Vec::with_capacity(256);
    while let Some(r) = rows.next().map_err(backend)? {
        for v in packed::open(r.blob(0)?)?.1 {
            let v = v?;
            if !q.include_invalid && v.l1 == invalid {
                continue;
            }
            let days = v.since.map(|at| (now - at) / 86_400);
            let late = v
                .next_action_date
                .filter(|d| *d < today.as_str())
                .map(|_| v.owner.unwrap_or(""));
            key.clear();
            for part in [v.l1, v.l2, v.l3] {
                key.extend_from_slice(part.as_bytes());
                key.push(0);
            }
            match days {
                Some(d) => {
                    key.push(1);
                    key.extend_from_slice(&d.to_le_bytes());
                }
                None => key.push(0),
            }
            if let Some(owner) = late {
                key.push(1);
                key.extend_from_slice(owner.as_bytes());
            }
            let group = match groups.get_mut(key.as_slice()) {
                Some(g) => g,
                None => groups.entry(key.clone()).or_insert(Group {
                    l1: v.l1.to_string(),
                    l2: v.l2.to_string(),
                    l3: v.l3.to_string(),
                    days,
                    late: late.map(str::to_string),
                    count: Count::default(),
                }),
            };
            group.count.rows += 1;
            group.count.seats += v.entitlements;
        }
    }
    let mut out = Insights::default();
    for g in groups.into_values() {
        out.add((&g.l1, &g.l2, &g.l3), g.days, g.late.as_deref(), g.count);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use entrack_store::packed::iso_date;
    use jiff::civil::Date;

    /// A file whose header says three pages of 4 KiB and which holds one.
    fn short_store(dir: &std::path::Path) -> std::path::PathBuf {
        let mut page = vec![0u8; 4096];
        page[..16].copy_from_slice(b"SQLite format 3\0");
        page[16..18].copy_from_slice(&4096u16.to_be_bytes());
        page[24..28].copy_from_slice(&7u32.to_be_bytes());
        page[28..32].copy_from_slice(&3u32.to_be_bytes());
        page[92..96].copy_from_slice(&7u32.to_be_bytes());
        let path = dir.join("store.db");
        std::fs::write(&path, page).unwrap();
        path
    }

    #[test]
    fn a_file_shorter_than_its_header_is_refused_unless_a_journal_will_mend_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = short_store(dir.path());
        let e = super::check_length(&path).unwrap_err().to_string();
        assert!(e.contains("cut short"), "{e}");
        // A bulk write stopped midway: its rollback journal puts the file back on opening.
        std::fs::write(dir.path().join("store.db-journal"), b"journal").unwrap();
        assert!(super::check_length(&path).is_ok());
        std::fs::remove_file(dir.path().join("store.db-journal")).unwrap();
        // A checkpoint stopped midway: the log completes it.
        std::fs::write(dir.path().join("store.db-wal"), b"log").unwrap();
        assert!(super::check_length(&path).is_ok());
    }

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
