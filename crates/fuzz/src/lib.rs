//! Fuzz targets: each parser of entrack that takes outside input, as a function of
//! arbitrary bytes that returns normally whatever the bytes are and panics only when
//! entrack misbehaves — a crash, or a property of the parser that does not hold.
//!
//! The same functions run two ways:
//! - `cargo test -p entrack-fuzz` replays every stored input of `corpus/<target>/` (seeds,
//!   the inputs a long fuzzing run found interesting) and of `regressions/<target>/` (every
//!   input that once made a target fail);
//! - `bench/fuzz.sh` drives them under AFL++, coverage-guided, for the long run.

mod files;
mod http;
mod text;

/// One fuzz target.
pub struct Target {
    pub name: &'static str,
    /// What it feeds the bytes to.
    pub about: &'static str,
    pub run: fn(&[u8]),
}

/// Every target, by name.
pub const TARGETS: &[Target] = &[
    Target {
        name: "csv_import",
        about: "a status file read as CSV, mapped to rows and checked by every rule (dry run)",
        run: files::csv_import,
    },
    Target {
        name: "xlsx_import",
        about: "a status file read as XLSX behind its size limits, then as csv_import",
        run: files::xlsx_import,
    },
    Target {
        name: "feed",
        about: "an entitlement feed file (dry run)",
        run: files::feed,
    },
    Target {
        name: "labels",
        about: "taxonomy and service label resolution in the four languages",
        run: text::labels,
    },
    Target {
        name: "dates",
        about: "date cells: ISO, dd.mm.yyyy, m/d/yyyy, d/m/yyyy, spreadsheet serial numbers",
        run: text::dates,
    },
    Target {
        name: "row_json",
        about: "a status row as the API receives it in JSON",
        run: text::row_json,
    },
    Target {
        name: "export_escape",
        about: "formula neutralising of exported cells and its undoing on import",
        run: text::export_escape,
    },
    Target {
        name: "suggest",
        about: "the suggest engine on a note",
        run: text::suggest,
    },
    Target {
        name: "http",
        about: "query and filter parameters, cursors, If-Match, Idempotency-Key, \
                Accept-Language and bodies through the whole HTTP surface",
        run: http::request,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// The directory of the stored corpora (`corpus/`) and regressions (`regressions/`).
pub fn data_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}
