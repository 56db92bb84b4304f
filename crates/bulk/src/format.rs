//! The interchange format: which column is which field (codes or localised labels), how
//! dates are written, and the neutralising of cells a spreadsheet would run as formulas.

use entrack_core::messages::field_label;
use entrack_core::model::Field;
use entrack_core::rules::{RuleCode, Violation};
use entrack_core::Lang;
use jiff::civil::Date;
use std::borrow::Cow;

/// The columns of a status file, in the order an export writes them.
pub const STATUS_COLUMNS: [Field; 17] = [
    Field::TenantId,
    Field::TenantName,
    Field::Service,
    Field::TotalEntitlements,
    Field::L1,
    Field::L2,
    Field::L3,
    Field::Entitlements,
    Field::TargetDate,
    Field::Owner,
    Field::Note,
    Field::NextAction,
    Field::NextActionDate,
    Field::Scenario,
    Field::EngagementScenario,
    Field::ServiceStatus,
    Field::EngagementStartDate,
];

/// The columns of the entitlement feed.
pub const FEED_COLUMNS: [Field; 4] = [
    Field::TenantId,
    Field::TenantName,
    Field::Service,
    Field::TotalEntitlements,
];

fn norm(s: &str) -> String {
    s.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which field a header names: its code or its label in any of the four languages.
pub fn field_of_header(header: &str, allowed: &[Field]) -> Option<Field> {
    let h = norm(header);
    allowed
        .iter()
        .copied()
        .find(|f| norm(f.code()) == h || Lang::ALL.iter().any(|l| norm(&field_label(*l, *f)) == h))
}

/// Column positions of the fields found in a header row.
#[derive(Debug, Clone)]
pub struct Columns {
    pub by_field: Vec<(Field, usize)>,
    pub headers: Vec<String>,
    /// By field (its place in the enum): the column, read for every cell of every row.
    slots: [Option<usize>; Field::ALL.len()],
}

impl Columns {
    /// Reads a header row; unknown or repeated columns and missing required ones are errors
    /// (row 1).
    pub fn read(
        headers: &[String],
        allowed: &[Field],
        required: &[Field],
    ) -> Result<Columns, Vec<Violation>> {
        let mut errors = Vec::new();
        let mut by_field: Vec<(Field, usize)> = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            if h.trim().is_empty() {
                continue;
            }
            match field_of_header(h, allowed) {
                Some(f) if by_field.iter().any(|(g, _)| *g == f) => errors.push(
                    Violation::new(RuleCode::ConflictingValue)
                        .row(1)
                        .field(f)
                        .value(h.trim())
                        .num("other", 1),
                ),
                Some(f) => by_field.push((f, i)),
                None => errors.push(
                    Violation::new(RuleCode::UnknownColumn)
                        .row(1)
                        .value(h.trim())
                        .text(
                            "allowed",
                            allowed
                                .iter()
                                .map(|f| f.code())
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                ),
            }
        }
        for f in required {
            if !by_field.iter().any(|(g, _)| g == f) {
                errors.push(
                    Violation::new(RuleCode::MissingColumn)
                        .row(1)
                        .value(f.code()),
                );
            }
        }
        if errors.is_empty() {
            let mut slots = [None; Field::ALL.len()];
            for (f, i) in &by_field {
                slots[*f as usize] = Some(*i);
            }
            Ok(Columns {
                by_field,
                headers: headers.to_vec(),
                slots,
            })
        } else {
            Err(errors)
        }
    }

    pub fn index(&self, f: Field) -> Option<usize> {
        self.slots.get(f as usize).copied().flatten()
    }

    pub fn has(&self, f: Field) -> bool {
        self.index(f).is_some()
    }

    /// The header as written in the file for a field (its code when absent).
    pub fn header(&self, f: Field) -> String {
        self.index(f)
            .and_then(|i| self.headers.get(i))
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .unwrap_or_else(|| f.code().to_string())
    }
}

/// How non-ISO dates in a file are written. ISO (`2027-03-31`) is always understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    Iso,
    /// `31.03.2027` (German).
    DayMonthYearDots,
    /// `3/31/2027` (US).
    MonthDayYearSlashes,
    /// `31/03/2027` (UK, Spain).
    DayMonthYearSlashes,
}

impl DateFormat {
    pub const NAMES: [&'static str; 4] = ["iso", "dd.mm.yyyy", "m/d/yyyy", "d/m/yyyy"];

    pub fn name(self) -> &'static str {
        match self {
            DateFormat::Iso => "YYYY-MM-DD",
            DateFormat::DayMonthYearDots => "dd.mm.yyyy",
            DateFormat::MonthDayYearSlashes => "m/d/yyyy",
            DateFormat::DayMonthYearSlashes => "d/m/yyyy",
        }
    }

    pub fn parse(s: &str) -> Option<DateFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "iso" | "yyyy-mm-dd" => Some(DateFormat::Iso),
            "dd.mm.yyyy" | "d.m.yyyy" | "de" => Some(DateFormat::DayMonthYearDots),
            "m/d/yyyy" | "mm/dd/yyyy" | "us" => Some(DateFormat::MonthDayYearSlashes),
            "d/m/yyyy" | "dd/mm/yyyy" | "uk" | "es" => Some(DateFormat::DayMonthYearSlashes),
            _ => None,
        }
    }
}

fn numbers(s: &str, sep: char) -> Option<(u32, u32, i16)> {
    let mut it = s.split(sep);
    let a = it.next()?.trim().parse().ok()?;
    let b = it.next()?.trim().parse().ok()?;
    let y: &str = it.next()?.trim();
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    Some((a, b, y.parse().ok()?))
}

fn ymd(y: i16, m: u32, d: u32) -> Option<Date> {
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// Reads the dates of one file: ISO always; the first non-ISO date fixes the file's format
/// unless one was forced, and a later date in another format is an error.
#[derive(Debug, Clone)]
pub struct Dates {
    forced: Option<DateFormat>,
    seen: Option<(DateFormat, usize)>,
}

/// What became of a date cell.
#[derive(Debug, PartialEq, Eq)]
pub enum DateCell {
    /// Already ISO (and a real date): use the text as it is.
    Iso,
    Date(Date),
    /// Not a date in any known form: passed on as text for the rules to refuse.
    Text,
    /// A date in a different format than the file's.
    Mixed {
        expected: DateFormat,
        first_row: usize,
    },
}

impl Dates {
    pub fn new(forced: Option<DateFormat>) -> Dates {
        Dates { forced, seen: None }
    }

    pub fn read(&mut self, s: &str, row: usize) -> DateCell {
        let t = s.trim();
        let iso = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
        if iso {
            return if t.parse::<Date>().is_ok() {
                DateCell::Iso
            } else {
                DateCell::Text
            };
        }
        let guess = if t.contains('.') {
            DateFormat::DayMonthYearDots
        } else if t.contains('/') {
            DateFormat::MonthDayYearSlashes
        } else {
            return DateCell::Text;
        };
        let format = match (self.forced, self.seen) {
            (Some(f), _) => f,
            (None, Some((f, first))) => {
                let slash = |f: DateFormat| {
                    matches!(
                        f,
                        DateFormat::MonthDayYearSlashes | DateFormat::DayMonthYearSlashes
                    )
                };
                if slash(f) != slash(guess) {
                    return DateCell::Mixed {
                        expected: f,
                        first_row: first,
                    };
                }
                f
            }
            (None, None) => {
                self.seen = Some((guess, row));
                guess
            }
        };
        let parsed = match format {
            DateFormat::Iso => None,
            DateFormat::DayMonthYearDots => numbers(t, '.').and_then(|(d, m, y)| ymd(y, m, d)),
            DateFormat::MonthDayYearSlashes => numbers(t, '/').and_then(|(m, d, y)| ymd(y, m, d)),
            DateFormat::DayMonthYearSlashes => numbers(t, '/').and_then(|(d, m, y)| ymd(y, m, d)),
        };
        parsed.map(DateCell::Date).unwrap_or(DateCell::Text)
    }

    /// The format the file turned out to use (for messages).
    pub fn format(&self) -> DateFormat {
        self.forced
            .or(self.seen.map(|s| s.0))
            .unwrap_or(DateFormat::Iso)
    }
}

fn dangerous(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Prefixes `'` to a cell a spreadsheet would read as a formula (`= + - @`, TAB, CR), and
/// to a cell that already looks neutralised, so that [`restore`] gives the text back.
pub fn neutralize(s: &str) -> Cow<'_, str> {
    let rest = s.trim_start_matches('\'');
    if rest.starts_with(dangerous) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Undoes [`neutralize`] on a cell read from a file.
pub fn restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(inner) if inner.trim_start_matches('\'').starts_with(dangerous) => inner,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralising_round_trips_and_defuses() {
        for s in [
            "=1+1", "+49 30", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''-y", "plain", "'quoted", "",
        ] {
            let n = neutralize(s);
            assert!(!n.starts_with(dangerous), "{s:?} -> {n:?}");
            assert_eq!(restore(&n), s, "{s:?}");
        }
    }

    #[test]
    fn dates_are_detected_per_file() {
        let mut d = Dates::new(None);
        assert_eq!(d.read("2027-03-31", 2), DateCell::Iso);
        assert_eq!(
            d.read("31.03.2027", 3),
            DateCell::Date(Date::constant(2027, 3, 31))
        );
        assert_eq!(
            d.read("1.4.2027", 4),
            DateCell::Date(Date::constant(2027, 4, 1))
        );
        assert_eq!(
            d.read("3/31/2027", 5),
            DateCell::Mixed {
                expected: DateFormat::DayMonthYearDots,
                first_row: 3
            }
        );
        let mut us = Dates::new(None);
        assert_eq!(
            us.read("3/31/2027", 2),
            DateCell::Date(Date::constant(2027, 3, 31))
        );
        assert_eq!(us.read("31/3/2027", 3), DateCell::Text);
        let mut uk = Dates::new(Some(DateFormat::DayMonthYearSlashes));
        assert_eq!(
            uk.read("31/3/2027", 2),
            DateCell::Date(Date::constant(2027, 3, 31))
        );
        assert_eq!(uk.read("31.02.2027", 2), DateCell::Text);
    }

    #[test]
    fn headers_in_any_language() {
        assert_eq!(
            field_of_header("Tenant ID", &STATUS_COLUMNS),
            Some(Field::TenantId)
        );
        assert_eq!(
            field_of_header("\u{feff}tenant_id", &STATUS_COLUMNS),
            Some(Field::TenantId)
        );
        assert_eq!(
            field_of_header("Zieldatum", &STATUS_COLUMNS),
            Some(Field::TargetDate)
        );
        assert_eq!(field_of_header("nota", &STATUS_COLUMNS), Some(Field::Note));
        assert_eq!(field_of_header("笔记", &STATUS_COLUMNS), Some(Field::Note));
        assert_eq!(field_of_header("colour", &STATUS_COLUMNS), None);
    }
}
