//! The point-read cache: tokens, sessions and single services, as last read, kept while
//! nothing has been written.
//!
//! Every entry carries the generation it was read in; a lookup only answers from an entry
//! of the current generation. The generation moves on
//! - at once when this process writes (the write connection's guard moves it when
//!   released, before the writer's caller hears "done"), and
//! - when another process has written, which a watch connection notices with
//!   `PRAGMA data_version`, asked at most once per [`WATCH_EVERY`] (so a change made by
//!   another process, such as `entrack token revoke`, is seen within that time).
//!
//! An entry is tagged with the generation seen *before* its read began, so a read that
//! raced with a write can never be kept as current.

use rusqlite::Connection;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

/// How long a change by another process may go unnoticed.
pub(crate) const WATCH_EVERY: Duration = Duration::from_millis(1);

/// Entries per map; a full map starts again empty.
const CAPACITY: usize = 16_384;

pub(crate) struct Generation {
    value: AtomicU64,
    /// Microseconds since `start` at the last look at `data_version`.
    watched_at: AtomicU64,
    start: Instant,
    watch: Mutex<Option<(Connection, i64)>>,
}

impl Generation {
    /// Without a watch connection, nothing read is trusted for longer than
    /// [`WATCH_EVERY`]; see [`Generation::watch_with`].
    pub(crate) fn new() -> Generation {
        Generation {
            value: AtomicU64::new(1),
            watched_at: AtomicU64::new(0),
            start: Instant::now(),
            watch: Mutex::new(None),
        }
    }

    /// Looks for writes of other processes on `conn` from now on.
    pub(crate) fn watch_with(&self, conn: Connection) {
        if let Some(v) = data_version(&conn) {
            *self.watch.lock().unwrap_or_else(|p| p.into_inner()) = Some((conn, v));
            self.bump();
        }
    }

    /// The generation as it is, without looking at other processes.
    pub(crate) fn peek(&self) -> u64 {
        self.value.load(Ordering::SeqCst)
    }

    /// Something was written: every entry read before is out of date.
    pub(crate) fn bump(&self) {
        self.value.fetch_add(1, Ordering::SeqCst);
    }

    /// The current generation, after looking for writes of other processes when the last
    /// look is older than [`WATCH_EVERY`].
    pub(crate) fn current(&self) -> u64 {
        let now = self.start.elapsed().as_micros() as u64;
        let last = self.watched_at.load(Ordering::Acquire);
        if now.saturating_sub(last) >= WATCH_EVERY.as_micros() as u64 {
            self.look(now);
        }
        self.value.load(Ordering::SeqCst)
    }

    fn look(&self, now: u64) {
        let mut watch = self.watch.lock().unwrap_or_else(|p| p.into_inner());
        // Another thread may have looked while this one waited.
        if now.saturating_sub(self.watched_at.load(Ordering::Acquire))
            < WATCH_EVERY.as_micros() as u64
        {
            return;
        }
        match watch.as_mut() {
            Some((conn, seen)) => match data_version(conn) {
                Some(v) if v == *seen => {}
                Some(v) => {
                    *seen = v;
                    self.bump();
                }
                // Cannot tell: trust nothing read before.
                None => self.bump(),
            },
            None => self.bump(),
        }
        self.watched_at
            .store(self.start.elapsed().as_micros() as u64, Ordering::Release);
    }
}

fn data_version(conn: &Connection) -> Option<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0)).ok()
}

/// One map of cached reads.
pub(crate) struct Cache<K, V> {
    map: RwLock<HashMap<K, (u64, V)>>,
}

impl<K: Eq + Hash, V: Clone> Default for Cache<K, V> {
    fn default() -> Self {
        Cache {
            map: RwLock::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    /// The cached value of `key` if read in generation `generation`, otherwise `read()`'s
    /// answer, kept for later when `keep` says it may be.
    pub(crate) fn get_or<E>(
        &self,
        generation: u64,
        key: K,
        keep: impl FnOnce(&V) -> bool,
        read: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        {
            let map = self.map.read().unwrap_or_else(|p| p.into_inner());
            if let Some((g, v)) = map.get(&key) {
                if *g == generation {
                    return Ok(v.clone());
                }
            }
        }
        let v = read()?;
        if keep(&v) {
            let mut map = self.map.write().unwrap_or_else(|p| p.into_inner());
            if map.len() >= CAPACITY {
                map.clear();
            }
            map.insert(key, (generation, v.clone()));
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_of_an_older_generation_is_read_again() {
        let g = Generation::new();
        let c: Cache<u8, u32> = Cache::default();
        let gen = g.value.load(Ordering::SeqCst);
        assert_eq!(c.get_or::<()>(gen, 1, |_| true, || Ok(10)), Ok(10));
        assert_eq!(
            c.get_or::<()>(gen, 1, |_| true, || panic!("cached")),
            Ok(10)
        );
        g.bump();
        let gen = g.value.load(Ordering::SeqCst);
        assert_eq!(c.get_or::<()>(gen, 1, |_| true, || Ok(11)), Ok(11));
        // Not kept: read every time.
        assert_eq!(c.get_or::<()>(gen, 2, |_| false, || Ok(1)), Ok(1));
        assert_eq!(c.get_or::<()>(gen, 2, |_| false, || Ok(2)), Ok(2));
    }

    #[test]
    fn without_a_watch_connection_nothing_is_trusted_for_long() {
        let g = Generation::new();
        let a = g.current();
        std::thread::sleep(WATCH_EVERY * 2);
        assert!(g.current() > a);
    }
}
