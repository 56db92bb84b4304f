//! `entrack export FILE`: status rows to CSV or XLSX, in the interchange format. Codes by
//! default; with a language, localised headers and names (which import reads back). Text
//! cells a spreadsheet would run as formulas are neutralised. Streamed from the store.

use crate::format::{neutralize, STATUS_COLUMNS};
use crate::source::FileKind;
use entrack_core::messages::field_label;
use entrack_core::model::Field;
use entrack_core::{Lang, ServiceState, StatusRow, Tenant};
use entrack_store::{ExportQuery, Store, StoreError};
use jiff::civil::Date;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    pub rows: u64,
    pub services: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
}

/// One exported cell.
enum Value<'a> {
    Text(std::borrow::Cow<'a, str>),
    Number(u64),
    Date(Option<Date>),
}

fn opt_text(s: Option<&str>) -> Value<'_> {
    Value::Text(neutralize(s.unwrap_or("")))
}

/// The cells of one line: a status row of a service (or the service alone, without rows).
/// Fills `out` with the cells of one line (one status row, or a service without rows).
fn line<'a>(
    out: &mut Vec<Value<'a>>,
    t: &'a Tenant,
    s: &'a ServiceState,
    r: Option<&'a StatusRow>,
    labels: Option<Lang>,
) {
    let name = |code: &'a str, localized: Option<&'a str>| -> Value<'a> {
        Value::Text(neutralize(match labels {
            Some(_) => localized.unwrap_or(code),
            None => code,
        }))
    };
    let lang = labels.unwrap_or(Lang::En);
    out.clear();
    out.extend(STATUS_COLUMNS.iter().map(|f| match f {
        Field::TenantId => Value::Text(t.tenant_id.as_str().into()),
        Field::TenantName => Value::Text(neutralize(&t.tenant_name)),
        Field::Service => name(s.service.code(), Some(s.service.name())),
        Field::TotalEntitlements => Value::Number(s.total_entitlements),
        Field::L1 => match r {
            Some(r) => name(r.l1.code(), Some(r.l1.name(lang))),
            None => opt_text(None),
        },
        Field::L2 => match r.and_then(|r| r.l2) {
            Some(l2) => name(l2.code(), Some(l2.name(lang))),
            None => opt_text(None),
        },
        Field::L3 => match r.and_then(|r| r.l3) {
            Some(l3) => name(l3.code(), Some(l3.name(lang))),
            None => opt_text(None),
        },
        Field::Entitlements => match r {
            Some(r) => Value::Number(r.entitlements),
            None => opt_text(None),
        },
        Field::TargetDate => Value::Date(r.and_then(|r| r.target_date)),
        Field::Owner => opt_text(r.and_then(|r| r.owner.as_deref())),
        Field::Note => opt_text(r.and_then(|r| r.note.as_deref())),
        Field::NextAction => opt_text(r.and_then(|r| r.next_action.as_deref())),
        Field::NextActionDate => Value::Date(r.and_then(|r| r.next_action_date)),
        Field::Scenario => opt_text(s.scenario.map(|x| x.code())),
        Field::EngagementScenario => Value::Text(s.engagement_scenario.code().into()),
        Field::ServiceStatus => opt_text(s.service_status.map(|x| x.code())),
        Field::EngagementStartDate => Value::Date(s.engagement_start_date),
        _ => opt_text(None),
    }));
}

fn headers(labels: Option<Lang>) -> Vec<String> {
    STATUS_COLUMNS
        .iter()
        .map(|f| match labels {
            Some(l) => field_label(l, *f),
            None => f.code().to_string(),
        })
        .collect()
}

/// Reads services from the store on this thread and formats and writes them on another
/// (the two halves take about the same time).
fn each_line(
    store: &dyn Store,
    q: &ExportQuery,
    summary: &mut ExportSummary,
    labels: Option<Lang>,
    out: &mut (dyn FnMut(&[Value<'_>]) -> Result<(), String> + Send),
) -> Result<(), ExportError> {
    type Chunk = Vec<(std::sync::Arc<Tenant>, ServiceState)>;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(8);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<ExportSummary, String> {
            let mut counts = ExportSummary::default();
            for chunk in rx {
                let mut cells = Vec::with_capacity(STATUS_COLUMNS.len());
                for (t, s) in &chunk {
                    counts.services += 1;
                    if s.rows.is_empty() {
                        line(&mut cells, t, s, None, labels);
                        out(&cells)?;
                    }
                    for r in &s.rows {
                        counts.rows += 1;
                        line(&mut cells, t, s, Some(r), labels);
                        out(&cells)?;
                    }
                }
            }
            Ok(counts)
        });
        let mut chunk: Chunk = Vec::with_capacity(1024);
        let mut tenant: Option<std::sync::Arc<Tenant>> = None;
        let mut closed = false;
        let read = store.export(q, &mut |t, s| {
            let shared = match &tenant {
                Some(x) if x.tenant_id == t.tenant_id => x.clone(),
                _ => {
                    let x = std::sync::Arc::new(t.clone());
                    tenant = Some(x.clone());
                    x
                }
            };
            chunk.push((shared, s));
            if chunk.len() >= 1024 && tx.send(std::mem::take(&mut chunk)).is_err() {
                closed = true;
                return Err(StoreError::Backend("the writer stopped".into()));
            }
            Ok(())
        });
        if !closed && !chunk.is_empty() {
            let _ = tx.send(chunk);
        }
        drop(tx);
        let written = writer.join().map_err(|_| ExportError::Write {
            path: String::new(),
            detail: "the writer thread failed".into(),
        })?;
        match written {
            Err(detail) => Err(ExportError::Write {
                path: String::new(),
                detail,
            }),
            Ok(counts) => {
                read?;
                *summary = counts;
                Ok(())
            }
        }
    })
}

/// Writes the selected services to `path` (CSV or XLSX by extension).
pub fn export(
    store: &dyn Store,
    path: &Path,
    q: &ExportQuery,
    labels: Option<Lang>,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let werr = |detail: String| ExportError::Write {
        path: path.display().to_string(),
        detail,
    };
    let with_path = |e: ExportError| match e {
        ExportError::Write { detail, .. } => werr(detail),
        other => other,
    };
    match FileKind::of(path) {
        FileKind::Csv => {
            let file = std::fs::File::create(path).map_err(|e| werr(e.to_string()))?;
            let mut w = csv::WriterBuilder::new()
                .buffer_capacity(1 << 20)
                .from_writer(file);
            w.write_record(headers(labels))
                .map_err(|e| werr(e.to_string()))?;
            let mut buf: Vec<u8> = Vec::with_capacity(32);
            each_line(store, q, &mut summary, labels, &mut |cells| {
                use std::io::Write as _;
                for c in cells {
                    let r = match c {
                        Value::Text(t) => w.write_field(t.as_bytes()),
                        Value::Number(n) => {
                            buf.clear();
                            let _ = write!(buf, "{n}");
                            w.write_field(&buf)
                        }
                        Value::Date(d) => {
                            buf.clear();
                            if let Some(d) = d {
                                let _ = write!(buf, "{d}");
                            }
                            w.write_field(&buf)
                        }
                    };
                    r.map_err(|e| e.to_string())?;
                }
                w.write_record(None::<&[u8]>).map_err(|e| e.to_string())
            })
            .map_err(with_path)?;
            w.flush().map_err(|e| werr(e.to_string()))?;
        }
        FileKind::Xlsx => {
            let mut book = Workbook::new();
            let date_format = Format::new().set_num_format("yyyy-mm-dd");
            let xl = |e: XlsxError| e.to_string();
            {
                let sheet: &mut Worksheet = book.add_worksheet_with_constant_memory();
                sheet.set_name("status").map_err(|e| werr(xl(e)))?;
                for (i, h) in headers(labels).iter().enumerate() {
                    sheet
                        .write_string(0, i as u16, h)
                        .map_err(|e| werr(xl(e)))?;
                }
                let mut row: u32 = 0;
                each_line(store, q, &mut summary, labels, &mut |cells| {
                    row += 1;
                    if row >= 1_048_576 {
                        return Err(
                            "an XLSX sheet holds at most 1,048,575 rows; export to CSV or filter"
                                .into(),
                        );
                    }
                    for (i, c) in cells.iter().enumerate() {
                        let col = i as u16;
                        match c {
                            Value::Text(t) if t.is_empty() => {}
                            Value::Text(t) => {
                                sheet.write_string(row, col, t.as_ref()).map_err(xl)?;
                            }
                            Value::Number(n) => {
                                sheet.write_number(row, col, *n as f64).map_err(xl)?;
                            }
                            Value::Date(Some(d)) => {
                                let dt = ExcelDateTime::from_ymd(
                                    d.year() as u16,
                                    d.month() as u8,
                                    d.day() as u8,
                                )
                                .map_err(xl)?;
                                sheet
                                    .write_date_with_format(row, col, &dt, &date_format)
                                    .map_err(xl)?;
                            }
                            Value::Date(None) => {}
                        }
                    }
                    Ok(())
                })
                .map_err(with_path)?;
            }
            book.save(path).map_err(|e| werr(xl(e)))?;
        }
    }
    Ok(summary)
}
