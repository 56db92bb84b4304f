//! Owned copies of file records, kept together per tenant × service until the import
//! decides what to do with them, and the digest of those records.
//!
//! The digest covers the cells exactly as the file has them, the file's header (see
//! [`Records::salt`]) and the file's date format ([`Records::digest`]): it names the state
//! an import produces from them on top of the stored one. An import stores it with the
//! service it writes, so the same records imported again are known unchanged by comparing
//! digests, before any cell is parsed.

use crate::format::DateFormat;
use crate::source::{CellRef, RecordInfo};
use entrack_core::digest::Digest;
use jiff::civil::Date;

/// What the digest is about; bump it when reading a cell changes meaning, or the records'
/// layout changes, so digests stored by an older reading never match.
const READING: &[u8] = b"entrack import records, reading 4";

const TEXT: u8 = b'T';
const NUMBER: u8 = b'N';
const DATE: u8 = b'D';

/// Records in one text buffer: per record its cell count, then each cell as a tag and its
/// content (text with its length, a number's bits, a date's parts). Every byte that is not
/// a cell's own text is below 0x80, so the buffer is UTF-8 as it stands and a text is read
/// back by slicing it, without checking it again.
#[derive(Debug, Default)]
pub struct Records {
    buf: String,
    /// Each record's file position and where it starts in `buf`.
    starts: Vec<(RecordInfo, usize)>,
}

impl Records {
    /// Room for about `bytes` of cells (a group's records are mostly a few hundred bytes).
    pub fn with_capacity(bytes: usize) -> Records {
        Records {
            buf: String::with_capacity(bytes),
            starts: Vec::with_capacity(4),
        }
    }

    pub fn push(&mut self, info: &RecordInfo, cells: &[CellRef<'_>]) {
        self.starts.push((*info, self.buf.len()));
        number(&mut self.buf, cells.len() as u64);
        for c in cells {
            encode(&mut self.buf, c);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The first record's file row.
    pub fn first_row(&self) -> Option<usize> {
        self.starts.first().map(|(i, _)| i.row)
    }

    /// Calls `f` with each record as it was pushed.
    pub fn for_each(&self, mut f: impl FnMut(&RecordInfo, &[CellRef<'_>])) {
        let mut cells: Vec<CellRef<'_>> = Vec::with_capacity(16);
        for (i, (info, start)) in self.starts.iter().enumerate() {
            let end = self.starts.get(i + 1).map_or(self.buf.len(), |s| s.1);
            cells.clear();
            // Records start where an earlier push ended: on a boundary.
            if let Some(record) = self.buf.get(*start..end) {
                decode(record, &mut cells);
            }
            f(info, &cells);
        }
    }

    /// What an import stores with a service it writes from these records: their digest
    /// under `salt` (the file's header) with the file's date format `dates` (forced or
    /// found so far; ISO while none is). One SHA-256 per service (truncated to 128 bits)
    /// of the salt, the records' own bytes and one more: on inputs of a few hundred bytes
    /// the processors' SHA instructions hash several times faster than BLAKE3 can.
    pub fn digest(&self, salt: &[u8; 32], dates: DateFormat) -> Digest {
        use sha2::Digest as _;
        let format = match dates {
            DateFormat::Iso => 1u8,
            DateFormat::DayMonthYearDots => 2,
            DateFormat::MonthDayYearSlashes => 3,
            DateFormat::DayMonthYearSlashes => 4,
        };
        let mut h = sha2::Sha256::new();
        h.update(salt);
        h.update(self.buf.as_bytes());
        h.update([format]);
        let mut d = Digest::default();
        d.copy_from_slice(&h.finalize()[..16]);
        d
    }

    /// The salt of a file's records: the reading and the header's cells.
    pub fn salt(header: &[CellRef<'_>]) -> [u8; 32] {
        use sha2::Digest as _;
        let mut r = Records::default();
        r.push(&RecordInfo { row: 1, bytes: 0 }, header);
        let mut h = sha2::Sha256::new();
        h.update(READING);
        h.update(r.buf.as_bytes());
        h.finalize().into()
    }
}

/// A number in six-bit groups, lowest first, each below 0x80 (0x40 marks that more
/// follow): framing that keeps the buffer ASCII outside the texts.
fn number(buf: &mut String, mut v: u64) {
    loop {
        let low = (v & 0x3f) as u8;
        v >>= 6;
        if v == 0 {
            buf.push(char::from(low));
            return;
        }
        buf.push(char::from(low | 0x40));
    }
}

fn encode(buf: &mut String, c: &CellRef<'_>) {
    match c {
        CellRef::Text(t) => {
            buf.push(char::from(TEXT));
            number(buf, t.len() as u64);
            buf.push_str(t);
        }
        CellRef::Number(n) => {
            buf.push(char::from(NUMBER));
            number(buf, n.to_bits());
        }
        CellRef::Date(d) => {
            buf.push(char::from(DATE));
            // Years are -9999..=9999: shifted to be positive.
            number(buf, (i64::from(d.year()) + 10_000) as u64);
            number(buf, d.month() as u64);
            number(buf, d.day() as u64);
        }
    }
}

/// Reads back one record written by [`Records::push`].
fn decode<'b>(s: &'b str, cells: &mut Vec<CellRef<'b>>) {
    let mut read = Reader { s, at: 0 };
    let Some(count) = read.number() else {
        return;
    };
    for _ in 0..count {
        let Some(cell) = read.cell() else {
            return;
        };
        cells.push(cell);
    }
}

/// Steps through one record's cells.
struct Reader<'b> {
    s: &'b str,
    at: usize,
}

impl<'b> Reader<'b> {
    fn number(&mut self) -> Option<u64> {
        let b = self.s.as_bytes();
        let mut v = 0u64;
        for shift in (0..66).step_by(6) {
            let byte = *b.get(self.at)?;
            self.at += 1;
            v |= u64::from(byte & 0x3f).checked_shl(shift)?;
            if byte & 0x40 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn cell(&mut self) -> Option<CellRef<'b>> {
        let tag = *self.s.as_bytes().get(self.at)?;
        self.at += 1;
        Some(match tag {
            TEXT => {
                let len = usize::try_from(self.number()?).ok()?;
                let end = self.at.checked_add(len)?;
                // Written from a `str` at this place: the slice is on its boundaries.
                let text = self.s.get(self.at..end)?;
                self.at = end;
                CellRef::Text(text)
            }
            NUMBER => CellRef::Number(f64::from_bits(self.number()?)),
            DATE => {
                let year = i16::try_from(i64::try_from(self.number()?).ok()? - 10_000).ok()?;
                let month = i8::try_from(self.number()?).ok()?;
                let day = i8::try_from(self.number()?).ok()?;
                CellRef::Date(Date::new(year, month, day).ok()?)
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells_of(r: &Records) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        r.for_each(|info, cells| {
            let mut row = vec![info.row.to_string()];
            row.extend(cells.iter().map(|c| format!("{c:?}")));
            out.push(row);
        });
        out
    }

    #[test]
    fn records_read_back_as_they_were_pushed() {
        let mut r = Records::default();
        let date = Date::constant(2027, 3, 31);
        r.push(
            &RecordInfo { row: 2, bytes: 10 },
            &[
                CellRef::Text("a,b"),
                CellRef::Text(""),
                CellRef::Number(1.5),
            ],
        );
        r.push(
            &RecordInfo { row: 5, bytes: 20 },
            &[CellRef::Date(date), CellRef::Text("Grüße 你好")],
        );
        assert_eq!(r.first_row(), Some(2));
        assert_eq!(
            cells_of(&r),
            vec![
                vec!["2", "Text(\"a,b\")", "Text(\"\")", "Number(1.5)"],
                vec!["5", "Date(2027-03-31)", "Text(\"Grüße 你好\")"],
            ]
        );
    }

    #[test]
    fn every_cell_kind_reads_back_whatever_its_size() {
        let long = "ß".repeat(5000);
        let cells = [
            CellRef::Number(-0.0),
            CellRef::Number(f64::MAX),
            CellRef::Number(f64::NAN),
            CellRef::Number(1e-300),
            CellRef::Date(Date::constant(-9999, 1, 1)),
            CellRef::Date(Date::constant(9999, 12, 31)),
            CellRef::Text(&long),
            CellRef::Text("\u{0}\u{7f}\t"),
        ];
        let mut r = Records::default();
        r.push(&RecordInfo { row: 7, bytes: 0 }, &cells);
        r.push(&RecordInfo { row: 8, bytes: 0 }, &[]);
        let mut seen = Vec::new();
        r.for_each(|info, back| {
            seen.push(info.row);
            if info.row == 7 {
                assert_eq!(back.len(), cells.len());
                for (a, b) in back.iter().zip(&cells) {
                    match (a, b) {
                        (CellRef::Number(x), CellRef::Number(y)) => {
                            assert_eq!(x.to_bits(), y.to_bits())
                        }
                        (a, b) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
                    }
                }
            } else {
                assert!(back.is_empty());
            }
        });
        assert_eq!(seen, [7, 8]);
    }

    #[test]
    fn the_digest_sees_every_cell_boundary_the_header_and_the_date_format() {
        let salt = Records::salt(&[CellRef::Text("tenant_id"), CellRef::Text("note")]);
        let one = |cells: &[CellRef<'_>]| {
            let mut r = Records::default();
            r.push(&RecordInfo { row: 2, bytes: 0 }, cells);
            r.digest(&salt, DateFormat::Iso)
        };
        let ab = one(&[CellRef::Text("ab"), CellRef::Text("c")]);
        assert_eq!(ab, one(&[CellRef::Text("ab"), CellRef::Text("c")]));
        assert_ne!(ab, one(&[CellRef::Text("a"), CellRef::Text("bc")]));
        assert_ne!(ab, one(&[CellRef::Text("abc")]));
        assert_ne!(one(&[CellRef::Number(1.0)]), one(&[CellRef::Text("1")]));
        // The row number is not part of it: moving a service in the file changes nothing.
        let mut moved = Records::default();
        moved.push(
            &RecordInfo { row: 90, bytes: 0 },
            &[CellRef::Text("ab"), CellRef::Text("c")],
        );
        assert_eq!(ab, moved.digest(&salt, DateFormat::Iso));
        let other = Records::salt(&[CellRef::Text("note"), CellRef::Text("tenant_id")]);
        let mut r = Records::default();
        r.push(
            &RecordInfo { row: 2, bytes: 0 },
            &[CellRef::Text("ab"), CellRef::Text("c")],
        );
        assert_ne!(ab, r.digest(&other, DateFormat::Iso));
        assert_ne!(ab, r.digest(&salt, DateFormat::DayMonthYearDots));
        assert_ne!(
            r.digest(&salt, DateFormat::MonthDayYearSlashes),
            r.digest(&salt, DateFormat::DayMonthYearSlashes)
        );
    }
}
