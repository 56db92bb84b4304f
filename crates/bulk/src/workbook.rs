//! The checks an XLSX file passes before a spreadsheet reader inflates it. A workbook is a
//! ZIP archive; its directory declares every entry's packed and unpacked size, so a zip
//! bomb, an archive of too many parts or another kind of file renamed `.xlsx` is refused
//! from the directory alone. Declared sizes can lie: every entry is then inflated once into
//! nothing, stopping at its declared size, so what the reader inflates afterwards is no
//! larger than what was checked. The sheet's declared dimension and every cell's position
//! are checked while reading (`MAX_COLUMNS`).

use crate::source::SourceError;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Parts of a workbook (Excel writes about a dozen).
pub const MAX_ENTRIES: usize = 1_000;
/// Unpacked bytes of all parts together (a full sheet of 1,048,576 rows fits).
pub const MAX_TOTAL: u64 = 4 << 30;
/// Unpacked bytes of the shared strings, which a reader holds in memory.
pub const MAX_SHARED_STRINGS: u64 = 64 << 20;
/// Unpacked bytes of any part that is neither a worksheet nor the shared strings.
pub const MAX_OTHER_PART: u64 = 16 << 20;
/// Unpacked ÷ packed size above which a part larger than `RATIO_FROM` is taken for a bomb
/// (a sheet of real status rows packs about 10:1).
pub const MAX_RATIO: u64 = 100;
pub const RATIO_FROM: u64 = 1 << 20;
/// Columns an import reads; a cell beyond them stops the reading.
pub const MAX_COLUMNS: u32 = 256;

fn err(msg: String) -> SourceError {
    SourceError(msg)
}

fn mib(n: u64) -> String {
    format!("{} MiB", n.div_ceil(1 << 20))
}

/// Checks `path` as a workbook; reads nothing beyond the limits above.
pub fn check(path: &Path) -> Result<(), SourceError> {
    let mut file = File::open(path).map_err(|e| err(e.to_string()))?;
    let mut magic = [0u8; 4];
    let n = (&mut file)
        .take(4)
        .read(&mut magic)
        .map_err(|e| err(e.to_string()))?;
    if n < 4 || magic != *b"PK\x03\x04" {
        return Err(err(
            "the file is not an XLSX workbook (it is not a ZIP archive): save it from the spreadsheet as .xlsx or .csv"
                .into(),
        ));
    }
    let mut zip = zip::ZipArchive::new(file).map_err(|e| {
        err(format!(
            "the file is not a readable XLSX workbook (its ZIP directory is damaged: {e})"
        ))
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(err(format!(
            "the workbook has {} parts; an import reads workbooks of at most {MAX_ENTRIES}",
            zip.len()
        )));
    }
    let mut total = 0u64;
    let mut entries = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| err(format!("the workbook's part {i} is damaged: {e}")))?;
        let name = f.name().to_string();
        let (size, packed) = (f.size(), f.compressed_size());
        let limit = part_limit(&name);
        if size > limit {
            return Err(err(format!(
                "the workbook's part {name} unpacks to {}; an import reads at most {} there",
                mib(size),
                mib(limit)
            )));
        }
        if size > RATIO_FROM && size / packed.max(1) > MAX_RATIO {
            return Err(err(format!(
                "the workbook's part {name} unpacks {}:1 ({} from {} bytes); above {MAX_RATIO}:1 it is taken for a zip bomb",
                size / packed.max(1),
                mib(size),
                packed
            )));
        }
        total = total.saturating_add(size);
        if total > MAX_TOTAL {
            return Err(err(format!(
                "the workbook unpacks to more than {}; an import reads at most that",
                mib(MAX_TOTAL)
            )));
        }
        entries.push((name, size));
    }
    // The directory passed; now make sure no part unpacks to more than it declared.
    for (i, (name, size)) in entries.iter().enumerate() {
        let f = zip
            .by_index(i)
            .map_err(|e| err(format!("the workbook's part {name} cannot be read: {e}")))?;
        let read = std::io::copy(&mut f.take(size + 1), &mut std::io::sink())
            .map_err(|e| err(format!("the workbook's part {name} is damaged: {e}")))?;
        if read > *size {
            return Err(err(format!(
                "the workbook's part {name} unpacks to more than the {size} bytes it declares"
            )));
        }
    }
    Ok(())
}

fn part_limit(name: &str) -> u64 {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") {
        MAX_TOTAL
    } else if lower == "xl/sharedstrings.xml" {
        MAX_SHARED_STRINGS
    } else {
        MAX_OTHER_PART
    }
}

/// A column number (0-based) as a spreadsheet names it: 0 → A, 16383 → XFD.
pub fn column_name(mut c: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(255), "IV");
        assert_eq!(column_name(16383), "XFD");
    }
}
