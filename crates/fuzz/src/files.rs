//! Whole files as a user hands them over: a status file (CSV or XLSX) and an entitlement
//! feed, each checked in a dry run against a store that already holds a few tenants, so
//! that rows create, change and keep services.

use entrack_bulk::feed::{feed as run_feed, FeedOptions};
use entrack_bulk::import::{import, ImportOptions};
use entrack_bulk::FileError;
use entrack_core::change::Meta;
use entrack_core::history::Source;
use entrack_core::Lang;
use entrack_store::ops::Ctx;
use entrack_store::Store;
use entrack_store_sqlite::SqliteStore;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Two tenants with forty status rows between them, imported once per process.
pub(crate) const SEED: &str = include_str!("../data/seed.csv");

struct Fixture {
    store: SqliteStore,
    dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteStore::open(dir.path().join("fuzz.db")).expect("a fresh store");
        let seed = dir.path().join("seed.csv");
        std::fs::write(&seed, SEED).expect("the seed file");
        self::seed(&store, &seed);
        Fixture { store, dir }
    })
}

/// Imports the seed file.
pub(crate) fn seed(store: &dyn Store, path: &Path) {
    let done =
        import(store, path, &import_options(false, false, Lang::En)).expect("the seed imports");
    assert!(done.summary.written, "the seed imports: {:?}", done.errors);
}

fn ctx(lang: Lang, source: Source) -> Ctx {
    Ctx {
        meta: Meta {
            at: jiff::Timestamp::now(),
            actor: "fuzz".into(),
            source,
            batch: Some(entrack_bulk::new_batch_id()),
        },
        role: None,
        lang,
        principal: None,
    }
}

fn import_options(dry_run: bool, skip_invalid: bool, lang: Lang) -> ImportOptions<'static> {
    ImportOptions {
        dry_run,
        skip_invalid,
        date_format: None,
        ctx: ctx(lang, Source::Import),
        progress: None,
    }
}

/// Writes the input to a file of this thread (replays run targets on several threads).
pub(crate) fn input_file(data: &[u8], ext: &str) -> PathBuf {
    let name = format!("input-{:?}.{ext}", std::thread::current().id()).replace(
        |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-',
        "",
    );
    let path = fixture().dir.path().join(name);
    std::fs::write(&path, data).expect("the input file");
    path
}

/// The number of batches written so far: a dry run must not add one.
fn batches(store: &dyn Store) -> usize {
    store.batches(None).expect("batches").len()
}

/// Every reported problem names a row of the file (0: the file as a whole, then no
/// column), a rule and a message.
fn check_errors(errors: &[FileError]) {
    for e in errors {
        assert!(
            e.row >= 1 || e.column.is_none(),
            "a column without its row: {e:?}"
        );
        assert!(!e.code.is_empty(), "an error without a rule: {e:?}");
        assert!(
            !e.message.trim().is_empty(),
            "an error without a message: {e:?}"
        );
    }
}

fn dry_import(path: &Path, skip_invalid: bool, lang: Lang) {
    let f = fixture();
    let before = batches(&f.store);
    let outcome = import(&f.store, path, &import_options(true, skip_invalid, lang))
        .expect("a dry run fails only if the store does");
    let s = &outcome.summary;
    assert!(!s.written, "a dry run wrote: {s:?}");
    assert_eq!(batches(&f.store), before, "a dry run added a batch");
    check_errors(&outcome.errors);
    check_errors(&outcome.warnings);
    let services =
        s.services_created + s.services_changed + s.services_unchanged + s.services_rejected;
    assert!(services <= s.rows, "more services than rows: {s:?}");
    assert!(
        s.services_rejected == 0 || !outcome.errors.is_empty(),
        "services rejected without a reason: {s:?}"
    );
}

/// A status file read as CSV.
pub fn csv_import(data: &[u8]) {
    let path = input_file(data, "csv");
    dry_import(&path, false, Lang::En);
}

/// A status file read as XLSX: refused by the size checks, or read cell by cell.
pub fn xlsx_import(data: &[u8]) {
    let path = input_file(data, "xlsx");
    dry_import(&path, true, Lang::De);
}

/// An entitlement feed.
pub fn feed(data: &[u8]) {
    let f = fixture();
    let path = input_file(data, "csv");
    let before = batches(&f.store);
    let opts = FeedOptions {
        dry_run: true,
        full: data.len().is_multiple_of(2),
        ctx: ctx(Lang::Zh, Source::Automation),
        progress: None,
    };
    let outcome = run_feed(&f.store, &path, &opts).expect("a dry run fails only if the store does");
    assert!(!outcome.summary.written, "a dry feed wrote");
    assert_eq!(batches(&f.store), before, "a dry feed added a batch");
    check_errors(&outcome.errors);
}
