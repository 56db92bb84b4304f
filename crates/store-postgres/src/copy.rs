//! The bulk path: new tenants, services, status rows and events gathered in COPY text
//! format and sent with `COPY … FROM STDIN` in the bulk transaction, in an order that keeps
//! every reference valid (tenants, services, rows, events). Tenant numbers and event
//! sequence numbers are drawn from their sequences in blocks beforehand, so nothing needs
//! to come back from the database.

use crate::{backend, get, int, invariant, is_code, nanos};
use entrack_core::digest::Digest;
use entrack_core::history::Event;
use entrack_core::{ServiceState, Tenant};
use entrack_store::{OrgId, Result, StoreError};
use postgres::error::SqlState;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;

/// Numbers drawn from a sequence at a time.
const BLOCK: i64 = 4096;

/// Buffered bytes after which the buffers are sent.
const FLUSH_AT: usize = 16 << 20;

#[derive(Default)]
pub(crate) struct Buffers {
    tenants: String,
    services: String,
    rows: String,
    events: String,
    tenant_nos: Vec<i64>,
    seqs: Vec<i64>,
    /// Tenant ids of removed tenants (a create brings them back the usual way).
    removed: Option<HashSet<String>>,
    /// Organisations known to exist.
    orgs: HashSet<OrgId>,
}

/// Appends one text value in COPY text format.
fn text(out: &mut String, v: &str) {
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn opt(out: &mut String, v: Option<&str>) {
    match v {
        Some(v) => text(out, v),
        None => out.push_str("\\N"),
    }
}

fn opt_display(out: &mut String, v: Option<impl std::fmt::Display>) {
    match v {
        Some(v) => {
            let _ = write!(out, "{v}");
        }
        None => out.push_str("\\N"),
    }
}

fn draw(
    tx: &mut postgres::Transaction<'_>,
    pool: &mut Vec<i64>,
    table: &str,
    column: &str,
) -> Result<i64> {
    if pool.is_empty() {
        let rows = tx
            .query(
                "SELECT nextval(pg_get_serial_sequence($1, $2)) FROM generate_series(1, $3::bigint)",
                &[&table, &column, &BLOCK],
            )
            .map_err(backend)?;
        for r in rows.iter().rev() {
            pool.push(get(r, 0)?);
        }
    }
    pool.pop()
        .ok_or_else(|| invariant("no numbers left in a sequence"))
}

impl Buffers {
    /// Buffers a tenant that is new to the store and returns its number; `None` when the
    /// tenant exists removed and must come back through the usual statement.
    pub(crate) fn new_tenant(
        &mut self,
        tx: &mut postgres::Transaction<'_>,
        t: &Tenant,
        org: OrgId,
    ) -> Result<Option<i64>> {
        if self.removed.is_none() {
            let rows = tx
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
            let found = tx
                .query_opt("SELECT 1 FROM organisations WHERE org_id = $1", &[&org])
                .map_err(backend)?
                .is_some();
            if !found {
                return Err(StoreError::NotFound(format!("organisation {org}")));
            }
            self.orgs.insert(org);
        }
        let no = draw(tx, &mut self.tenant_nos, "tenants", "tenant_no")?;
        self.tenant_line(no, t, org, false);
        Ok(Some(no))
    }

    /// Buffers a tenant under a number of its own.
    pub(crate) fn tenant_line(&mut self, no: i64, t: &Tenant, org: OrgId, removed: bool) {
        let b = &mut self.tenants;
        let _ = write!(b, "{no}\t");
        text(b, t.tenant_id.as_str());
        b.push('\t');
        text(b, &t.tenant_name);
        let _ = writeln!(b, "\t{org}\t{}", if removed { 't' } else { 'f' });
    }

    /// Buffers a new service with its rows.
    pub(crate) fn service(
        &mut self,
        no: i64,
        s: &ServiceState,
        digest: &Digest,
        file: Option<&Digest>,
        now: i64,
    ) -> Result<()> {
        let digests = (Some(&digest[..]), file.map(|d| &d[..]));
        self.service_line(no, s, digests, false, &|_| Some(now))
    }

    /// Buffers a service (removed or not) with its rows, its stored digest and file digest.
    pub(crate) fn service_line(
        &mut self,
        no: i64,
        s: &ServiceState,
        (digest, file): (Option<&[u8]>, Option<&[u8]>),
        removed: bool,
        since: &dyn Fn(&str) -> Option<i64>,
    ) -> Result<()> {
        let code = s.service.code();
        let b = &mut self.services;
        let _ = write!(b, "{no}\t{code}\t{}\t", int(s.total_entitlements)?);
        opt(b, s.scenario.map(|x| x.code()));
        b.push('\t');
        text(b, s.engagement_scenario.code());
        b.push('\t');
        opt(b, s.service_status.map(|x| x.code()));
        b.push('\t');
        opt_display(b, s.engagement_start_date);
        b.push('\t');
        opt_display(b, s.review.map(|r| r.to_string()));
        let _ = write!(b, "\t{}\t", int(s.version)?);
        bytea(b, digest);
        let _ = write!(b, "\t{}\t", if removed { 't' } else { 'f' });
        bytea(b, file);
        b.push('\n');
        for r in &s.rows {
            let key = r.key();
            let b = &mut self.rows;
            let _ = write!(
                b,
                "{no}\t{code}\t{}\t{}\t{}\t{}\t",
                r.l1.code(),
                key.l2.map(|x| x.code()).unwrap_or(""),
                r.l3.map(|x| x.code()).unwrap_or(""),
                int(r.entitlements)?
            );
            opt_display(b, r.target_date);
            b.push('\t');
            opt(b, r.owner.as_deref());
            b.push('\t');
            opt(b, r.note.as_deref());
            b.push('\t');
            opt(b, r.next_action.as_deref());
            b.push('\t');
            opt_display(b, r.next_action_date);
            b.push('\t');
            opt_display(b, since(&key.path()));
            b.push('\n');
        }
        Ok(())
    }

    /// Buffers an event; returns its sequence number.
    pub(crate) fn event(
        &mut self,
        tx: &mut postgres::Transaction<'_>,
        no: i64,
        e: &Event,
        changes: &str,
    ) -> Result<i64> {
        let seq = draw(tx, &mut self.seqs, "events", "seq")?;
        self.event_line(seq, no, e, changes)?;
        if self.size() >= FLUSH_AT {
            self.flush(tx)?;
        }
        Ok(seq)
    }

    /// Buffers an event under a sequence number of its own.
    pub(crate) fn event_line(&mut self, seq: i64, no: i64, e: &Event, changes: &str) -> Result<()> {
        let b = &mut self.events;
        let _ = write!(b, "{seq}\t{}\t", nanos(e.at));
        text(b, &e.actor);
        let _ = write!(b, "\t{}\t{no}\t", e.source.code());
        opt(b, e.service.as_deref());
        let _ = write!(b, "\t{}\t{}\t", e.kind.code(), int(e.version)?);
        text(b, changes);
        b.push('\t');
        opt(b, e.batch.as_deref());
        b.push('\n');
        Ok(())
    }

    /// Whether the buffers should be sent.
    pub(crate) fn full(&self) -> bool {
        self.size() >= FLUSH_AT
    }

    fn size(&self) -> usize {
        self.tenants.len() + self.services.len() + self.rows.len() + self.events.len()
    }

    /// Sends everything buffered.
    pub(crate) fn flush(&mut self, tx: &mut postgres::Transaction<'_>) -> Result<()> {
        let tables = [
            (
                &mut self.tenants,
                "COPY tenants (tenant_no, tenant_id, tenant_name, org_id, removed) FROM STDIN",
                "tenant",
            ),
            (
                &mut self.services,
                "COPY services (tenant_no, service, total_entitlements, scenario, engagement_scenario,
                 service_status, engagement_start_date, review, version, digest, removed, file_digest) FROM STDIN",
                "service",
            ),
            (
                &mut self.rows,
                "COPY status_rows (tenant_no, service, l1, l2, l3, entitlements, target_date, owner,
                 note, next_action, next_action_date, since) FROM STDIN",
                "status row",
            ),
            (
                &mut self.events,
                "COPY events (seq, at, actor, source, tenant_no, service, kind, version, changes, batch) FROM STDIN",
                "event",
            ),
        ];
        for (buf, sql, what) in tables {
            if buf.is_empty() {
                continue;
            }
            let sent = (|| {
                let mut w = tx.copy_in(sql)?;
                // A failed write fails the copy; `finish` says why.
                let _ = w.write_all(buf.as_bytes());
                w.finish()
            })();
            buf.clear();
            sent.map_err(|e| {
                if is_code(&e, &SqlState::UNIQUE_VIOLATION) {
                    let detail = e
                        .as_db_error()
                        .and_then(|d| d.detail().map(str::to_owned))
                        .unwrap_or_default();
                    StoreError::AlreadyExists(format!("a {what} ({detail})"))
                } else {
                    backend(e)
                }
            })?;
        }
        Ok(())
    }
}

/// A `bytea` value in COPY text: `\\x` and hex, or NULL.
fn bytea(b: &mut String, v: Option<&[u8]>) {
    match v {
        Some(bytes) => {
            b.push_str("\\\\x");
            for byte in bytes {
                let _ = write!(b, "{byte:02x}");
            }
        }
        None => b.push_str("\\N"),
    }
}
