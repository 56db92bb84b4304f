//! Printing data as a table, JSON or CSV.

use crate::args::Format;
use comfy_table::{presets::UTF8_BORDERS_ONLY, ContentArrangement, Table};
use serde::Serialize;

pub fn table(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers);
    for r in rows {
        t.add_row(r);
    }
    t.to_string()
}

pub fn csv(headers: &[&str], rows: &[Vec<String>]) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers)?;
    for r in rows {
        w.write_record(r)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

pub fn json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(value)?)
}

/// Prints one data set in the chosen format: `wire` names the CSV/JSON columns, `labels`
/// the table headers (in the user's language).
pub fn print_records(
    format: Format,
    wire: &[&str],
    labels: &[String],
    rows: &[Vec<String>],
) -> anyhow::Result<()> {
    match format {
        Format::Table => println!("{}", table(labels, rows)),
        Format::Csv => print!("{}", csv(wire, rows)?),
        Format::Json => {
            let objs: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .iter()
                .map(|r| {
                    wire.iter()
                        .zip(r)
                        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
                        .collect()
                })
                .collect();
            println!("{}", json(&objs)?);
        }
    }
    Ok(())
}

/// Writes command output to stdout. When the reader has gone away (a closed pipe), the
/// command ends at once with the status a shell gives a process stopped by SIGPIPE; any
/// other failure to write is reported.
pub fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        eprintln!("entrack: cannot write the output: {e}");
        std::process::exit(74);
    }
}
