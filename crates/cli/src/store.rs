//! Which store `--db` / `ENTRACK_DB` names: a file path or `sqlite://PATH` is the embedded
//! store, `postgres://…` or `postgresql://…` a PostgreSQL database; anything else with a
//! scheme is refused with the list of accepted ones.

use crate::Failure;
use entrack_core::messages::text;
use entrack_core::Lang;
use entrack_store::Store;
use entrack_store_postgres::PgStore;
use entrack_store_sqlite::SqliteStore;
use std::sync::Arc;

/// An opened store of either kind.
pub enum Opened {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

/// Where a `--db` value points.
#[derive(Debug, PartialEq, Eq)]
pub enum Target<'a> {
    Sqlite(&'a str),
    Postgres(&'a str),
}

/// Reads a `--db` value; `Err` holds the unknown scheme.
pub fn target(db: &str) -> Result<Target<'_>, &str> {
    match db.split_once("://") {
        Some(("sqlite", path)) => Ok(Target::Sqlite(path)),
        Some(("postgres" | "postgresql", _)) => Ok(Target::Postgres(db)),
        // A Windows path such as C:\x has no "://"; anything else with one is a scheme.
        Some((scheme, _))
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            Err(scheme)
        }
        _ => Ok(Target::Sqlite(db)),
    }
}

impl Opened {
    pub fn open(db: &str, lang: Lang) -> Result<Opened, Failure> {
        match target(db) {
            Ok(Target::Sqlite(path)) => SqliteStore::open(path).map(Opened::Sqlite),
            Ok(Target::Postgres(url)) => PgStore::open(url).map(Opened::Postgres),
            Err(scheme) => {
                return Err(Failure::Usage(text(
                    lang,
                    "err-db-scheme",
                    &[("scheme", scheme.to_string())],
                )))
            }
        }
        .map_err(|e| Failure::from_store(e, lang))
    }

    pub fn store(&self) -> &dyn Store {
        match self {
            Opened::Sqlite(s) => s,
            Opened::Postgres(s) => s,
        }
    }

    /// Where the store is, for messages (a PostgreSQL password left out).
    pub fn describe(&self) -> String {
        match self {
            Opened::Sqlite(s) => s.path().display().to_string(),
            Opened::Postgres(s) => s.target().to_string(),
        }
    }

    /// The schema version the store is at.
    pub fn schema_version(&self) -> usize {
        match self {
            Opened::Sqlite(_) => entrack_store_sqlite::MIGRATIONS.len(),
            Opened::Postgres(_) => entrack_store_postgres::MIGRATIONS.len(),
        }
    }

    /// Prepares the store for a long-running server and hands it over.
    pub fn into_server(self) -> Result<Arc<dyn Store>, entrack_store::StoreError> {
        Ok(match self {
            Opened::Sqlite(s) => {
                s.serve_mode()?;
                Arc::new(s)
            }
            Opened::Postgres(s) => Arc::new(s),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_db_value_names_its_store() {
        assert_eq!(target("entrack.db"), Ok(Target::Sqlite("entrack.db")));
        assert_eq!(target("/var/x.db"), Ok(Target::Sqlite("/var/x.db")));
        assert_eq!(
            target("sqlite:///var/x.db"),
            Ok(Target::Sqlite("/var/x.db"))
        );
        assert_eq!(target("sqlite://x.db"), Ok(Target::Sqlite("x.db")));
        let pg = "postgres://u@127.0.0.1:5432/db";
        assert_eq!(target(pg), Ok(Target::Postgres(pg)));
        let pg = "postgresql://u@h/db?sslmode=disable";
        assert_eq!(target(pg), Ok(Target::Postgres(pg)));
        assert_eq!(target("mysql://u@h/db"), Err("mysql"));
        assert_eq!(target("redis://h"), Err("redis"));
    }
}
