//! The bulk path: new tenants, services and events gathered in COPY's binary format and
//! sent with `COPY … FROM STDIN (FORMAT binary)` in the bulk transaction (binary: a packed
//! state goes as it is, not as hex to be parsed again). Tenant numbers and event numbers
//! are drawn from their sequences in blocks beforehand, so nothing needs to come back from
//! the database.

use crate::{backend, filter_element, get, invariant, is_code};
use entrack_core::digest::Digest;
use entrack_core::{ServiceState, StatusRow, Tenant};
use entrack_store::{OrgId, Result, StoreError};
use postgres::error::SqlState;
use std::collections::HashSet;
use std::io::Write as _;

/// Numbers drawn from a sequence at a time by a bulk transaction.
pub(crate) const BLOCK: i64 = 65_536;

/// Buffered bytes after which the buffers are sent.
const FLUSH_AT: usize = 8 << 20;

/// Bytes handed to the COPY writer at a time.
const SEND_PIECE: usize = 256 << 10;

/// The oid of `text`, the elements of a filter array.
const TEXT_OID: i32 = 25;

/// Rows of one table in COPY's binary format (without the file header and trailer).
#[derive(Default)]
struct Table {
    buf: Vec<u8>,
}

impl Table {
    fn row(&mut self, fields: i16) {
        self.buf.extend_from_slice(&fields.to_be_bytes());
    }

    fn bytes(&mut self, v: &[u8]) {
        self.buf.extend_from_slice(&(v.len() as i32).to_be_bytes());
        self.buf.extend_from_slice(v);
    }

    fn null(&mut self) {
        self.buf.extend_from_slice(&(-1i32).to_be_bytes());
    }

    fn int8(&mut self, v: i64) {
        self.buf.extend_from_slice(&8i32.to_be_bytes());
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    fn opt_int8(&mut self, v: Option<i64>) {
        match v {
            Some(v) => self.int8(v),
            None => self.null(),
        }
    }

    fn boolean(&mut self, v: bool) {
        self.buf.extend_from_slice(&1i32.to_be_bytes());
        self.buf.push(u8::from(v));
    }

    fn opt_bytes(&mut self, v: Option<&[u8]>) {
        match v {
            Some(v) => self.bytes(v),
            None => self.null(),
        }
    }

    /// A service's filter texts as a one-dimensional `text[]`, written in place.
    fn filter(
        &mut self,
        s: &ServiceState,
        since: &dyn Fn(&StatusRow) -> Option<i64>,
        scratch: &mut String,
    ) {
        let len_at = self.buf.len();
        self.buf.extend_from_slice(&0i32.to_be_bytes());
        let start = self.buf.len();
        self.buf
            .extend_from_slice(&i32::from(!s.rows.is_empty()).to_be_bytes());
        self.buf.extend_from_slice(&0i32.to_be_bytes());
        self.buf.extend_from_slice(&TEXT_OID.to_be_bytes());
        if !s.rows.is_empty() {
            self.buf
                .extend_from_slice(&(s.rows.len() as i32).to_be_bytes());
            self.buf.extend_from_slice(&1i32.to_be_bytes());
            for r in &s.rows {
                scratch.clear();
                filter_element(r, since(r), scratch);
                self.bytes(scratch.as_bytes());
            }
        }
        let len = (self.buf.len() - start) as i32;
        self.buf[len_at..start].copy_from_slice(&len.to_be_bytes());
    }

    /// A one-dimensional `text[]` without NULLs.
    fn text_array(&mut self, v: &[String]) {
        let len: usize =
            12 + if v.is_empty() { 0 } else { 8 } + v.iter().map(|s| 4 + s.len()).sum::<usize>();
        self.buf.extend_from_slice(&(len as i32).to_be_bytes());
        self.buf
            .extend_from_slice(&i32::from(!v.is_empty()).to_be_bytes());
        self.buf.extend_from_slice(&0i32.to_be_bytes());
        self.buf.extend_from_slice(&TEXT_OID.to_be_bytes());
        if !v.is_empty() {
            self.buf.extend_from_slice(&(v.len() as i32).to_be_bytes());
            self.buf.extend_from_slice(&1i32.to_be_bytes());
            for s in v {
                self.bytes(s.as_bytes());
            }
        }
    }
}

/// Rows of the three tables, ready to send.
#[derive(Default)]
pub(crate) struct Rows {
    tenants: Table,
    services: Table,
    events: Table,
}

#[derive(Default)]
pub(crate) struct Buffers {
    /// What is gathered and not sent yet.
    pub(crate) rows: Rows,
    /// The services of the tenant being written, kept back to go out in key order (an
    /// index takes keys that only ever grow without searching for their place).
    staged: Table,
    staged_rows: Vec<(i64, std::ops::Range<usize>)>,
    scratch: String,
    tenant_nos: Option<Numbers>,
    /// Tenant ids of removed tenants (a create brings them back the usual way).
    removed: Option<HashSet<String>>,
    /// Organisations known to exist.
    orgs: HashSet<OrgId>,
}

/// The largest block drawn at a time.
const MAX_BLOCK: i64 = 262_144;

/// Numbers drawn from a sequence ahead of their use.
pub(crate) struct Numbers {
    /// Drawn and not used yet, the next last.
    left: Vec<i64>,
    /// How many the next draw takes: a bulk write takes ever bigger blocks (fewer round
    /// trips for a big import, few numbers left unused by a small one).
    block: i64,
}

impl Numbers {
    pub(crate) fn new(block: i64) -> Numbers {
        Numbers {
            left: Vec::new(),
            block,
        }
    }
}

/// The next number of a sequence (`regclass` text), drawn with the ones that follow it
/// when none is left: on the link's own connection for numbers where it has one (a
/// sequence is outside transactions, and the bulk transaction may be busy sending rows),
/// in the transaction otherwise.
pub(crate) fn draw(link: &mut Link<'_>, numbers: &mut Numbers, sequence: &str) -> Result<i64> {
    if numbers.left.is_empty() {
        let block = numbers.block;
        let reserved = match link.numbers.as_mut() {
            Some(c) if block > 1 => reserve(c, sequence, block)?,
            _ => None,
        };
        if let Some(first) = reserved {
            numbers.left.extend((first..first + block).rev());
        } else {
            const SQL: &str = "SELECT nextval(s.r) FROM (SELECT $1::text::regclass AS r) s, generate_series(1, $2::bigint)";
            let rows = match link.numbers.as_mut() {
                Some(c) => c.query(SQL, &[&sequence, &block]),
                None => link.plain()?.query(SQL, &[&sequence, &block]),
            }
            .map_err(backend)?;
            for r in rows.iter().rev() {
                numbers.left.push(get(r, 0)?);
            }
        }
        if block > 1 {
            numbers.block = (block * 2).min(MAX_BLOCK);
        }
    }
    numbers
        .left
        .pop()
        .ok_or_else(|| invariant("no numbers left in a sequence"))
}

/// Reserves `block` (at least 2) consecutive numbers of a sequence and returns the first:
/// the sequence steps over them at once while `ALTER SEQUENCE` holds it, which keeps every
/// other `nextval` waiting until the commit. `None` where the sequence is not to be had at
/// once (another transaction drew from it and has not ended): waiting could be waiting for
/// a transaction that waits for this one, and the numbers are drawn one by one instead
/// (as they are where the role may not alter the sequence).
fn reserve(c: &mut postgres::Client, sequence: &str, block: i64) -> Result<Option<i64>> {
    let stepped = (|| -> std::result::Result<(i64, i64), postgres::Error> {
        let mut tx = c.transaction()?;
        tx.batch_execute(&format!(
            "SET LOCAL lock_timeout = '200ms'; ALTER SEQUENCE {sequence} INCREMENT BY 1"
        ))?;
        // The first draw takes the number after the last one drawn (or the start of a
        // sequence never drawn from); the second steps over the rest of the block.
        let first: i64 = tx
            .query_one("SELECT nextval($1::text::regclass)", &[&sequence])?
            .try_get(0)?;
        tx.batch_execute(&format!(
            "ALTER SEQUENCE {sequence} INCREMENT BY {}",
            block - 1
        ))?;
        let last: i64 = tx
            .query_one("SELECT nextval($1::text::regclass)", &[&sequence])?
            .try_get(0)?;
        tx.batch_execute(&format!("ALTER SEQUENCE {sequence} INCREMENT BY 1"))?;
        tx.commit()?;
        Ok((first, last))
    })();
    match stepped {
        Ok((first, last)) if last == first + block - 1 => Ok(Some(first)),
        Ok((first, last)) => Err(invariant(format!(
            "{sequence} gave {first} and {last} for a block of {block}"
        ))),
        // A role that may draw from the sequence but not alter it draws one by one too.
        Err(e)
            if is_code(&e, &SqlState::LOCK_NOT_AVAILABLE)
                || is_code(&e, &SqlState::INSUFFICIENT_PRIVILEGE) =>
        {
            Ok(None)
        }
        Err(e) => Err(backend(e)),
    }
}

impl Buffers {
    /// Buffers a tenant that is new to the store (its own last event `last_seq`) and returns
    /// its number; `None` when the tenant exists removed and must come back through the
    /// usual statement.
    pub(crate) fn new_tenant(
        &mut self,
        link: &mut Link<'_>,
        t: &Tenant,
        org: OrgId,
        last_seq: i64,
    ) -> Result<Option<i64>> {
        if self.removed.is_none() {
            let rows = link
                .plain()?
                .query("SELECT tenant_id FROM tenants WHERE removed", &[])
                .map_err(backend)?;
            let mut set = HashSet::new();
            for r in &rows {
                set.insert(get::<String>(r, 0)?);
            }
            self.removed = Some(set);
        }
        if self
            .removed
            .as_ref()
            .is_some_and(|r| r.contains(t.tenant_id.as_str()))
        {
            return Ok(None);
        }
        if !self.orgs.contains(&org) {
            let found = link
                .plain()?
                .query_opt("SELECT 1 FROM organisations WHERE org_id = $1", &[&org])
                .map_err(backend)?
                .is_some();
            if !found {
                return Err(StoreError::NotFound(format!("organisation {org}")));
            }
            self.orgs.insert(org);
        }
        let numbers = self.tenant_nos.get_or_insert_with(|| Numbers::new(BLOCK));
        let no = draw(link, numbers, "tenants_tenant_no_seq")?;
        self.tenant_line(no, t, org, false, Some(last_seq));
        Ok(Some(no))
    }

    /// Buffers a tenant under a number of its own.
    pub(crate) fn tenant_line(
        &mut self,
        no: i64,
        t: &Tenant,
        org: OrgId,
        removed: bool,
        last_seq: Option<i64>,
    ) {
        let b = &mut self.rows.tenants;
        b.row(6);
        b.int8(no);
        b.bytes(t.tenant_id.as_str().as_bytes());
        b.bytes(t.tenant_name.as_bytes());
        b.int8(org);
        b.boolean(removed);
        b.opt_int8(last_seq);
    }

    /// Buffers a new service: its first version, open (event `seq` created it).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn service(
        &mut self,
        key: i64,
        version: i64,
        seq: i64,
        digest: &Digest,
        file: Option<&[u8]>,
        state: &[u8],
        s: &ServiceState,
        since: &dyn Fn(&StatusRow) -> Option<i64>,
    ) {
        if self
            .staged_rows
            .last()
            .is_some_and(|(k, _)| k.div_euclid(crate::SLOTS) != key.div_euclid(crate::SLOTS))
        {
            self.unstage();
        }
        let start = self.staged.buf.len();
        let b = &mut self.staged;
        b.row(9);
        b.int8(key);
        b.int8(version);
        b.boolean(false);
        b.boolean(true);
        b.int8(seq);
        b.bytes(digest);
        b.opt_bytes(file);
        b.bytes(state);
        b.filter(s, since, &mut self.scratch);
        self.staged_rows.push((key, start..self.staged.buf.len()));
    }

    /// Moves the staged services into the rows to send, in key order.
    pub(crate) fn unstage(&mut self) {
        self.staged_rows.sort_by_key(|(k, _)| *k);
        for (_, range) in self.staged_rows.drain(..) {
            self.rows
                .services
                .buf
                .extend_from_slice(&self.staged.buf[range]);
        }
        self.staged.buf.clear();
    }

    /// Buffers a service record as it is to be stored.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn service_line(
        &mut self,
        key: i64,
        version: i64,
        removed: bool,
        open: bool,
        last_seq: Option<i64>,
        digest: Option<&[u8]>,
        file: Option<&[u8]>,
        state: &[u8],
        filter: &[String],
    ) {
        let b = &mut self.rows.services;
        b.row(9);
        b.int8(key);
        b.int8(version);
        b.boolean(removed);
        b.boolean(open);
        b.opt_int8(last_seq);
        b.opt_bytes(digest);
        b.opt_bytes(file);
        b.bytes(state);
        b.text_array(filter);
    }

    /// Buffers an event.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn event(
        &mut self,
        seq: i64,
        key: i64,
        version: i64,
        kind: &str,
        meta: i64,
        prev: Option<i64>,
        changes: Option<&str>,
        digest: Option<&[u8]>,
    ) {
        let b = &mut self.rows.events;
        b.row(8);
        b.int8(seq);
        b.int8(key);
        b.int8(version);
        b.bytes(kind.as_bytes());
        b.int8(meta);
        b.opt_int8(prev);
        b.opt_bytes(changes.map(str::as_bytes));
        b.opt_bytes(digest);
    }

    /// Whether the buffers should be sent.
    pub(crate) fn full(&self) -> bool {
        self.rows.size() >= FLUSH_AT
    }
}

impl Rows {
    fn size(&self) -> usize {
        self.tenants.buf.len() + self.services.buf.len() + self.events.buf.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.size() == 0
    }

    /// Sends everything held (tenants before the services and events that name them) and
    /// keeps the emptied buffers.
    pub(crate) fn send(&mut self, tx: &mut postgres::Transaction<'_>) -> Result<()> {
        let tables = [
            (
                &mut self.tenants,
                "COPY tenants (tenant_no, tenant_id, tenant_name, org_id, removed, last_seq) FROM STDIN (FORMAT binary)",
                "tenant",
            ),
            (
                &mut self.services,
                "COPY services (svc_key, version, removed, open, last_seq, digest, file_digest, state, filter)
                 FROM STDIN (FORMAT binary)",
                "service",
            ),
            (
                &mut self.events,
                "COPY events (seq, svc_key, version, kind, meta_no, prev_seq, changes, digest)
                 FROM STDIN (FORMAT binary)",
                "event",
            ),
        ];
        let mut out = Ok(());
        for (table, sql, what) in tables {
            if table.buf.is_empty() || out.is_err() {
                table.buf.clear();
                continue;
            }
            let sent = (|| {
                let mut w = tx.copy_in(sql)?;
                // A failed write fails the copy; `finish` says why.
                let _ = w.write_all(b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0");
                // In pieces: the writer copies what it is given into a buffer of its own,
                // which stays small (and warm) this way.
                for piece in table.buf.chunks(SEND_PIECE) {
                    let _ = w.write_all(piece);
                }
                let _ = w.write_all(&(-1i16).to_be_bytes());
                w.finish()
            })();
            table.buf.clear();
            out = sent
                .map(|_| ())
                .map_err(|e| written_twice(e, &format!("a {what}")));
        }
        out
    }
}

/// A key's refusal of a row written twice as "already exists" (with the key, as the
/// database names it); any other error as it is.
fn written_twice(e: postgres::Error, what: &str) -> StoreError {
    if is_code(&e, &SqlState::UNIQUE_VIOLATION) {
        let detail = e
            .as_db_error()
            .and_then(|d| d.detail().map(str::to_owned))
            .unwrap_or_default();
        StoreError::AlreadyExists(format!("{what} ({detail})"))
    } else {
        backend(e)
    }
}

/// A sender of COPY rows on a thread of its own, so that the writer goes on gathering the
/// next rows while the database takes these: the transaction goes to the thread with the
/// rows and comes back with the emptied buffers and the outcome.
pub(crate) struct Sender<'c> {
    pub(crate) jobs: std::sync::mpsc::SyncSender<(postgres::Transaction<'c>, Rows)>,
    pub(crate) done: std::sync::mpsc::Receiver<(postgres::Transaction<'c>, Rows, Result<()>)>,
}

/// Runs a sender's thread: sends each job's rows and hands everything back.
pub(crate) fn sending<'c>(
    jobs: std::sync::mpsc::Receiver<(postgres::Transaction<'c>, Rows)>,
    done: std::sync::mpsc::SyncSender<(postgres::Transaction<'c>, Rows, Result<()>)>,
) {
    for (mut tx, mut rows) in jobs {
        let out = rows.send(&mut tx);
        if done.send((tx, rows, out)).is_err() {
            return;
        }
    }
}

/// The transaction of a write, held here or (while rows are being sent) by the sender.
pub(crate) struct Link<'c> {
    tx: Option<postgres::Transaction<'c>>,
    sender: Option<Sender<'c>>,
    /// Emptied buffers back from the sender, for the next rows.
    spare: Option<Rows>,
    /// A connection of its own for drawing numbers.
    numbers: Option<crate::Conn>,
    /// Whether indexes may still be set aside (once per transaction).
    may_defer: bool,
    /// The statements that make the indexes set aside again, if any.
    deferred: Vec<String>,
}

/// Tables whose indexes a big bulk write into a nearly empty table builds once at the end
/// instead of entry by entry (see [`Link::defer_indexes`]).
const DEFERRABLE: &[&str] = &["tenants", "services", "events"];

/// Rows under which a table counts as nearly empty: looking up one of them without its
/// index reads a few pages.
const NEARLY_EMPTY: i64 = 1_000;

impl<'c> Link<'c> {
    pub(crate) fn new(
        tx: postgres::Transaction<'c>,
        sender: Option<Sender<'c>>,
        numbers: Option<crate::Conn>,
    ) -> Link<'c> {
        Link {
            tx: Some(tx),
            sender,
            spare: None,
            numbers,
            may_defer: true,
            deferred: Vec::new(),
        }
    }

    /// The transaction, once the sender has handed it back (and its rows went in), with
    /// every index in place: for any statement.
    pub(crate) fn get(&mut self) -> Result<&mut postgres::Transaction<'c>> {
        self.plain()?;
        self.restore_indexes()?;
        self.plain()
    }

    /// The transaction, once the sender has handed it back, whether or not indexes are set
    /// aside: for statements that neither look up nor write tenants, services and events
    /// by key.
    pub(crate) fn plain(&mut self) -> Result<&mut postgres::Transaction<'c>> {
        if self.tx.is_none() {
            let (tx, rows, out) = self
                .sender
                .as_ref()
                .ok_or_else(|| invariant("the transaction is nowhere"))?
                .done
                .recv()
                .map_err(|_| invariant("the COPY thread stopped"))?;
            self.tx = Some(tx);
            self.spare = Some(rows);
            out?;
        }
        self.tx
            .as_mut()
            .ok_or_else(|| invariant("the transaction is nowhere"))
    }

    /// Sends rows: on the sender's thread when there is one (this returns at once with
    /// buffers to go on with), here otherwise.
    pub(crate) fn send(&mut self, mut rows: Rows) -> Result<Rows> {
        if rows.is_empty() {
            return Ok(rows);
        }
        self.plain()?;
        match (&self.sender, self.tx.take()) {
            (Some(sender), Some(tx)) => {
                sender
                    .jobs
                    .send((tx, rows))
                    .map_err(|_| invariant("the COPY thread stopped"))?;
                Ok(self.spare.take().unwrap_or_default())
            }
            (_, tx) => {
                self.tx = tx;
                rows.send(self.plain()?)?;
                Ok(rows)
            }
        }
    }

    /// Sets aside the indexes (keys and unique constraints included) of the [`DEFERRABLE`]
    /// tables that are nearly empty, to be built once, from everything written, before the
    /// transaction commits (or at the first statement that may need them): a big bulk write
    /// into a new store then sends its rows without an index entry, and its log record, per
    /// row. Tried once per transaction, before its first full buffers go out.
    ///
    /// A key or unique constraint set aside still holds: building it again checks every
    /// row, and a duplicate fails the whole transaction as the COPY would have. The table
    /// stays locked against other transactions until the end (`ALTER TABLE` and `DROP
    /// INDEX` take it whole), which only a nearly empty table can afford. A key that a
    /// foreign key depends on stays; where another transaction holds a table or the role
    /// may not alter it, every index stays.
    pub(crate) fn defer_indexes(&mut self) -> Result<()> {
        if !std::mem::take(&mut self.may_defer) {
            return Ok(());
        }
        let tx = self.plain()?;
        // Waiting for a table another transaction holds could be waiting for one that
        // waits for this one.
        tx.batch_execute("SAVEPOINT entrack_defer; SET LOCAL lock_timeout = '200ms'")
            .map_err(backend)?;
        let mut restore = Vec::new();
        for table in DEFERRABLE {
            let small: bool = tx
                .query_one(
                    &format!("SELECT count(*) < $1 FROM (SELECT 1 FROM {table} LIMIT $1) t"),
                    &[&NEARLY_EMPTY],
                )
                .map_err(backend)?
                .try_get(0)
                .map_err(backend)?;
            if !small {
                continue;
            }
            // Its keys and unique constraints, then its other indexes, each with the
            // statement that makes it again.
            let found = tx
                .query(
                    "SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', $1::text, conname),
                            format('ALTER TABLE %I ADD CONSTRAINT %I ', $1::text, conname) || pg_get_constraintdef(oid)
                     FROM pg_constraint WHERE conrelid = $1::text::regclass AND contype IN ('p', 'u')
                     UNION ALL
                     SELECT format('DROP INDEX %s', indexrelid::regclass), pg_get_indexdef(indexrelid)
                     FROM pg_index i WHERE indrelid = $1::text::regclass
                       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                    &[table],
                )
                .map_err(backend)?;
            for r in found {
                let (drop, make): (String, String) = (get(&r, 0)?, get(&r, 1)?);
                tx.batch_execute("SAVEPOINT entrack_defer_one")
                    .map_err(backend)?;
                match tx.batch_execute(&drop) {
                    Ok(()) => {
                        tx.batch_execute("RELEASE SAVEPOINT entrack_defer_one")
                            .map_err(backend)?;
                        restore.push(make);
                    }
                    // Something depends on it (a foreign key on a key): it stays.
                    Err(e) if is_code(&e, &SqlState::DEPENDENT_OBJECTS_STILL_EXIST) => tx
                        .batch_execute(
                            "ROLLBACK TO SAVEPOINT entrack_defer_one; RELEASE SAVEPOINT entrack_defer_one",
                        )
                        .map_err(backend)?,
                    // Another transaction holds the table, or the role may not alter it:
                    // everything stays.
                    Err(e)
                        if is_code(&e, &SqlState::LOCK_NOT_AVAILABLE)
                            || is_code(&e, &SqlState::INSUFFICIENT_PRIVILEGE) =>
                    {
                        return tx
                            .batch_execute(
                                "ROLLBACK TO SAVEPOINT entrack_defer; RELEASE SAVEPOINT entrack_defer",
                            )
                            .map_err(backend);
                    }
                    Err(e) => return Err(backend(e)),
                }
            }
        }
        // Back to the lock timeout the transaction had.
        tx.batch_execute("RESET lock_timeout; RELEASE SAVEPOINT entrack_defer")
            .map_err(backend)?;
        self.deferred = restore;
        Ok(())
    }

    /// Builds the indexes set aside, if any, from the rows now written.
    fn restore_indexes(&mut self) -> Result<()> {
        if self.deferred.is_empty() {
            return Ok(());
        }
        let restore = std::mem::take(&mut self.deferred);
        let tx = self.plain()?;
        for sql in restore {
            tx.batch_execute(&sql)
                .map_err(|e| written_twice(e, "a record written twice"))?;
        }
        Ok(())
    }

    /// The transaction itself, to end it.
    pub(crate) fn into_inner(mut self) -> Result<postgres::Transaction<'c>> {
        self.get()?;
        self.tx
            .take()
            .ok_or_else(|| invariant("the transaction is nowhere"))
    }
}
