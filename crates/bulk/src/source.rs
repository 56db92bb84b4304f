//! Reading spreadsheet files as a stream of records: CSV (UTF-8 with or without BOM, `,`,
//! `;` or TAB, CRLF, quoted newlines) and XLSX (first sheet, typed cells). Blank rows are
//! skipped. Nothing is held beyond the current record.

use calamine::{open_workbook, DataRef, Reader, Xlsx};
use jiff::civil::Date;
use std::fs::File;
use std::path::Path;

/// One cell as the file gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    Text(&'a str),
    Number(f64),
    Date(Date),
}

impl CellRef<'_> {
    pub fn is_blank(&self) -> bool {
        matches!(self, CellRef::Text(t) if t.trim().is_empty())
    }
}

/// The file types entrack reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

impl FileKind {
    /// By extension: `.xlsx` / `.xlsm` are workbooks, everything else is CSV.
    pub fn of(path: &Path) -> FileKind {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("xlsx" | "xlsm") => FileKind::Xlsx,
            _ => FileKind::Csv,
        }
    }

    /// A file to read: a workbook by its extension or, whatever its name (an upload has
    /// none), by the ZIP signature it begins with; anything else is read as CSV.
    pub fn detect(path: &Path) -> FileKind {
        use std::io::Read;
        if FileKind::of(path) == FileKind::Xlsx {
            return FileKind::Xlsx;
        }
        let mut magic = [0u8; 4];
        match File::open(path).and_then(|mut f| f.read_exact(&mut magic)) {
            Ok(()) if magic == *b"PK\x03\x04" => FileKind::Xlsx,
            _ => FileKind::Csv,
        }
    }
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SourceError(pub String);

/// What the reader tells its consumer for each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordInfo {
    /// The row in the file as a spreadsheet numbers it (the header is row 1).
    pub row: usize,
    /// Bytes of the file read so far (CSV), for progress.
    pub bytes: u64,
}

/// The consumer's answer: go on, or stop reading.
pub type Flow = std::ops::ControlFlow<()>;

/// A record that could not be decoded (e.g. not UTF-8); reading goes on.
pub struct BadRecord {
    pub row: usize,
    pub reason: String,
}

/// Reads `path` and calls `record` for every non-blank record, the header included.
pub fn read(
    path: &Path,
    record: &mut dyn FnMut(&RecordInfo, &[CellRef<'_>]) -> Flow,
    bad: &mut dyn FnMut(BadRecord),
) -> Result<(), SourceError> {
    match FileKind::detect(path) {
        FileKind::Csv => read_csv(path, record, bad),
        FileKind::Xlsx => read_xlsx(path, record),
    }
}

fn detect_delimiter(first_line: &[u8]) -> u8 {
    let (mut comma, mut semi, mut tab, mut quoted) = (0, 0, 0, false);
    for b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => comma += 1,
            b';' if !quoted => semi += 1,
            b'\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if semi > comma && semi >= tab {
        b';'
    } else if tab > comma && tab > semi {
        b'\t'
    } else {
        b','
    }
}

fn read_csv(
    path: &Path,
    record: &mut dyn FnMut(&RecordInfo, &[CellRef<'_>]) -> Flow,
    bad: &mut dyn FnMut(BadRecord),
) -> Result<(), SourceError> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = File::open(path).map_err(|e| SourceError(e.to_string()))?;
    let mut head = Vec::with_capacity(1 << 16);
    (&mut file)
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(|e| SourceError(e.to_string()))?;
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(SourceError(
            "the file is UTF-16 text; save it as \"CSV UTF-8\" (or as .xlsx) and import that"
                .into(),
        ));
    }
    if head.contains(&0) {
        return Err(SourceError(
            "the file holds binary data, not CSV text (is it another kind of file renamed .csv?)"
                .into(),
        ));
    }
    let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    let start = if bom { 3 } else { 0 };
    let line_end = head[start..]
        .iter()
        .position(|b| *b == b'\n')
        .map(|p| p + start)
        .unwrap_or(head.len());
    let delimiter = detect_delimiter(&head[start..line_end]);
    file.seek(SeekFrom::Start(start as u64))
        .map_err(|e| SourceError(e.to_string()))?;
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(1 << 20)
        .from_reader(file);
    let offset = u64::from(bom) * 3;
    // One thread splits the file into records, the caller's thread consumes them; batches
    // go back to the splitter to be refilled, so records keep their buffers.
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Result<Batch, SourceError>>(4);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Batch>();
    std::thread::scope(|scope| {
        scope.spawn(move || split_csv(reader, offset, full_tx, empty_rx));
        for batch in full_rx.iter() {
            let batch = batch?;
            let mut cells: Vec<CellRef<'_>> = Vec::new();
            for (rec, info) in batch.records[..batch.len].iter().zip(&batch.info) {
                cells.clear();
                // UTF-8 is checked once for the whole record, here (an unreadable record
                // is reported in file order among the others; the first may be the
                // header); fields end at ASCII delimiters, so each range of the whole is a
                // whole `str`.
                let Ok(whole) = simdutf8::basic::from_utf8(rec.as_slice()) else {
                    bad(BadRecord {
                        row: info.row,
                        reason: "the row is not valid UTF-8 text".into(),
                    });
                    continue;
                };
                cells.extend(
                    (0..rec.len())
                        .map(|i| rec.range(i).and_then(|r| whole.get(r)).unwrap_or_default())
                        .map(CellRef::Text),
                );
                if record(info, &cells).is_break() {
                    return Ok(());
                }
            }
            drop(cells);
            let _ = empty_tx.send(batch);
        }
        Ok(())
    })
}

/// Records split from a CSV file, handed from the splitting thread to the consumer.
struct Batch {
    /// Buffers; the first `len` hold records of this batch.
    records: Vec<csv::ByteRecord>,
    info: Vec<RecordInfo>,
    len: usize,
}

const BATCH: usize = 1024;

/// A field of only white space (as `str::trim` sees it), for fields that are not ASCII.
fn blank(field: &[u8]) -> bool {
    std::str::from_utf8(field).is_ok_and(|t| t.trim().is_empty())
}

fn split_csv(
    mut reader: csv::Reader<File>,
    offset: u64,
    full: std::sync::mpsc::SyncSender<Result<Batch, SourceError>>,
    empty: std::sync::mpsc::Receiver<Batch>,
) {
    let fresh = || Batch {
        records: Vec::with_capacity(BATCH),
        info: Vec::with_capacity(BATCH),
        len: 0,
    };
    let mut batch = fresh();
    let mut row = 0usize;
    loop {
        row += 1;
        if batch.records.len() == batch.len {
            batch.records.push(csv::ByteRecord::new());
        }
        let rec = &mut batch.records[batch.len];
        match reader.read_byte_record(rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let _ = full.send(Err(SourceError(format!("row {row}: {e}"))));
                return;
            }
        }
        // UTF-8 is checked by the consumer, once for the whole record.
        if rec
            .iter()
            .all(|c| c.trim_ascii().is_empty() || (!c.is_ascii() && blank(c)))
        {
            continue;
        }
        batch.info.push(RecordInfo {
            row,
            bytes: reader.position().byte() + offset,
        });
        batch.len += 1;
        if batch.len == BATCH {
            let next = match empty.try_recv() {
                Ok(mut b) => {
                    b.len = 0;
                    b.info.clear();
                    b
                }
                Err(_) => fresh(),
            };
            if full.send(Ok(std::mem::replace(&mut batch, next))).is_err() {
                return; // the consumer stopped
            }
        }
    }
    if batch.len > 0 {
        let _ = full.send(Ok(batch));
    }
}

/// Days since 1899-12-30 (the spreadsheet epoch, leap-year bug included) to a date.
pub fn serial_to_date(serial: f64) -> Option<Date> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = Date::constant(1899, 12, 30);
    epoch
        .checked_add(jiff::Span::new().days(serial.floor() as i64))
        .ok()
}

fn read_xlsx(
    path: &Path,
    record: &mut dyn FnMut(&RecordInfo, &[CellRef<'_>]) -> Flow,
) -> Result<(), SourceError> {
    crate::workbook::check(path)?;
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| SourceError(format!("{e}")))?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| SourceError("the workbook has no sheet".into()))?;
    let mut cells = book
        .worksheet_cells_reader(&sheet)
        .map_err(|e| SourceError(format!("{e}")))?;
    // Cells arrive row by row; owned copies of one row are kept until it is complete.
    enum Owned {
        Text(String),
        Number(f64),
        Date(Date),
    }
    let mut current: Option<u32> = None;
    let mut row_cells: Vec<Owned> = Vec::new();
    let mut emit = |row: u32, row_cells: &mut Vec<Owned>| -> Flow {
        let refs: Vec<CellRef<'_>> = row_cells
            .iter()
            .map(|c| match c {
                Owned::Text(t) => CellRef::Text(t),
                Owned::Number(n) => CellRef::Number(*n),
                Owned::Date(d) => CellRef::Date(*d),
            })
            .collect();
        let flow = if refs.iter().all(|c| c.is_blank()) {
            Flow::Continue(())
        } else {
            record(
                &RecordInfo {
                    row: row as usize + 1,
                    bytes: 0,
                },
                &refs,
            )
        };
        row_cells.clear();
        flow
    };
    while let Some(cell) = cells.next_cell().map_err(|e| SourceError(format!("{e}")))? {
        let (r, c) = cell.get_position();
        if current != Some(r) {
            if let Some(prev) = current {
                if emit(prev, &mut row_cells).is_break() {
                    return Ok(());
                }
            }
            current = Some(r);
        }
        if c >= crate::workbook::MAX_COLUMNS {
            if matches!(cell.get_value(), DataRef::Empty) {
                continue;
            }
            return Err(SourceError(format!(
                "row {}: a cell in column {} lies beyond the {} columns an import reads",
                r as usize + 1,
                crate::workbook::column_name(c),
                crate::workbook::MAX_COLUMNS
            )));
        }
        let c = c as usize;
        while row_cells.len() < c {
            row_cells.push(Owned::Text(String::new()));
        }
        let v = match cell.get_value() {
            DataRef::Int(i) => Owned::Number(*i as f64),
            DataRef::Float(f) => Owned::Number(*f),
            DataRef::String(s) => Owned::Text(s.clone()),
            DataRef::SharedString(s) => Owned::Text((*s).to_string()),
            DataRef::Bool(b) => Owned::Text(b.to_string()),
            DataRef::DateTime(d) => match serial_to_date(d.as_f64()) {
                Some(d) => Owned::Date(d),
                None => Owned::Number(d.as_f64()),
            },
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                Owned::Text(s.get(..10).unwrap_or(s).to_string())
            }
            DataRef::Error(e) => Owned::Text(format!("#{e:?}")),
            _ => Owned::Text(String::new()),
        };
        if row_cells.len() == c {
            row_cells.push(v);
        } else {
            row_cells[c] = v;
        }
    }
    if let Some(prev) = current {
        let _ = emit(prev, &mut row_cells);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_are_spreadsheet_dates() {
        assert_eq!(serial_to_date(46388.0), Some(Date::constant(2027, 1, 1)));
        assert_eq!(serial_to_date(45658.75), Some(Date::constant(2025, 1, 1)));
        assert_eq!(serial_to_date(-3.0), None);
    }

    #[test]
    fn delimiter_is_read_from_the_header() {
        assert_eq!(detect_delimiter(b"tenant_id;service;l1"), b';');
        assert_eq!(detect_delimiter(b"tenant_id,service,l1"), b',');
        assert_eq!(detect_delimiter(b"\"a;b\",c,d"), b',');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
    }
}
