//! From outside input (JSON objects, later CSV/XLSX cells) to closed types. Every failure is
//! a [`Violation`] naming the row, field and value; nothing half-parsed goes further.

use crate::model::{Field, StatusRow};
use crate::rules::{Arg, RuleCode, Violation};
use crate::taxonomy::{Service, L1, L2, L3};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A status row as it arrives on a wire: every value still text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowInput {
    pub l1: Option<String>,
    pub l2: Option<String>,
    pub l3: Option<String>,
    pub entitlements: Option<String>,
    pub target_date: Option<String>,
    pub owner: Option<String>,
    pub note: Option<String>,
    pub next_action: Option<String>,
    pub next_action_date: Option<String>,
}

impl RowInput {
    fn slot(&mut self, f: Field) -> Option<&mut Option<String>> {
        Some(match f {
            Field::L1 => &mut self.l1,
            Field::L2 => &mut self.l2,
            Field::L3 => &mut self.l3,
            Field::Entitlements => &mut self.entitlements,
            Field::TargetDate => &mut self.target_date,
            Field::Owner => &mut self.owner,
            Field::Note => &mut self.note,
            Field::NextAction => &mut self.next_action,
            Field::NextActionDate => &mut self.next_action_date,
            _ => return None,
        })
    }

    /// Reads one JSON object of a status list. Unknown keys are refused (a misspelt key
    /// would otherwise lose its value silently); strings and numbers are accepted as values.
    pub fn from_json(value: &serde_json::Value, row: usize) -> Result<RowInput, Vec<Violation>> {
        let Some(obj) = value.as_object() else {
            return Err(vec![Violation::new(RuleCode::InvalidValue)
                .row(row)
                .value(short(&value.to_string()))
                .text("expected", "{ \"l1\": …, \"entitlements\": … }")]);
        };
        let mut input = RowInput::default();
        let mut errors = Vec::new();
        for (key, v) in obj {
            let Some(slot) = Field::from_code(key)
                .filter(|f| Field::ROW.contains(f))
                .and_then(|f| input.slot(f))
            else {
                errors.push(
                    Violation::new(RuleCode::UnknownField)
                        .row(row)
                        .value(key)
                        .text("allowed", Field::ROW.map(|f| f.code()).join(", ")),
                );
                continue;
            };
            match v {
                serde_json::Value::Null => {}
                serde_json::Value::String(s) => *slot = Some(s.clone()),
                serde_json::Value::Number(n) => *slot = Some(n.to_string()),
                other => errors.push(
                    Violation::new(RuleCode::InvalidValue)
                        .row(row)
                        .field(Field::from_code(key).unwrap_or(Field::Note))
                        .value(short(&other.to_string()))
                        .text("expected", "text or number"),
                ),
            }
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Trims a text; blank becomes absent.
pub fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Reads an ISO date (`YYYY-MM-DD`).
pub fn parse_date(s: &str, field: Field) -> Result<Date, Violation> {
    let t = s.trim();
    let ok = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
    iso_digits(t)
        .or_else(|| t.parse::<Date>().ok())
        .filter(|_| ok)
        .ok_or_else(|| {
            Violation::new(RuleCode::InvalidDate)
                .field(field)
                .value(short(s))
                .text("expected", "YYYY-MM-DD")
        })
}

/// `YYYY-MM-DD` of ASCII digits as a date (as files and stores write dates), without the
/// general parser; `None` for anything else, which the general parser then judges.
pub fn iso_digits(t: &str) -> Option<Date> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0i16, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// Reads a whole, non-negative count.
pub fn parse_count(s: &str, field: Field) -> Result<u64, Violation> {
    let t = s.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    t.parse::<u64>().map_err(|_| {
        Violation::new(RuleCode::InvalidNumber)
            .field(field)
            .value(short(s))
    })
}

/// Reads a service code, name or alias.
pub fn parse_service(s: &str) -> Result<Service, Violation> {
    Service::resolve(s).ok_or_else(|| {
        Violation::new(RuleCode::UnknownService)
            .field(Field::Service)
            .value(short(s))
    })
}

fn list_or_hint<I: Iterator<Item = &'static str>>(it: I) -> String {
    let all: Vec<_> = it.collect();
    if all.is_empty() {
        "-".to_string()
    } else if all.len() <= 12 {
        all.join(", ")
    } else {
        format!("{} … (entrack taxonomy)", all[..8].join(", "))
    }
}

/// A status row's texts, borrowed (what a file reader has without copying).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowText<'a> {
    pub l1: Option<&'a str>,
    pub l2: Option<&'a str>,
    pub l3: Option<&'a str>,
    pub entitlements: Option<&'a str>,
    pub target_date: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub note: Option<&'a str>,
    pub next_action: Option<&'a str>,
    pub next_action_date: Option<&'a str>,
}

impl RowInput {
    pub fn as_text(&self) -> RowText<'_> {
        RowText {
            l1: self.l1.as_deref(),
            l2: self.l2.as_deref(),
            l3: self.l3.as_deref(),
            entitlements: self.entitlements.as_deref(),
            target_date: self.target_date.as_deref(),
            owner: self.owner.as_deref(),
            note: self.note.as_deref(),
            next_action: self.next_action.as_deref(),
            next_action_date: self.next_action_date.as_deref(),
        }
    }
}

/// Parses one submitted status row (1-based position `row`) of a service.
pub fn parse_row(
    input: &RowInput,
    row: usize,
    service: Service,
) -> Result<StatusRow, Vec<Violation>> {
    parse_row_text(&input.as_text(), row, service)
}

/// Trims a borrowed text; blank becomes absent.
fn trimmed(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// [`parse_row`] on borrowed texts.
pub fn parse_row_text(
    input: &RowText<'_>,
    row: usize,
    service: Service,
) -> Result<StatusRow, Vec<Violation>> {
    let mut errors = Vec::new();
    let mut at = |v: Violation| errors.push(v.row(row));

    let l1 = match trimmed(input.l1) {
        None => {
            at(Violation::new(RuleCode::MissingValue).field(Field::L1));
            None
        }
        Some(s) => {
            let l1 = L1::resolve(s);
            if l1.is_none() {
                at(Violation::new(RuleCode::UnknownL1)
                    .field(Field::L1)
                    .value(short(s))
                    .text("allowed", L1::ALL.map(|l| l.code()).join(", ")));
            }
            l1
        }
    };

    let mut l2 = None;
    let mut l3 = None;
    if let Some(l1) = l1 {
        let l2_text = trimmed(input.l2);
        let l3_text = trimmed(input.l3);
        if let Some(s) = &l2_text {
            if l1.def().l2.is_empty() {
                at(Violation::new(RuleCode::L2NotAllowed)
                    .field(Field::L2)
                    .value(short(s))
                    .l1(l1));
            } else {
                l2 = L2::resolve(l1, s);
                if l2.is_none() {
                    let owners = L2::owners_of(s);
                    let mut v = Violation::new(RuleCode::L2NotInL1)
                        .field(Field::L2)
                        .value(short(s))
                        .l1(l1)
                        .text("allowed", list_or_hint(l1.l2s().map(|x| x.code())));
                    if let Some(owner) = owners.first() {
                        v = v.arg("belongs", Arg::L1(*owner));
                    }
                    at(v);
                }
            }
        }
        if let Some(s) = &l3_text {
            match l2 {
                Some(l2) => {
                    l3 = L3::resolve(l2, s);
                    if l3.is_none() {
                        at(Violation::new(RuleCode::L3NotInL2)
                            .field(Field::L3)
                            .value(short(s))
                            .text("l2", l2.code())
                            .text(
                                "allowed",
                                list_or_hint(service.l3s_for(l2).map(|x| x.code())),
                            ));
                    }
                }
                None if l1.def().l2.is_empty() => at(Violation::new(RuleCode::L3NotAllowed)
                    .field(Field::L3)
                    .value(short(s))
                    .l1(l1)),
                None if l2_text.is_none() => at(Violation::new(RuleCode::L3WithoutL2)
                    .field(Field::L3)
                    .value(short(s))),
                None => {}
            }
        }
    }

    let entitlements = match trimmed(input.entitlements) {
        None => {
            at(Violation::new(RuleCode::MissingValue).field(Field::Entitlements));
            None
        }
        Some(s) => parse_count(s, Field::Entitlements).map_err(&mut at).ok(),
    };
    let mut date = |s: Option<&str>, f: Field| -> Option<Date> {
        trimmed(s).and_then(|s| parse_date(s, f).map_err(&mut at).ok())
    };
    let target_date = date(input.target_date, Field::TargetDate);
    let next_action_date = date(input.next_action_date, Field::NextActionDate);

    match (l1, entitlements) {
        (Some(l1), Some(entitlements)) if errors.is_empty() => Ok(StatusRow {
            l1,
            l2,
            l3,
            entitlements,
            target_date,
            owner: clean(input.owner),
            note: clean(input.note),
            next_action: clean(input.next_action),
            next_action_date,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_date_reading_is_the_general_one() {
        for s in [
            "2026-11-22",
            "2024-02-29",
            "2025-02-29",
            "0000-01-01",
            "9999-12-31",
            "2026-13-01",
            "2026-00-10",
            "2026-1-010",
            "2026/11/22",
            "+2026-11-2",
            "２０２６-11-22",
            " 2026-01-05 ",
            "2026-01-5x",
            "",
        ] {
            let quick = parse_date(s, Field::TargetDate).ok();
            let t = s.trim();
            let general = t
                .parse::<Date>()
                .ok()
                .filter(|_| t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-');
            assert_eq!(quick, general, "{s:?}");
        }
    }

    fn teams() -> Service {
        Service::resolve("teams").unwrap()
    }

    #[test]
    fn parses_names_in_any_language() {
        let input = RowInput {
            l1: Some("Blockiert".into()),
            l2: Some("Partnerunterstützung".into()),
            l3: Some("partner-unresponsive".into()),
            entitlements: Some("12".into()),
            ..Default::default()
        };
        let row = parse_row(&input, 1, teams()).unwrap();
        assert_eq!(
            row.key().path(),
            "blocked/partner-engagement/partner-unresponsive"
        );
    }

    #[test]
    fn names_row_field_and_value() {
        let input = RowInput {
            l1: Some("in-progress".into()),
            l2: Some("legal-regulatory".into()),
            entitlements: Some("-3".into()),
            target_date: Some("31.12.2027".into()),
            ..Default::default()
        };
        let errs = parse_row(&input, 4, teams()).unwrap_err();
        let got: Vec<_> = errs
            .iter()
            .map(|v| (v.code, v.row, v.field, v.value.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    RuleCode::L2NotInL1,
                    Some(4),
                    Some(Field::L2),
                    Some("legal-regulatory".into())
                ),
                (
                    RuleCode::InvalidNumber,
                    Some(4),
                    Some(Field::Entitlements),
                    Some("-3".into())
                ),
                (
                    RuleCode::InvalidDate,
                    Some(4),
                    Some(Field::TargetDate),
                    Some("31.12.2027".into())
                ),
            ]
        );
    }

    #[test]
    fn refuses_unknown_json_keys() {
        let v = serde_json::json!({"l1": "blocked", "targetdate": "2027-01-01"});
        let errs = RowInput::from_json(&v, 2).unwrap_err();
        assert_eq!(errs[0].code, RuleCode::UnknownField);
        assert_eq!(errs[0].value.as_deref(), Some("targetdate"));
    }
}
