//! The shared conformance suite on the embedded store, plus what only SQLite can show.

use entrack_store_sqlite::SqliteStore;
use tempfile::TempDir;

struct Fresh {
    store: SqliteStore,
    _dir: TempDir,
}

impl std::ops::Deref for Fresh {
    type Target = SqliteStore;
    fn deref(&self) -> &SqliteStore {
        &self.store
    }
}

fn fresh() -> Fresh {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("entrack.db")).expect("open store");
    Fresh { store, _dir: dir }
}

mod suite {
    use super::*;
    entrack_store::conformance_tests!(fresh());
}
