//! Owned copies of file records, kept together per tenant × service until the import
//! decides what to do with them, and the digest of those records.
//!
//! The digest covers the cells exactly as the file has them (and the file's header, see
//! [`Records::salt`]); with the file's date format added ([`file_digest`]) it names the
//! state an import produces from them on top of the stored one. An import stores it with the
//! service it writes, so the same records imported again are known unchanged by comparing
//! digests, before any cell is parsed.

use crate::format::DateFormat;
use crate::source::{CellRef, RecordInfo};
use entrack_core::digest::Digest;
use jiff::civil::Date;

/// What the digest is about; bump it when reading a cell changes meaning, so digests stored
/// by an older reading never match.
const READING: &[u8] = b"entrack import records, reading 1";

const TEXT: u8 = 0;
const NUMBER: u8 = 1;
const DATE: u8 = 2;

/// Records in one buffer: per record its cell count, then each cell as a tag and its
/// content (text with its length, a number's bits, a date's parts).
#[derive(Debug, Default)]
pub struct Records {
    buf: Vec<u8>,
    /// Each record's file position and where it starts in `buf`.
    starts: Vec<(RecordInfo, usize)>,
}

impl Records {
    /// Room for about `bytes` of cells (a group's records are mostly a few hundred bytes).
    pub fn with_capacity(bytes: usize) -> Records {
        Records {
            buf: Vec::with_capacity(bytes),
            starts: Vec::with_capacity(4),
        }
    }

    pub fn push(&mut self, info: &RecordInfo, cells: &[CellRef<'_>]) {
        self.starts.push((*info, self.buf.len()));
        let count = u32::try_from(cells.len()).unwrap_or(u32::MAX);
        self.buf.extend_from_slice(&count.to_le_bytes());
        for c in cells.iter().take(count as usize) {
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
            decode(&self.buf[*start..end], &mut cells);
            f(info, &cells);
        }
    }

    /// The digest of the records under `salt` (the file's header).
    pub fn digest(&self, salt: &[u8; 32]) -> [u8; 32] {
        let mut h = blake3::Hasher::new();
        h.update(salt);
        h.update(&self.buf);
        *h.finalize().as_bytes()
    }

    /// The salt of a file's records: the reading and the header's cells.
    pub fn salt(header: &[CellRef<'_>]) -> [u8; 32] {
        let mut r = Records::default();
        r.push(&RecordInfo { row: 1, bytes: 0 }, header);
        let mut h = blake3::Hasher::new();
        h.update(READING);
        h.update(&r.buf);
        *h.finalize().as_bytes()
    }
}

/// What an import stores with a service it writes from records of digest `records`, read
/// with the file's date format `dates` (forced or found so far; ISO while none is).
pub fn file_digest(records: &[u8; 32], dates: DateFormat) -> Digest {
    let format = match dates {
        DateFormat::Iso => 1u8,
        DateFormat::DayMonthYearDots => 2,
        DateFormat::MonthDayYearSlashes => 3,
        DateFormat::DayMonthYearSlashes => 4,
    };
    let mut h = blake3::Hasher::new();
    h.update(records);
    h.update(&[format]);
    let mut d = Digest::default();
    d.copy_from_slice(&h.finalize().as_bytes()[..16]);
    d
}

fn encode(buf: &mut Vec<u8>, c: &CellRef<'_>) {
    match c {
        CellRef::Text(t) => {
            buf.push(TEXT);
            let len = u32::try_from(t.len()).unwrap_or(u32::MAX);
            buf.extend_from_slice(&len.to_le_bytes());
            buf.extend_from_slice(&t.as_bytes()[..len as usize]);
        }
        CellRef::Number(n) => {
            buf.push(NUMBER);
            buf.extend_from_slice(&n.to_bits().to_le_bytes());
        }
        CellRef::Date(d) => {
            buf.push(DATE);
            buf.extend_from_slice(&d.year().to_le_bytes());
            buf.push(d.month() as u8);
            buf.push(d.day() as u8);
        }
    }
}

/// Reads back one record written by [`Records::push`].
fn decode<'b>(mut b: &'b [u8], cells: &mut Vec<CellRef<'b>>) {
    fn take<const N: usize>(b: &mut &[u8]) -> Option<[u8; N]> {
        let (head, rest) = b.split_first_chunk::<N>()?;
        *b = rest;
        Some(*head)
    }
    let Some(count) = take::<4>(&mut b).map(u32::from_le_bytes) else {
        return;
    };
    for _ in 0..count {
        let Some([tag]) = take::<1>(&mut b) else {
            return;
        };
        let cell = match tag {
            TEXT => {
                let Some(len) = take::<4>(&mut b).map(u32::from_le_bytes) else {
                    return;
                };
                let Some((text, rest)) = b.split_at_checked(len as usize) else {
                    return;
                };
                b = rest;
                // Written from a `str`, so it is UTF-8.
                CellRef::Text(std::str::from_utf8(text).unwrap_or_default())
            }
            NUMBER => match take::<8>(&mut b) {
                Some(bits) => CellRef::Number(f64::from_bits(u64::from_le_bytes(bits))),
                None => return,
            },
            _ => match (take::<2>(&mut b), take::<1>(&mut b), take::<1>(&mut b)) {
                (Some(y), Some([m]), Some([d])) => {
                    match Date::new(i16::from_le_bytes(y), m as i8, d as i8) {
                        Ok(date) => CellRef::Date(date),
                        Err(_) => return,
                    }
                }
                _ => return,
            },
        };
        cells.push(cell);
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
    fn the_digest_sees_every_cell_boundary_the_header_and_the_date_format() {
        let salt = Records::salt(&[CellRef::Text("tenant_id"), CellRef::Text("note")]);
        let one = |cells: &[CellRef<'_>]| {
            let mut r = Records::default();
            r.push(&RecordInfo { row: 2, bytes: 0 }, cells);
            r.digest(&salt)
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
        assert_eq!(ab, moved.digest(&salt));
        let other = Records::salt(&[CellRef::Text("note"), CellRef::Text("tenant_id")]);
        let mut r = Records::default();
        r.push(
            &RecordInfo { row: 2, bytes: 0 },
            &[CellRef::Text("ab"), CellRef::Text("c")],
        );
        assert_ne!(ab, r.digest(&other));
        assert_ne!(
            file_digest(&ab, DateFormat::Iso),
            file_digest(&ab, DateFormat::DayMonthYearDots)
        );
        assert_ne!(
            file_digest(&ab, DateFormat::MonthDayYearSlashes),
            file_digest(&ab, DateFormat::DayMonthYearSlashes)
        );
    }
}
