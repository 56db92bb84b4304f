//! The export's read, in two threads. One steps two cursors (tenants, and services with
//! their packed rows, both in `tenant_no` order) on a read connection of its own, in one
//! read transaction, and copies the column values out in chunks; the calling thread checks
//! and unpacks them into services and hands each to the visitor, a tenant's services in
//! the order of their codes. Stepping SQLite and building the values take about as long as
//! each other, so the reading side takes about half the time it takes on one thread, and
//! the export's writer is no longer kept waiting.

use crate::SERVICE_COLUMNS;
use crate::{
    backend, invariant, live_tenant_no, service_at, tenant_id, tenant_keys, utf8, Columns,
};
use entrack_core::{ServiceState, Tenant};
use entrack_store::{ExportQuery, Result};
use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Records per chunk handed from the reading thread.
const CHUNK: usize = 2048;
/// Chunks on their way at a time (memory stays bounded whatever the store holds).
const IN_FLIGHT: usize = 4;

/// One column value, its text or bytes in the chunk's arena.
#[derive(Clone, Copy)]
enum Cell {
    Null,
    Int(i64),
    Text(u32, u32),
    Blob(u32, u32),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// `tenant_id, tenant_name`: the tenant of the services that follow.
    Tenant,
    /// [`SERVICE_COLUMNS`]: a service with its rows.
    Service,
}

/// Records copied out of the cursors.
#[derive(Default)]
struct Chunk {
    arena: Vec<u8>,
    cells: Vec<Cell>,
    /// Each record's kind and first cell.
    records: Vec<(Kind, usize)>,
}

impl Chunk {
    fn clear(&mut self) {
        self.arena.clear();
        self.cells.clear();
        self.records.clear();
    }

    /// Copies columns `from..from + n` of a result row as one record.
    fn push(&mut self, kind: Kind, r: &rusqlite::Row<'_>, from: usize, n: usize) -> Result<()> {
        self.records.push((kind, self.cells.len()));
        for i in from..from + n {
            let cell = match r.get_ref(i).map_err(backend)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(v) => Cell::Int(v),
                ValueRef::Text(b) => {
                    let (a, z) = self.copy(b)?;
                    Cell::Text(a, z)
                }
                ValueRef::Blob(b) => {
                    let (a, z) = self.copy(b)?;
                    Cell::Blob(a, z)
                }
                other => {
                    return Err(invariant(format!(
                        "column {i} holds a {:?} value",
                        other.data_type()
                    )))
                }
            };
            self.cells.push(cell);
        }
        Ok(())
    }

    fn copy(&mut self, b: &[u8]) -> Result<(u32, u32)> {
        let start = self.arena.len();
        self.arena.extend_from_slice(b);
        let at = |n: usize| u32::try_from(n).map_err(|_| invariant("an export chunk over 4 GiB"));
        Ok((at(start)?, at(self.arena.len())?))
    }

    fn record(&self, i: usize) -> (Kind, Record<'_>) {
        let (kind, first) = self.records[i];
        let cells = &self.cells[first..first + width(kind)];
        (
            kind,
            Record {
                arena: &self.arena,
                cells,
            },
        )
    }
}

/// Columns per record: `tenant_id, tenant_name`; [`SERVICE_COLUMNS`].
const fn width(kind: Kind) -> usize {
    match kind {
        Kind::Tenant => 2,
        Kind::Service => 3,
    }
}

/// One copied record, read as the statement's row would be.
struct Record<'a> {
    arena: &'a [u8],
    cells: &'a [Cell],
}

impl Columns for Record<'_> {
    fn text(&self, i: usize) -> Result<Option<&str>> {
        match self.cells.get(i) {
            Some(Cell::Null) => Ok(None),
            Some(Cell::Text(a, b)) => utf8(&self.arena[*a as usize..*b as usize], i).map(Some),
            Some(_) => Err(invariant(format!("column {i} does not hold text"))),
            None => Err(invariant(format!("no column {i}"))),
        }
    }

    fn int(&self, i: usize) -> Result<i64> {
        match self.cells.get(i) {
            Some(Cell::Int(v)) => Ok(*v),
            _ => Err(invariant(format!("column {i} is not an integer"))),
        }
    }

    fn blob(&self, i: usize) -> Result<&[u8]> {
        match self.cells.get(i) {
            Some(Cell::Blob(a, b)) => Ok(&self.arena[*a as usize..*b as usize]),
            _ => Err(invariant(format!("column {i} does not hold packed rows"))),
        }
    }
}

/// Runs the export's read: `conn` is a read connection that nobody else uses.
pub(crate) fn export(
    conn: &mut Connection,
    q: &ExportQuery,
    visit: &mut dyn FnMut(&Tenant, ServiceState) -> Result<()>,
) -> Result<()> {
    let (tx, rx) = sync_channel::<Result<Chunk>>(IN_FLIGHT);
    let (back, spare) = sync_channel::<Chunk>(IN_FLIGHT + 2);
    std::thread::scope(|scope| {
        let reading = scope.spawn(move || {
            let out = in_transaction(conn, |conn| read(conn, q, &tx, &spare));
            if let Err(e) = out {
                // The parsing side has stopped if this fails, and has its own error.
                let _ = tx.send(Err(e));
            }
        });
        let parsed = parse(q, rx, back, visit);
        // The reader stops at its next chunk once `parse` has dropped its end.
        reading
            .join()
            .map_err(|_| invariant("the export's reading thread failed"))?;
        parsed
    })
}

fn in_transaction(conn: &Connection, f: impl FnOnce(&Connection) -> Result<()>) -> Result<()> {
    conn.execute_batch("BEGIN").map_err(backend)?;
    let out = f(conn);
    let end = conn.execute_batch(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
    out.and_then(|()| end.map_err(backend))
}

/// Steps the cursors and sends the records, a chunk at a time; stops quietly when the
/// parsing side has gone.
fn read(
    conn: &Connection,
    q: &ExportQuery,
    tx: &SyncSender<Result<Chunk>>,
    spare: &Receiver<Chunk>,
) -> Result<()> {
    let no = match &q.tenant {
        Some(t) => match live_tenant_no(conn, t)? {
            Some(no) => Some(no),
            None => return Ok(()),
        },
        None => None,
    };
    let (start, end) = no.map(tenant_keys).unwrap_or((i64::MIN, i64::MAX));
    let mut tenants = conn
        .prepare(
            "SELECT tenant_no, tenant_id, tenant_name FROM tenants
             WHERE removed = 0 AND (?1 IS NULL OR tenant_no = ?1) AND (?2 IS NULL OR org_id = ?2)
             ORDER BY tenant_no",
        )
        .map_err(backend)?;
    let mut services = conn
        .prepare(&format!(
            "SELECT tenant_no, {SERVICE_COLUMNS} FROM services
             WHERE removed = 0 AND svc_key >= ?1 AND svc_key < ?2 AND (?3 IS NULL OR service_no = ?3)
             ORDER BY svc_key"
        ))
        .map_err(backend)?;
    let mut s_cur = services
        .query(params![start, end, q.service.map(|s| s.index() as i64)])
        .map_err(backend)?;
    let mut t_cur = tenants.query(params![no, q.org]).map_err(backend)?;
    // The tenant the tenants cursor is on, whether its record has been sent yet.
    let mut tenant: Option<(i64, bool)> = None;
    let mut chunk = Chunk::default();
    'services: while let Some(r) = s_cur.next().map_err(backend)? {
        let no = r.int(0)?;
        while tenant.is_none_or(|t| t.0 < no) {
            let Some(x) = t_cur.next().map_err(backend)? else {
                break 'services;
            };
            tenant = Some((x.int(0)?, false));
        }
        match &mut tenant {
            Some((t, sent)) if *t == no => {
                if !*sent {
                    // The tenants cursor is still on this tenant's row.
                    let x = t_cur
                        .get()
                        .ok_or_else(|| invariant("the tenants cursor moved"))?;
                    chunk.push(Kind::Tenant, x, 1, width(Kind::Tenant))?;
                    *sent = true;
                }
            }
            _ => continue, // the tenant is removed, or of another organisation
        }
        chunk.push(Kind::Service, r, 1, width(Kind::Service))?;
        if chunk.records.len() >= CHUNK {
            let next = spare.try_recv().unwrap_or_default();
            if tx.send(Ok(std::mem::replace(&mut chunk, next))).is_err() {
                return Ok(());
            }
        }
    }
    if !chunk.records.is_empty() {
        let _ = tx.send(Ok(chunk));
    }
    Ok(())
}

/// Builds the services from the records and visits each, a tenant's in the order of their
/// codes; hands emptied chunks back for reuse.
fn parse(
    q: &ExportQuery,
    rx: Receiver<Result<Chunk>>,
    back: SyncSender<Chunk>,
    visit: &mut dyn FnMut(&Tenant, ServiceState) -> Result<()>,
) -> Result<()> {
    let mut tenant: Option<Tenant> = None;
    let mut services: Vec<ServiceState> = Vec::new();
    // An L1 (and L2) filter picks whole services that have such a row.
    let wanted = |s: &ServiceState| {
        q.l1.is_none_or(|l1| {
            s.rows
                .iter()
                .any(|r| r.l1 == l1 && q.l2.is_none_or(|l2| r.l2 == Some(l2)))
        })
    };
    let mut done = |tenant: &Option<Tenant>, services: &mut Vec<ServiceState>| -> Result<()> {
        services.sort_by_key(|s| s.service.code());
        match tenant {
            Some(t) => services
                .drain(..)
                .filter(|s| wanted(s))
                .try_for_each(|s| visit(t, s)),
            None => {
                services.clear();
                Ok(())
            }
        }
    };
    for chunk in rx {
        let mut chunk = chunk?;
        for i in 0..chunk.records.len() {
            let (kind, r) = chunk.record(i);
            match kind {
                Kind::Tenant => {
                    done(&tenant, &mut services)?;
                    tenant = Some(Tenant {
                        tenant_id: tenant_id(r.text(0)?.unwrap_or_default().to_owned())?,
                        tenant_name: r.text(1)?.unwrap_or_default().to_owned(),
                    });
                }
                Kind::Service => {
                    let t = tenant
                        .as_ref()
                        .ok_or_else(|| invariant("a service before its tenant"))?;
                    services.push(service_at(t.tenant_id.clone(), &r, 0)?);
                }
            }
        }
        chunk.clear();
        let _ = back.try_send(chunk);
    }
    done(&tenant, &mut services)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_widths_are_the_column_lists() {
        assert_eq!(width(Kind::Service), SERVICE_COLUMNS.split(',').count());
    }
}
