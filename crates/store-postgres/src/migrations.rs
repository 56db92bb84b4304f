//! Migrations, applied in order when a store opens, under an advisory lock so that
//! several servers starting together migrate once. A released migration is never
//! edited: its checksum is recorded, and a database whose record differs is refused.

use postgres::Client;

pub struct Migration {
    pub version: i32,
    pub name: &'static str,
    /// The migration's SQL; where it has a line `-- @step`, `step` runs there.
    pub sql: &'static str,
    /// What SQL alone cannot do (packing rows), between the two halves of `sql`.
    pub step: Option<Step>,
}

/// A migration's code: runs inside the migration's transaction.
pub type Step = fn(&mut postgres::Transaction<'_>) -> Result<(), MigrateError>;

/// Where a migration's code runs between its SQL halves.
const STEP: &str = "-- @step";

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_initial",
        sql: include_str!("../migrations/0001_initial.sql"),
        step: None,
    },
    Migration {
        version: 2,
        name: "0002_notes",
        sql: include_str!("../migrations/0002_notes.sql"),
        step: None,
    },
    Migration {
        version: 3,
        name: "0003_since",
        sql: include_str!("../migrations/0003_since.sql"),
        step: None,
    },
    Migration {
        version: 4,
        name: "0004_list_order",
        sql: include_str!("../migrations/0004_list_order.sql"),
        step: None,
    },
    Migration {
        version: 5,
        name: "0005_search",
        sql: include_str!("../migrations/0005_search.sql"),
        step: None,
    },
    Migration {
        version: 6,
        name: "0006_sessions_factors",
        sql: include_str!("../migrations/0006_sessions_factors.sql"),
        step: None,
    },
    Migration {
        version: 7,
        name: "0007_file_digest",
        sql: include_str!("../migrations/0007_file_digest.sql"),
        step: None,
    },
    Migration {
        version: 8,
        name: "0008_packed",
        sql: include_str!("../migrations/0008_packed.sql"),
        step: Some(crate::repack::run),
    },
    Migration {
        version: 9,
        name: "0009_tenant_statistics",
        sql: include_str!("../migrations/0009_tenant_statistics.sql"),
        step: None,
    },
];

/// Any number, the same in every entrack process: the lock that serialises migrations.
const LOCK: i64 = 0x656e_7472_6163_6b00;

#[derive(Debug)]
pub enum MigrateError {
    Sql(postgres::Error),
    Edited {
        name: String,
    },
    TooNew {
        found: i32,
        known: i32,
    },
    /// Stored data a migration's code cannot carry over.
    Data(String),
}

impl From<postgres::Error> for MigrateError {
    fn from(e: postgres::Error) -> Self {
        MigrateError::Sql(e)
    }
}

/// The fingerprint of a migration's text, as recorded when it is applied.
pub fn checksum(sql: &str) -> String {
    blake3::hash(sql.as_bytes()).to_hex()[..16].to_string()
}

pub fn migrate(conn: &mut Client) -> Result<(), MigrateError> {
    let mut tx = conn.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL
        )",
    )?;
    let known = MIGRATIONS.last().map(|m| m.version).unwrap_or(0);
    let applied: Vec<(i32, String, String)> = tx
        .query(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            &[],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    if let Some((found, _, _)) = applied.last() {
        if *found > known {
            return Err(MigrateError::TooNew {
                found: *found,
                known,
            });
        }
    }
    for m in MIGRATIONS {
        match applied.iter().find(|(v, _, _)| *v == m.version) {
            Some((_, _, sum)) if *sum != checksum(m.sql) => {
                return Err(MigrateError::Edited {
                    name: m.name.to_string(),
                })
            }
            Some(_) => {}
            None => {
                match (m.sql.split_once(STEP), m.step) {
                    (Some((before, after)), Some(step)) => {
                        tx.batch_execute(before)?;
                        step(&mut tx)?;
                        tx.batch_execute(after)?;
                    }
                    (None, None) => tx.batch_execute(m.sql)?,
                    _ => {
                        return Err(MigrateError::Data(format!(
                            "migration {} has a step without its place, or the other way round",
                            m.name
                        )))
                    }
                }
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, now())",
                    &[&m.version, &m.name, &checksum(m.sql)],
                )?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}
