//! Bulk work on a store: status import and its undo, the entitlement feed, and export —
//! CSV and XLSX, streamed so memory does not grow with the file. Every row goes through the
//! same core rules as a single change; every accepted change is an event of the batch.

pub mod export;
pub mod feed;
pub mod format;
pub mod import;
pub mod records;
pub mod source;
pub mod undo;
pub mod workbook;

use entrack_core::messages;
use entrack_core::rules::Violation;
use entrack_core::Lang;
use serde::Serialize;

/// One problem in a file: where (file row as a spreadsheet numbers it, header = 1; column
/// as the file names it), what value, which rule, and the message in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub row: usize,
    pub column: Option<String>,
    pub value: Option<String>,
    pub code: &'static str,
    pub message: String,
}

impl FileError {
    pub fn from_violation(
        v: &Violation,
        row: usize,
        column: Option<String>,
        lang: Lang,
    ) -> FileError {
        FileError {
            row,
            column,
            value: v.value.clone(),
            code: v.code.code(),
            message: messages::body(v, lang),
        }
    }
}

impl FileError {
    /// A row the reader could not decode.
    pub(crate) fn unreadable(bad: source::BadRecord, lang: Lang) -> FileError {
        let v = Violation::new(entrack_core::RuleCode::UnreadableFile).value(&bad.reason);
        FileError::from_violation(&v, bad.row, None, lang)
    }
}

/// The record of a batch, written last in its transaction.
pub(crate) fn batch_record(
    kind: entrack_store::BatchKind,
    meta: &entrack_core::change::Meta,
    file: Option<&std::path::Path>,
    undoes: Option<&str>,
    summary: &impl Serialize,
) -> entrack_store::Write {
    entrack_store::Write::RecordBatch(entrack_store::Batch {
        id: meta.batch.clone().unwrap_or_default(),
        kind,
        at: meta.at,
        actor: meta.actor.clone(),
        file: file.map(|f| f.display().to_string()),
        undoes: undoes.map(str::to_string),
        summary: serde_json::to_string(summary).unwrap_or_default(),
        first_seq: None,
        last_seq: None,
        undone_by: None,
    })
}

/// Bytes and rows read so far, for a progress display.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub bytes: u64,
    pub rows: u64,
}

/// A progress callback, called from the reading thread every few thousand rows.
pub type ProgressFn<'a> = &'a (dyn Fn(Progress) + Sync);

/// A new batch id: a UUID v7, so ids sort by time.
pub fn new_batch_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Writes errors as CSV (row, column, value, code, message).
pub fn write_errors_csv(path: &std::path::Path, errors: &[FileError]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(["row", "column", "value", "code", "message"])?;
    for e in errors {
        w.write_record([
            e.row.to_string().as_str(),
            e.column.as_deref().unwrap_or(""),
            format::neutralize(e.value.as_deref().unwrap_or("")).as_ref(),
            e.code,
            format::neutralize(&e.message).as_ref(),
        ])?;
    }
    w.flush()
}

/// The tenant id of an index key (a GUID as a number) in its usual form.
pub fn tenant_of_key(key: entrack_store::TenantKey) -> entrack_core::TenantId {
    let h = format!("{key:032x}");
    let s = format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    );
    entrack_core::TenantId::parse(&s).expect("32 hex digits make a GUID")
}
