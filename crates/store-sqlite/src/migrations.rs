//! Embedded migrations, applied in order on open. A released migration is never edited: its
//! checksum is recorded when applied, and a store whose recorded checksum differs refuses
//! to open.

use rusqlite::{params, Connection, OptionalExtension};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    /// The migration's SQL; where it has a line `-- @step`, `step` runs there.
    pub sql: &'static str,
    /// What SQL alone cannot do (packing rows), between the two halves of `sql`.
    pub step: Option<Step>,
}

/// A migration's code: runs inside the migration's transaction.
pub type Step = fn(&rusqlite::Transaction<'_>) -> Result<(), MigrateError>;

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
        name: "0002_bulk",
        sql: include_str!("../migrations/0002_bulk.sql"),
        step: None,
    },
    Migration {
        version: 3,
        name: "0003_accounts",
        sql: include_str!("../migrations/0003_accounts.sql"),
        step: None,
    },
    Migration {
        version: 4,
        name: "0004_notes",
        sql: include_str!("../migrations/0004_notes.sql"),
        step: None,
    },
    Migration {
        version: 5,
        name: "0005_since",
        sql: include_str!("../migrations/0005_since.sql"),
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
];

/// FNV-1a 64 of the migration text: a fingerprint, not a security measure.
pub fn checksum(sql: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in sql.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[derive(Debug)]
pub enum MigrateError {
    Sql(rusqlite::Error),
    Edited {
        name: String,
    },
    TooNew {
        found: i64,
        known: i64,
    },
    /// Stored data a migration's code cannot carry over.
    Data(String),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        MigrateError::Sql(e)
    }
}

pub fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL
        ) STRICT;",
    )?;
    let known = MIGRATIONS.last().map(|m| m.version).unwrap_or(0);
    let found: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    if found > known {
        return Err(MigrateError::TooNew { found, known });
    }
    for m in MIGRATIONS {
        let recorded: Option<String> = conn
            .query_row(
                "SELECT checksum FROM schema_migrations WHERE version = ?1",
                [m.version],
                |r| r.get(0),
            )
            .optional()?;
        match recorded {
            Some(sum) if sum == checksum(m.sql) => {}
            Some(_) => {
                return Err(MigrateError::Edited {
                    name: m.name.to_string(),
                })
            }
            None => {
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                // Another process may have applied it while we waited for the write lock.
                let applied: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)",
                    [m.version],
                    |r| r.get(0),
                )?;
                if applied {
                    continue;
                }
                match (m.sql.split_once(STEP), m.step) {
                    (Some((before, after)), Some(step)) => {
                        tx.execute_batch(before)?;
                        step(&tx)?;
                        tx.execute_batch(after)?;
                    }
                    (None, None) => tx.execute_batch(m.sql)?,
                    _ => {
                        return Err(MigrateError::Data(format!(
                            "migration {} has a step without its place, or the other way round",
                            m.name
                        )))
                    }
                }
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)",
                    params![m.version, m.name, checksum(m.sql), jiff::Timestamp::now().to_string()],
                )?;
                tx.commit()?;
            }
        }
    }
    Ok(())
}
