//! Moving a whole store to another (`entrack migrate-store`): every backend writes what it
//! holds as [`Record`]s ([`Store::dump`](crate::Store::dump)) and reads them into an empty
//! store of its own kind ([`Store::load`](crate::Store::load)). Local numbers (tenant
//! numbers, event sequence numbers, user, token and assignment ids) travel with the
//! records, so history, batches and assignments point where they pointed before.
//! Sessions do not move: users sign in again.

use crate::accounts::{ApiToken, Assignment, SecretHash, Stored, User};
use crate::{Batch, OrgId, Result, Store, StoreError, UserId};
use entrack_core::history::Event;
use entrack_core::{ServiceState, Tenant};
use jiff::Timestamp;

/// One stored thing, in the order a dump gives them: organisations, tenants, services
/// (with their rows), events, batches, users, tokens, assignments, the assignment log,
/// idempotency records.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Org {
        id: OrgId,
        name: String,
        created_at: Timestamp,
        allow_poor_notes: bool,
    },
    Tenant {
        no: i64,
        tenant: Tenant,
        org: OrgId,
        removed: bool,
    },
    /// A service with its rows (none when removed) and the digest as stored; `since`: when
    /// each row got its status (unix seconds), by row path (`l1/l2/l3`), in path order, for
    /// the rows that have it recorded.
    Service {
        no: i64,
        state: ServiceState,
        removed: bool,
        digest: Option<Vec<u8>>,
        since: Vec<(String, i64)>,
    },
    Event {
        no: i64,
        event: Event,
    },
    Batch(Batch),
    User {
        user: User,
        created_at: Timestamp,
    },
    /// A user's active second factor (a pending enrolment is not moved).
    SecondFactor {
        user: UserId,
        secret: Vec<u8>,
        last_step: i64,
    },
    Token {
        token: ApiToken,
        hash: SecretHash,
    },
    Assignment {
        no: i64,
        assignment: Assignment,
    },
    AssignmentLog(LogLine),
    Idempotency {
        user: UserId,
        key: String,
        stored: Stored,
    },
}

/// A service's `since` as a [`Record::Service`] carries it, from the rows' own instants
/// (in the order of `state.rows`; `None` where none is recorded).
pub fn since_by_path(state: &ServiceState, at: Vec<Option<i64>>) -> Vec<(String, i64)> {
    let mut since: Vec<(String, i64)> = state
        .rows
        .iter()
        .zip(at)
        .filter_map(|(row, at)| at.map(|at| (row.key().path(), at)))
        .collect();
    since.sort();
    since
}

impl Record {
    /// What the record is, for messages.
    pub fn describe(&self) -> String {
        match self {
            Record::Org { id, .. } => format!("organisation {id}"),
            Record::Tenant { tenant, .. } => format!("tenant {}", tenant.tenant_id),
            Record::Service { state, .. } => {
                format!("{} of tenant {}", state.service.code(), state.tenant_id)
            }
            Record::Event { event, .. } => format!("event {}", event.seq),
            Record::Batch(b) => format!("batch {}", b.id),
            Record::User { user, .. } => format!("user {}", user.username),
            Record::SecondFactor { user, .. } => format!("second factor of user {user}"),
            Record::Token { token, .. } => format!("token {}", token.id),
            Record::Assignment { assignment, .. } => format!("assignment {}", assignment.id),
            Record::AssignmentLog(l) => format!("assignment log line {}", l.seq),
            Record::Idempotency { key, .. } => format!("idempotency key {key}"),
        }
    }
}

/// Sends batches in the order every backend dumps them: by time, then id (an undo comes
/// after the batch it undoes).
pub fn sink_batches(
    mut batches: Vec<Batch>,
    sink: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    batches.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    for b in batches {
        sink(Record::Batch(b))?;
    }
    Ok(())
}

/// One line of the assignment log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub seq: i64,
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub no: i64,
    pub user: UserId,
    pub role: String,
    pub service: String,
    pub primary: bool,
}

/// What was moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moved {
    pub orgs: u64,
    pub tenants: u64,
    pub services: u64,
    pub rows: u64,
    pub events: u64,
    pub batches: u64,
    pub users: u64,
    pub other: u64,
    /// BLAKE3 of every record in order: equal on both sides when nothing was lost.
    pub fingerprint: String,
}

impl Moved {
    fn count(&mut self, r: &Record, hash: &mut blake3::Hasher) {
        match r {
            Record::Org { .. } => self.orgs += 1,
            Record::Tenant { .. } => self.tenants += 1,
            Record::Service { state, .. } => {
                self.services += 1;
                self.rows += state.rows.len() as u64;
            }
            Record::Event { .. } => self.events += 1,
            Record::Batch(_) => self.batches += 1,
            Record::User { .. } => self.users += 1,
            _ => self.other += 1,
        }
        hash.update(format!("{r:?}\n").as_bytes());
    }
}

/// Reads every record of `store` and counts and fingerprints them.
pub fn survey(store: &dyn Store) -> Result<Moved> {
    let mut moved = Moved::default();
    let mut hash = blake3::Hasher::new();
    store.dump(&mut |r| {
        moved.count(&r, &mut hash);
        Ok(())
    })?;
    moved.fingerprint = hash.finalize().to_hex().to_string();
    Ok(moved)
}

/// Copies everything `from` holds into `to`, which must be empty, then reads `to` back:
/// the copy is kept (it is one transaction) only if both sides give the same records.
/// `progress` hears the number of records copied now and then.
pub fn migrate(from: &dyn Store, to: &dyn Store, progress: &mut dyn FnMut(u64)) -> Result<Moved> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Record>>(4096);
    let mut moved = Moved::default();
    let mut hash = blake3::Hasher::new();
    let loaded = std::thread::scope(|scope| {
        // Owned here: dropped when loading ends, so a dump still sending stops too.
        let rx = rx;
        scope.spawn(move || {
            let sent = from.dump(&mut |r| {
                tx.send(Ok(r))
                    .map_err(|_| StoreError::Backend("the copy stopped".into()))
            });
            if let Err(e) = sent {
                let _ = tx.send(Err(e));
            }
        });
        let mut n = 0u64;
        let moved = &mut moved;
        let hash = &mut hash;
        let out = to.load(&mut || match rx.recv() {
            Ok(Ok(r)) => {
                moved.count(&r, hash);
                n += 1;
                if n.is_multiple_of(10_000) {
                    progress(n);
                }
                Ok(Some(r))
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Ok(None),
        });
        drop(rx);
        out
    });
    loaded?;
    moved.fingerprint = hash.finalize().to_hex().to_string();
    let check = survey(to)?;
    if check != moved {
        return Err(StoreError::Invariant(format!(
            "the copy differs from the original after loading ({moved:?} read, {check:?} found)"
        )));
    }
    Ok(moved)
}
