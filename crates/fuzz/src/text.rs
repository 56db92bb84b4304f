//! Parsers of single values: labels, dates, a JSON status row, the export escaper and the
//! suggest engine. Besides not crashing, each keeps the property a user relies on.

use entrack_bulk::format::{neutralize, restore, DateCell, DateFormat, Dates};
use entrack_bulk::source::{self, CellRef};
use entrack_core::model::Field;
use entrack_core::parse::{parse_count, parse_date, parse_row, parse_service, RowInput};
use entrack_core::wire::RowDoc;
use entrack_core::{Service, L1, L2, L3};
use std::ops::ControlFlow;

/// Up to eight lines of the input, as text.
fn pieces(data: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(data)
        .split('\n')
        .take(8)
        .map(str::to_string)
        .collect()
}

/// A code or name in any language resolves to the same entry however it is cased and
/// spaced, under the parent it was resolved under. (That every code and name of the
/// taxonomy resolves back to its entry is a unit test of entrack-core.)
pub fn labels(data: &[u8]) {
    for p in pieces(data) {
        let padded = format!(" \t{p}  ");
        let upper = p.to_ascii_uppercase();
        if let Some(l1) = L1::resolve(&p) {
            assert_eq!(L1::resolve(&padded), Some(l1), "{p:?} padded");
            assert_eq!(L1::resolve(&upper), Some(l1), "{p:?} in capitals");
        }
        for l1 in L1::ALL {
            let Some(l2) = L2::resolve(l1, &p) else {
                continue;
            };
            assert_eq!(l2.l1(), l1, "{p:?} resolved under another L1");
            assert_eq!(L2::resolve(l1, &padded), Some(l2), "{p:?} padded");
            assert!(L2::owners_of(&p).contains(&l1), "{p:?}: owners");
            if let Some(l3) = L3::resolve(l2, &p) {
                assert_eq!(l3.l2(), l2, "{p:?} resolved under another L2");
                assert_eq!(L3::resolve(l2, l3.code()), Some(l3));
                assert_eq!(L3::resolve(l2, &padded), Some(l3), "{p:?} padded");
            }
        }
        if let Some(s) = Service::resolve(&p) {
            assert_eq!(Service::resolve(s.code()), Some(s));
            assert_eq!(Service::resolve(s.name()), Some(s));
            assert_eq!(Service::resolve(&padded), Some(s), "{p:?} padded");
            assert_eq!(Service::resolve(&upper), Some(s), "{p:?} in capitals");
        }
        if let Ok(s) = parse_service(&p) {
            assert_eq!(parse_service(s.code()), Ok(s));
        }
        if let Some(f) = Field::from_code(&p) {
            assert_eq!(Field::from_code(f.code()), Some(f));
        }
    }
}

fn written(d: jiff::civil::Date, f: DateFormat) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    match f {
        DateFormat::Iso => d.to_string(),
        DateFormat::DayMonthYearDots => format!("{day:02}.{m:02}.{y:04}"),
        DateFormat::MonthDayYearSlashes => format!("{m}/{day}/{y:04}"),
        DateFormat::DayMonthYearSlashes => format!("{day}/{m}/{y:04}"),
    }
}

/// A date read from a cell, written again in the file's format, reads as the same date;
/// a date the rules accept prints as text they accept again.
pub fn dates(data: &[u8]) {
    let forced = [
        None,
        Some(DateFormat::Iso),
        Some(DateFormat::DayMonthYearDots),
        Some(DateFormat::MonthDayYearSlashes),
        Some(DateFormat::DayMonthYearSlashes),
    ];
    let lines = pieces(data);
    for force in forced {
        let mut dates = Dates::new(force);
        for (i, p) in lines.iter().enumerate() {
            match dates.read(p, i + 2) {
                DateCell::Iso => {
                    assert!(p.trim().parse::<jiff::civil::Date>().is_ok(), "{p:?}")
                }
                DateCell::Date(d) => {
                    let f = dates.format();
                    let again = written(d, f);
                    let mut fresh = Dates::new(Some(f));
                    assert_eq!(
                        fresh.read(&again, 2),
                        DateCell::Date(d),
                        "{p:?} read as {d}, written {again:?} in {f:?}"
                    );
                }
                DateCell::Text => {}
                DateCell::Mixed { first_row, .. } => {
                    assert!(force.is_none() && first_row < i + 2, "{p:?}: mixed")
                }
            }
        }
    }
    for p in &lines {
        if let Ok(d) = parse_date(p, Field::TargetDate) {
            assert_eq!(parse_date(&d.to_string(), Field::TargetDate), Ok(d));
        }
        if let Ok(n) = parse_count(p, Field::Entitlements) {
            assert_eq!(parse_count(&n.to_string(), Field::Entitlements), Ok(n));
        }
    }
    for chunk in data.chunks_exact(8) {
        let serial = f64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if let Some(d) = source::serial_to_date(serial) {
            assert!(d.year() >= 1899 && d.year() <= 9999, "{serial} → {d}");
        }
    }
}

/// A status row sent as JSON: refused with reasons, or parsed into a row whose printed form
/// parses into the same row (what a client reads, it can put back).
pub fn row_json(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let input = match RowInput::from_json(&value, 1) {
        Ok(input) => input,
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without a reason");
            return;
        }
    };
    for service in ["teams", "exchange", "intune"] {
        let service = Service::from_code(service).expect("a catalogue service");
        let row = match parse_row(&input, 1, service) {
            Ok(row) => row,
            Err(errors) => {
                assert!(!errors.is_empty(), "refused without a reason");
                continue;
            }
        };
        let printed = serde_json::to_value(RowDoc::from(&row)).expect("a row prints");
        let again = RowInput::from_json(&printed, 1).expect("a printed row reads");
        assert_eq!(
            parse_row(&again, 1, service).expect("a printed row parses"),
            row,
            "{printed}"
        );
    }
}

fn dangerous(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// No exported cell begins as a formula would, and a file written by export reads back
/// on import to exactly the text that was exported.
pub fn export_escape(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let safe = neutralize(&text);
    assert!(
        !safe.starts_with(dangerous),
        "{text:?} exported as {safe:?}"
    );
    assert_eq!(restore(&safe), text, "{text:?} exported as {safe:?}");
    // As export writes a file and import reads it.
    if text.contains('\0') {
        return; // refused as binary on import, by design
    }
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(["tenant_name", "note"]).expect("a header");
    w.write_record(["x", &safe]).expect("a record");
    let bytes = w.into_inner().expect("the file");
    let path = crate::files::input_file(&bytes, "export.csv");
    let mut cells: Vec<String> = Vec::new();
    source::read(
        &path,
        &mut |info, row| {
            if info.row == 2 {
                cells = row
                    .iter()
                    .map(|c| match c {
                        CellRef::Text(t) => t.to_string(),
                        other => format!("{other:?}"),
                    })
                    .collect();
            }
            ControlFlow::Continue(())
        },
        &mut |bad| {
            panic!(
                "row {} of an exported file unreadable: {}",
                bad.row, bad.reason
            )
        },
    )
    .expect("an exported file reads");
    assert_eq!(cells.len(), 2, "{text:?}: {cells:?}");
    assert_eq!(
        restore(&cells[1]),
        text,
        "{text:?} came back as {:?}",
        cells[1]
    );
}

/// The engine answers any note, the same way twice, with proposals that belong together
/// and scores that rank them.
pub fn suggest(data: &[u8]) {
    let note = String::from_utf8_lossy(data);
    let engine = entrack_suggest::engine();
    for service in [None, Service::from_code("teams")] {
        let s = engine.suggest(&note, service);
        assert_eq!(s, engine.suggest(&note, service), "not deterministic");
        assert!(s.proposals.len() <= 5, "{} proposals", s.proposals.len());
        let mut last = f32::INFINITY;
        let mut sum = 0.0;
        for p in &s.proposals {
            assert!(
                p.score.is_finite() && (0.0..=1.0).contains(&p.score),
                "{p:?}"
            );
            assert!(p.score <= last, "proposals out of order: {:?}", s.proposals);
            last = p.score;
            sum += p.score;
            if let Some(l2) = p.l2 {
                assert_eq!(l2.l1(), p.l1, "{p:?}");
            }
            if let Some(l3) = p.l3 {
                assert_eq!(Some(l3.l2()), p.l2, "{p:?}");
            }
        }
        assert!(sum <= 1.001, "scores add up to {sum}");
    }
}
