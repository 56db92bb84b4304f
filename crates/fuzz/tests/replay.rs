//! Replays every stored input of every fuzz target: the corpora (`corpus/<target>/`) and
//! the inputs that once made a target fail (`regressions/<target>/`). A failure names the
//! target and the file.

use entrack_fuzz::{data_dir, TARGETS};
use std::panic::{catch_unwind, AssertUnwindSafe};

fn inputs(kind: &str, target: &str) -> Vec<std::path::PathBuf> {
    let dir = data_dir().join(kind).join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(kind: &str) -> usize {
    let mut failures = Vec::new();
    let mut count = 0;
    for t in TARGETS {
        for path in inputs(kind, t.name) {
            let data = std::fs::read(&path).expect("a stored input");
            count += 1;
            if let Err(e) = catch_unwind(AssertUnwindSafe(|| (t.run)(&data))) {
                let why = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{} {}: {why}", t.name, path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    count
}

#[test]
fn every_target_has_a_corpus_and_every_stored_input_passes() {
    for t in TARGETS {
        assert!(
            !inputs("corpus", t.name).is_empty(),
            "no corpus for {}",
            t.name
        );
    }
    let n = replay("corpus");
    eprintln!("{n} corpus inputs replayed");
}

#[test]
fn every_input_that_once_failed_passes() {
    let n = replay("regressions");
    eprintln!("{n} regression inputs replayed");
}
