//! Group commit: commits that arrive while another is being written wait for it, then go
//! together in the next transaction, each inside its own savepoint. The group pays for one
//! `fsync`; a commit that fails (a stale version, a broken rule of the database) is rolled
//! back to its savepoint alone, and nobody hears "done" before the group is durable.

use entrack_core::history::Event;
use entrack_store::{Result, StoreError, Write};
use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

type Outcome = Result<Vec<Event>>;

#[derive(Default)]
struct State {
    next: u64,
    queue: Vec<(u64, Vec<Write>)>,
    results: HashMap<u64, Outcome>,
    leading: bool,
}

#[derive(Default)]
pub(crate) struct Group {
    state: Mutex<State>,
    done: Condvar,
}

/// Hands a leader's results over even when writing panicked, so nobody waits forever.
struct Leading<'g> {
    group: &'g Group,
    /// The leader itself, who hears of a panic by unwinding.
    own: u64,
    ids: Vec<u64>,
    results: Option<Vec<(u64, Outcome)>>,
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        let mut st = self.group.lock();
        match self.results.take() {
            Some(results) => st.results.extend(results),
            None => {
                for id in self.ids.drain(..).filter(|id| *id != self.own) {
                    st.results.insert(
                        id,
                        Err(StoreError::Backend("the write was interrupted".into())),
                    );
                }
            }
        }
        st.leading = false;
        self.group.done.notify_all();
    }
}

impl Group {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Commits `writes` together with whatever else is waiting; `run` writes one group
    /// and answers for each of its members.
    pub(crate) fn commit(
        &self,
        writes: Vec<Write>,
        run: impl Fn(Vec<(u64, Vec<Write>)>) -> Vec<(u64, Outcome)>,
    ) -> Outcome {
        let mut st = self.lock();
        let id = st.next;
        st.next += 1;
        st.queue.push((id, writes));
        loop {
            if let Some(r) = st.results.remove(&id) {
                return r;
            }
            if !st.leading {
                st.leading = true;
                let members = std::mem::take(&mut st.queue);
                drop(st);
                let mut leading = Leading {
                    group: self,
                    own: id,
                    ids: members.iter().map(|(id, _)| *id).collect(),
                    results: None,
                };
                leading.results = Some(run(members));
                drop(leading);
                st = self.lock();
                continue;
            }
            st = self.done.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn every_commit_gets_its_own_answer_and_waiting_ones_share_a_group() {
        let group = Arc::new(Group::default());
        let groups = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..16)
            .map(|i| {
                let group = group.clone();
                let groups = groups.clone();
                std::thread::spawn(move || {
                    let tenant =
                        entrack_core::TenantId::parse(&format!("00000000-0000-4000-8000-{i:012x}"))
                            .unwrap();
                    let event = Event {
                        seq: 0,
                        at: jiff::Timestamp::UNIX_EPOCH,
                        actor: "t".into(),
                        source: entrack_core::history::Source::Api,
                        tenant_id: tenant.clone(),
                        service: None,
                        kind: entrack_core::history::EventKind::TenantCreated,
                        version: 1,
                        changes: Vec::new(),
                        batch: None,
                    };
                    let writes = vec![Write::RemoveTenant { tenant, event }];
                    let waiting = group.clone();
                    group
                        .commit(writes, |members| {
                            // The first group holds on until all others have queued
                            // behind it, so they must go together in the second.
                            if groups.fetch_add(1, Ordering::SeqCst) == 0 {
                                while waiting.lock().queue.len() < 16 - members.len() {
                                    std::thread::yield_now();
                                }
                            }
                            members
                                .into_iter()
                                .map(|(id, w)| match &w[0] {
                                    Write::RemoveTenant { tenant, .. }
                                        if tenant.as_str().ends_with('3') =>
                                    {
                                        (id, Err(StoreError::NotFound(tenant.to_string())))
                                    }
                                    Write::RemoveTenant { event, .. } => {
                                        (id, Ok(vec![event.clone()]))
                                    }
                                    _ => unreachable!(),
                                })
                                .collect()
                        })
                        .map(|e| e.len())
                        .map_err(|e| e.to_string())
                        .map(|n| (i, n))
                })
            })
            .collect();
        for t in threads {
            match t.join().unwrap() {
                Ok((i, n)) => {
                    assert_ne!(i, 3);
                    assert_eq!(n, 1)
                }
                Err(e) => assert!(e.contains("000000000003"), "{e}"),
            }
        }
        assert_eq!(
            groups.load(Ordering::SeqCst),
            2,
            "the waiting commits share one group"
        );
    }

    #[test]
    fn a_panicking_writer_does_not_leave_the_others_waiting() {
        let group = Group::default();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            group.commit(Vec::new(), |_| panic!("disk on fire"))
        }));
        assert!(r.is_err());
        assert!(group.lock().results.is_empty(), "no answer is left behind");
        let ok = group.commit(Vec::new(), |m| {
            m.into_iter().map(|(id, _)| (id, Ok(Vec::new()))).collect()
        });
        assert!(ok.unwrap().is_empty());
    }
}
