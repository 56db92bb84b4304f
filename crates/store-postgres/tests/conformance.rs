//! The shared conformance suite on PostgreSQL, plus what only a database server shows.
//! Runs when `ENTRACK_TEST_POSTGRES` names a server (`.ci/run` sets it); each test gets a
//! schema of its own. With the variable set, a server that cannot be reached fails the
//! tests instead of skipping them.

use entrack_store_postgres::{PgStore, Scratch};

struct Fresh {
    store: PgStore,
    _scratch: Scratch,
}

impl std::ops::Deref for Fresh {
    type Target = PgStore;
    fn deref(&self) -> &PgStore {
        &self.store
    }
}

fn fresh() -> Option<Fresh> {
    let base = std::env::var("ENTRACK_TEST_POSTGRES").ok()?;
    let scratch = Scratch::create(&base).unwrap_or_else(|e| panic!("ENTRACK_TEST_POSTGRES: {e}"));
    let store = PgStore::open(&scratch.url).expect("open store");
    Some(Fresh {
        store,
        _scratch: scratch,
    })
}

mod suite {
    use super::*;
    entrack_store::conformance_tests!(optional fresh());
}
