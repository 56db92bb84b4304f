//! The note gate: every status row a change adds or alters has its note graded, and a poor
//! note refuses the change unless the organisation allows poor notes. The status put, the
//! import and the API all pass their new rows through one [`NoteGate`].

use crate::{engine, Level, Suggestion};
use entrack_core::messages::text;
use entrack_core::model::{Field, ServiceState, StatusRow};
use entrack_core::rules::{Arg, RuleCode, Violation};
use entrack_core::taxonomy::Service;
use entrack_core::Lang;
use rustc_hash::FxHashMap;

/// What Suggest says of the note of one changed row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowNote {
    /// 1-based position of the row in the list checked.
    pub row: usize,
    pub suggestion: Suggestion,
}

/// Notes kept graded at most; a gate that sees more distinct notes starts over.
const CACHE: usize = 50_000;

/// Grades the notes of changed rows, remembering each distinct note (an import repeats
/// few notes over many rows).
pub struct NoteGate {
    allow_poor: bool,
    /// Whether proposals must name the L3s of the row's service (a save's answer shows
    /// them); an import only needs the grade, which does not depend on the service.
    per_service: bool,
    seen: FxHashMap<Option<Service>, FxHashMap<String, Suggestion>>,
    size: usize,
}

impl NoteGate {
    /// A gate for an organisation that does (or does not) allow poor notes.
    pub fn new(allow_poor: bool) -> NoteGate {
        NoteGate {
            allow_poor,
            per_service: true,
            seen: FxHashMap::default(),
            size: 0,
        }
    }

    /// A gate that only grades: proposals are not fitted to the service, so a note is
    /// read once whatever service it is written for.
    pub fn grading_only(allow_poor: bool) -> NoteGate {
        NoteGate {
            per_service: false,
            ..NoteGate::new(allow_poor)
        }
    }

    pub fn allows_poor(&self) -> bool {
        self.allow_poor
    }

    /// What Suggest says of `note` about `service`.
    pub fn suggest(&mut self, note: &str, service: Service) -> Suggestion {
        self.suggestion(note, service).clone()
    }

    /// [`NoteGate::suggest`], borrowed from the gate's memory.
    fn suggestion(&mut self, note: &str, service: Service) -> &Suggestion {
        let key = self.per_service.then_some(service);
        if self.level(note, service).is_none() && self.size >= CACHE {
            self.seen.clear();
            self.size = 0;
        }
        let map = self.seen.entry(key).or_default();
        if !map.contains_key(note) {
            self.size += 1;
            map.insert(note.to_string(), engine().suggest(note, key));
        }
        &map[note]
    }

    /// The grade of a note the gate has read already.
    fn level(&self, note: &str, service: Service) -> Option<Level> {
        let key = self.per_service.then_some(service);
        self.seen
            .get(&key)
            .and_then(|m| m.get(note))
            .map(|s| s.grade.level)
    }

    /// The rows of `rows` that `before` does not hold exactly, with their notes (empty
    /// notes are left to the core's `note-required` rule).
    fn changed<'r>(
        before: Option<&'r ServiceState>,
        rows: &'r [StatusRow],
    ) -> impl Iterator<Item = (usize, &'r str)> + 'r {
        rows.iter().enumerate().filter_map(move |(i, row)| {
            if before.is_some_and(|b| b.rows.iter().any(|r| r == row)) {
                return None;
            }
            let note = row.note.as_deref().filter(|n| !n.trim().is_empty())?;
            Some((i, note))
        })
    }

    /// The notes of the rows of `rows` (positions as given) about `service` that `before`
    /// does not hold exactly: new rows and rows with any field changed. Empty notes are
    /// left to the core's `note-required` rule.
    pub fn grade(
        &mut self,
        service: Service,
        before: Option<&ServiceState>,
        rows: &[StatusRow],
    ) -> Vec<RowNote> {
        NoteGate::changed(before, rows)
            .map(|(i, note)| RowNote {
                row: i + 1,
                suggestion: self.suggest(note, service),
            })
            .collect()
    }

    /// [`poor`] of [`NoteGate::grade`]: the poor notes of the changed rows as `note-poor`
    /// violations, whatever the policy; the other notes' grades are only looked at.
    pub fn poor_rows(
        &mut self,
        service: Service,
        before: Option<&ServiceState>,
        rows: &[StatusRow],
    ) -> Vec<Violation> {
        let mut notes = Vec::new();
        for (i, note) in NoteGate::changed(before, rows) {
            // Most notes were read before and are not poor: one lookup.
            if self.level(note, service).is_some_and(|l| l != Level::Poor) {
                continue;
            }
            let s = self.suggestion(note, service);
            if s.grade.level == Level::Poor {
                notes.push(RowNote {
                    row: i + 1,
                    suggestion: s.clone(),
                });
            }
        }
        poor(&notes, rows)
    }

    /// The poor notes among `notes` as `note-poor` violations (row, note field, the note
    /// and Suggest's reasons); none when the organisation allows poor notes.
    pub fn refusals(&self, notes: &[RowNote], rows: &[StatusRow]) -> Vec<Violation> {
        if self.allow_poor {
            return Vec::new();
        }
        poor(notes, rows)
    }
}

/// The poor notes among `notes` as `note-poor` violations, whatever the policy (an import
/// that allows them still reports them).
pub fn poor(notes: &[RowNote], rows: &[StatusRow]) -> Vec<Violation> {
    notes
        .iter()
        .filter(|n| n.suggestion.grade.level == Level::Poor)
        .map(|n| {
            let reasons = n
                .suggestion
                .grade
                .reasons
                .iter()
                .map(|r| {
                    let args = vec![("found", r.found.clone().unwrap_or_default())];
                    (crate::message_key(r.code), args)
                })
                .collect();
            let note = rows
                .get(n.row - 1)
                .and_then(|r| r.note.clone())
                .unwrap_or_default();
            Violation::new(RuleCode::NotePoor)
                .row(n.row)
                .field(Field::Note)
                .value(note)
                .arg("reasons", Arg::Messages(reasons))
        })
        .collect()
}

/// The wire form of what Suggest says of one changed row, messages in `lang`:
/// `{"row", "grade", "reasons": [{"code", "found"?, "message"}], "proposals": [{"l1", "l2",
/// "l3", "score"}]}` with the three best proposals.
pub fn row_note_json(n: &RowNote, lang: Lang) -> serde_json::Value {
    let mut doc = suggestion_json(&n.suggestion, lang, 3);
    doc["row"] = serde_json::json!(n.row);
    doc
}

/// The wire form of a suggestion: grade, reasons with messages in `lang`, and the best
/// `top` proposals.
pub fn suggestion_json(s: &Suggestion, lang: Lang, top: usize) -> serde_json::Value {
    let reasons: Vec<serde_json::Value> = s
        .grade
        .reasons
        .iter()
        .map(|r| {
            let message = text(
                lang,
                &crate::message_key(r.code),
                &[("found", r.found.clone().unwrap_or_default())],
            );
            let mut v = serde_json::json!({ "code": r.code.code(), "message": message });
            if let Some(f) = &r.found {
                v["found"] = serde_json::json!(f);
            }
            v
        })
        .collect();
    serde_json::json!({
        "grade": s.grade.level.code(),
        "reasons": reasons,
        "proposals": s.proposals.iter().take(top).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use entrack_core::messages::render;
    use entrack_core::taxonomy::L1;
    use entrack_core::TenantId;

    fn row(l1: L1, n: u64, note: &str) -> StatusRow {
        StatusRow {
            l1,
            l2: None,
            l3: None,
            entitlements: n,
            target_date: None,
            owner: None,
            note: Some(note.to_string()),
            next_action: None,
            next_action_date: None,
        }
    }

    fn teams() -> Service {
        Service::resolve("teams").unwrap()
    }

    fn state(rows: Vec<StatusRow>) -> ServiceState {
        let mut s = ServiceState::new(
            TenantId::parse("8f2b3c4d-1a2b-4c3d-9e8f-0a1b2c3d4e5f").unwrap(),
            teams(),
        );
        s.rows = rows;
        s
    }

    #[test]
    fn only_new_and_changed_rows_are_graded() {
        let before = state(vec![
            row(L1::StatusUnknown, 10, "tbd"),
            row(
                L1::DuplicateInvalid,
                5,
                "Duplicate tenant, licences moved to the primary one",
            ),
        ]);
        // The first row is kept as it was (poor, but not changed); the second changes.
        let rows = vec![
            row(L1::StatusUnknown, 10, "tbd"),
            row(L1::DuplicateInvalid, 5, "dup"),
        ];
        let mut gate = NoteGate::new(false);
        let notes = gate.grade(teams(), Some(&before), &rows);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].row, 2);
        let refused = gate.refusals(&notes, &rows);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].code, RuleCode::NotePoor);
        assert_eq!(refused[0].row, Some(2));
        assert_eq!(refused[0].value.as_deref(), Some("dup"));
    }

    #[test]
    fn an_organisation_that_allows_poor_notes_is_not_refused_but_still_told() {
        let rows = vec![row(L1::StatusUnknown, 10, "tbd")];
        let mut gate = NoteGate::new(true);
        let notes = gate.grade(teams(), None, &rows);
        assert!(gate.refusals(&notes, &rows).is_empty());
        assert_eq!(poor(&notes, &rows).len(), 1);
    }

    #[test]
    fn the_refusal_gives_the_reasons_in_each_language() {
        let rows = vec![row(L1::Blocked, 10, "blocked")];
        let mut gate = NoteGate::new(false);
        let notes = gate.grade(teams(), None, &rows);
        let v = &gate.refusals(&notes, &rows)[0];
        let en = render(v, Lang::En);
        assert!(en.contains("too poor to save"), "{en}");
        assert!(en.contains("only status words"), "{en}");
        assert!(en.contains("[note-poor]"), "{en}");
        let de = render(v, Lang::De);
        assert!(de.contains("zu schwach"), "{de}");
        let es = render(v, Lang::Es);
        assert!(es.contains("demasiado pobre"), "{es}");
        let zh = render(v, Lang::Zh);
        assert!(zh.contains("无法保存"), "{zh}");
    }

    #[test]
    fn a_great_note_passes_and_repeated_notes_are_graded_once() {
        let note = "Blocked: works council stopped the rollout until the data protection review ends in March";
        let rows = vec![row(L1::Blocked, 10, note), row(L1::InProgress, 5, note)];
        let mut gate = NoteGate::new(false);
        let notes = gate.grade(teams(), None, &rows);
        assert_eq!(notes.len(), 2);
        assert!(gate.refusals(&notes, &rows).is_empty());
        assert_eq!(gate.size, 1);
    }
}
