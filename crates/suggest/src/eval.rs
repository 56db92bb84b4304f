//! The evaluation harness: labelled notes in, accuracy per language and overall out.

use crate::{engine, Engine, Level};
use entrack_core::{Service, L1};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One line of an evaluation file.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LabelledNote {
    pub lang: String,
    /// A service code or name (the note's workload).
    #[serde(default)]
    pub workload: Option<String>,
    pub note: String,
    pub l1: String,
    #[serde(default)]
    pub l2: Option<String>,
    #[serde(default)]
    pub l3: Option<String>,
    #[serde(default)]
    pub grade: Option<String>,
}

/// Counts for one language (or all).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metrics {
    pub notes: usize,
    pub l1_top1: usize,
    /// Notes labelled with an L2.
    pub l2_notes: usize,
    pub l2_top1: usize,
    pub l2_top3: usize,
    /// Notes labelled with an L3.
    pub l3_notes: usize,
    pub l3_top1: usize,
    pub graded: usize,
    pub grade_agree: usize,
}

fn pct(n: usize, of: usize) -> f64 {
    if of == 0 {
        f64::NAN
    } else {
        n as f64 * 100.0 / of as f64
    }
}

impl Metrics {
    pub fn l1(&self) -> f64 {
        pct(self.l1_top1, self.notes)
    }
    pub fn l2(&self) -> f64 {
        pct(self.l2_top1, self.l2_notes)
    }
    pub fn l2_top3(&self) -> f64 {
        pct(self.l2_top3, self.l2_notes)
    }
    pub fn l3(&self) -> f64 {
        pct(self.l3_top1, self.l3_notes)
    }
    pub fn grade(&self) -> f64 {
        pct(self.grade_agree, self.graded)
    }
}

/// A note the engine did not answer as labelled: where it is, what was labelled and what
/// was proposed (top L1 and L2, grade and the grade's reasons).
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Line of the file, from 1.
    pub line: usize,
    pub lang: String,
    pub note: String,
    pub labelled_l1: String,
    pub labelled_l2: Option<String>,
    pub labelled_grade: Option<String>,
    pub proposed_l1: String,
    pub proposed_l2: Option<String>,
    pub proposed_grade: String,
    pub reasons: Vec<String>,
    /// Whether the labelled L2 is among the first three proposals.
    pub l2_in_top3: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Evaluation {
    pub by_lang: BTreeMap<String, Metrics>,
    pub overall: Metrics,
    /// (labelled L2, proposed L2) → count; L1 codes stand for notes without an L2.
    pub confusion: BTreeMap<(String, String), usize>,
    /// The notes with a wrong L1, L2 or grade, in file order.
    pub misses: Vec<Miss>,
    /// Lines that could not be read: (line number, why).
    pub unreadable: Vec<(usize, String)>,
    /// Workloads the catalogue does not know, with how many notes name them: those notes
    /// were read without a service (no service's own L3s).
    pub unknown_workloads: BTreeMap<String, usize>,
    /// Labelled L2s that are no L2 of their L1 ("blocked/weather"), with how many notes
    /// have them: those notes count as answered wrongly.
    pub unknown_l2s: BTreeMap<String, usize>,
    /// Time spent suggesting, per note, in microseconds (the engine loaded beforehand).
    pub micros_per_note: f64,
}

fn norm_code(s: &str) -> String {
    s.trim().to_lowercase().replace([' ', '_'], "-")
}

/// An L1 by its code or name in any language, or as people write it otherwise: with
/// underscores or without spaces ("no_intent", "InProgress", "Duplicate / Invalid"), or
/// by one word of it ("Duplicate", "Invalid", "Unknown").
fn resolve_l1(s: &str) -> Option<L1> {
    let compact = |t: &str| {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let key = compact(s);
    L1::resolve(s)
        .or_else(|| L1::resolve(&norm_code(s)))
        .or_else(|| {
            L1::ALL.into_iter().find(|l| {
                let names = &l.def().names;
                compact(l.code()) == key
                    || [
                        Some(&names.en),
                        names.de.as_ref(),
                        names.es.as_ref(),
                        names.zh.as_ref(),
                    ]
                    .into_iter()
                    .flatten()
                    .any(|n| compact(n) == key)
            })
        })
        .or(match key.as_str() {
            "duplicate" | "invalid" => Some(L1::DuplicateInvalid),
            "unknown" => Some(L1::StatusUnknown),
            _ => None,
        })
}

/// An L2 of `l1` by its code or name, or by the words of its name however they are
/// joined ("Legal & Regulatory", "Security/Privacy", "Technical Onboarding/Deployment")
/// or shortened ("User Adoption", "Application Compatibility", "On-Prem"): the one L2
/// whose name holds every word written.
fn resolve_l2(l1: L1, s: &str) -> Option<entrack_core::L2> {
    use entrack_core::L2;
    if let Some(l2) = L2::resolve(l1, s).or_else(|| L2::resolve(l1, &norm_code(s))) {
        return Some(l2);
    }
    fn words(t: &str) -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| match w.to_lowercase().as_str() {
                "application" | "applications" => "app".to_string(),
                "prem" => "premises".to_string(),
                "mgmt" => "management".to_string(),
                w => w.to_string(),
            })
            .filter(|w| !matches!(w.as_str(), "and" | "or" | "the" | "of"))
            .collect()
    }
    let written = words(s);
    if written.is_empty() {
        return None;
    }
    let mut found = l1.l2s().filter(|l2| {
        let d = l2.def();
        let known: Vec<String> = std::iter::once(d.code.as_str())
            .chain(std::iter::once(d.names.en.as_str()))
            .chain(d.name_variants_en.iter().map(String::as_str))
            .flat_map(words)
            .collect();
        written.iter().all(|w| known.contains(w))
    });
    match (found.next(), found.next()) {
        (Some(l2), None) => Some(l2),
        _ => None,
    }
}

/// Reads the notes and scores the engine on them.
pub fn evaluate(lines: &str) -> Evaluation {
    evaluate_with(engine(), lines)
}

/// Reads the notes and scores the given engine on them.
pub fn evaluate_with(engine: &Engine, lines: &str) -> Evaluation {
    let mut ev = Evaluation::default();
    let mut spent = std::time::Duration::ZERO;
    // A byte order mark, as some editors write one, opens no note.
    let lines = lines.strip_prefix('\u{feff}').unwrap_or(lines);
    for (i, line) in lines.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let note: LabelledNote = match serde_json::from_str(line) {
            Ok(n) => n,
            Err(e) => {
                ev.unreadable.push((i + 1, e.to_string()));
                continue;
            }
        };
        let Some(l1) = resolve_l1(&note.l1) else {
            ev.unreadable
                .push((i + 1, format!("unknown L1 {:?}", note.l1)));
            continue;
        };
        let l2_named = note
            .l2
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| (s, resolve_l2(l1, s)));
        if let Some((s, None)) = l2_named {
            *ev.unknown_l2s
                .entry(format!("{}/{}", l1.code(), s.trim()))
                .or_default() += 1;
        }
        let l2 = l2_named.map(|(s, found)| {
            found
                .map(|x| x.code().to_string())
                .unwrap_or_else(|| norm_code(s))
        });
        // An L3 by its name ("No BDM/Sponsor Identified") is its code.
        let l3 = note
            .l3
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                l2_named
                    .and_then(|(_, found)| found)
                    .and_then(|l2| entrack_core::L3::resolve(l2, s))
                    .map(|x| x.code().to_string())
                    .unwrap_or_else(|| norm_code(s))
            });
        // "Great" is great; a grade that is none of the three is a mistake in the file.
        let grade = match note
            .grade
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
        {
            None => None,
            Some(g) => match Level::from_code(&g.to_lowercase()) {
                Some(level) => Some(level),
                None => {
                    ev.unreadable.push((
                        i + 1,
                        format!("unknown grade {g:?} (great, marginal or poor)"),
                    ));
                    continue;
                }
            },
        };
        let service = note.workload.as_deref().and_then(Service::resolve);
        if let Some(w) = note
            .workload
            .as_deref()
            .filter(|w| service.is_none() && !w.trim().is_empty())
        {
            *ev.unknown_workloads
                .entry(w.trim().to_string())
                .or_default() += 1;
        }
        let started = std::time::Instant::now();
        let s = engine.suggest(&note.note, service);
        spent += started.elapsed();
        // A language tag with its region ("zh-CN", "es_MX", "de-DE") is scored with its
        // language.
        let lang = note
            .lang
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_lowercase();
        let mut one = Metrics {
            notes: 1,
            ..Metrics::default()
        };
        let top = &s.proposals[0];
        one.l1_top1 = usize::from(top.l1 == l1);
        if let Some(l2) = &l2 {
            one.l2_notes = 1;
            let code = |p: &crate::Proposal| p.l2.map(|x| x.code().to_string());
            one.l2_top1 = usize::from(top.l1 == l1 && code(top).as_ref() == Some(l2));
            one.l2_top3 = usize::from(
                s.proposals
                    .iter()
                    .take(3)
                    .any(|p| p.l1 == l1 && code(p).as_ref() == Some(l2)),
            );
        }
        if let Some(l3) = &l3 {
            one.l3_notes = 1;
            one.l3_top1 = usize::from(top.l3.map(|x| x.code()) == Some(l3.as_str()));
        }
        if let Some(g) = grade {
            one.graded = 1;
            one.grade_agree = usize::from(g == s.grade.level);
        }
        let l2_wrong = one.l2_notes == 1 && one.l2_top1 == 0;
        let grade_wrong = one.graded == 1 && one.grade_agree == 0;
        if one.l1_top1 == 0 || l2_wrong || grade_wrong {
            ev.misses.push(Miss {
                line: i + 1,
                lang: lang.clone(),
                note: note.note.clone(),
                labelled_l1: l1.code().to_string(),
                labelled_l2: l2.clone(),
                labelled_grade: note.grade.as_deref().map(|g| g.trim().to_string()),
                proposed_l1: top.l1.code().to_string(),
                proposed_l2: top.l2.map(|x| x.code().to_string()),
                proposed_grade: s.grade.level.code().to_string(),
                reasons: s
                    .grade
                    .reasons
                    .iter()
                    .map(|r| r.code.code().to_string())
                    .collect(),
                l2_in_top3: one.l2_top3 == 1,
            });
        }
        let labelled = l2.clone().unwrap_or_else(|| l1.code().to_string());
        let proposed = top
            .l2
            .map(|x| x.code().to_string())
            .unwrap_or_else(|| top.l1.code().to_string());
        *ev.confusion.entry((labelled, proposed)).or_default() += 1;
        for m in [ev.by_lang.entry(lang).or_default(), &mut ev.overall] {
            m.notes += one.notes;
            m.l1_top1 += one.l1_top1;
            m.l2_notes += one.l2_notes;
            m.l2_top1 += one.l2_top1;
            m.l2_top3 += one.l2_top3;
            m.l3_notes += one.l3_notes;
            m.l3_top1 += one.l3_top1;
            m.graded += one.graded;
            m.grade_agree += one.grade_agree;
        }
    }
    if ev.overall.notes > 0 {
        ev.micros_per_note = spent.as_secs_f64() * 1e6 / ev.overall.notes as f64;
    }
    ev
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_development_set_is_read_whole_and_scored_per_language() {
        let ev = evaluate(include_str!("../data/dev.jsonl"));
        assert!(ev.unreadable.is_empty(), "{:?}", ev.unreadable);
        assert_eq!(ev.by_lang.len(), 4);
        let total: usize = ev.by_lang.values().map(|m| m.notes).sum();
        assert_eq!(total, ev.overall.notes);
        assert_eq!(ev.confusion.values().sum::<usize>(), ev.overall.notes);
    }

    #[test]
    fn labels_are_read_by_code_name_or_code_with_underscores() {
        let lines = [
            r#"{"lang":"en","workload":"yammer","note":"No intent: nobody in the business will sponsor Yammer, HR and comms both declined.","l1":"no_intent","l2":"executive_sponsorship","l3":"No BDM/Sponsor Identified","grade":"Great"}"#,
            r#"{"lang":"en","workload":"yammer","note":"No intent: nobody in the business will sponsor Yammer, HR and comms both declined.","l1":"No Intent","l2":"Executive Sponsorship","l3":"no-bdm-sponsor-identified","grade":"great"}"#,
        ];
        let ev = evaluate(&lines.join("\n"));
        assert!(ev.unreadable.is_empty(), "{:?}", ev.unreadable);
        assert_eq!(ev.overall.l1_top1, 2);
        assert_eq!(ev.overall.l2_top1, 2);
        assert_eq!(ev.overall.l3_notes, 2);
        assert_eq!(ev.overall.l3_top1, 2, "{:?}", ev.misses);
    }

    #[test]
    fn an_l2_is_read_by_the_words_of_its_name() {
        for (l1, written, code) in [
            (L1::Blocked, "Legal & Regulatory", "legal-regulatory"),
            (L1::Blocked, "Legal/Regulatory", "legal-regulatory"),
            (
                L1::Blocked,
                "Security & Privacy",
                "security-privacy-non-product-feature",
            ),
            (
                L1::Blocked,
                "Billing, Licensing & Subscription",
                "billing-licensing-subscription",
            ),
            (
                L1::Blocked,
                "IT Change Mgmt & Resourcing",
                "it-change-management-resourcing",
            ),
            (
                L1::Blocked,
                "Application Compatibility",
                "app-compatibility",
            ),
            (L1::InProgress, "User Adoption", "solution-or-user-adoption"),
            (
                L1::InProgress,
                "Technical Onboarding/Deployment",
                "technical-onboarding-deployment",
            ),
            (
                L1::NoIntent,
                "Using Microsoft On-Prem Solution",
                "using-microsoft-on-premises-solution",
            ),
            (
                L1::StatusUnknown,
                "New Subscription/Workload",
                "new-subscription-or-workload",
            ),
        ] {
            assert_eq!(
                resolve_l2(l1, written).map(|l2| l2.code()),
                Some(code),
                "{written}"
            );
        }
        let ev = evaluate(
            r#"{"lang":"en","workload":"teams","note":"Blocked by the weather.","l1":"blocked","l2":"Weather","grade":"marginal"}"#,
        );
        assert_eq!(ev.unknown_l2s.get("blocked/Weather"), Some(&1));
        // Words that more than one L2 holds name none of them.
        assert_eq!(resolve_l2(L1::NoIntent, "Using Solution"), None);
        assert_eq!(resolve_l2(L1::Blocked, "Weather"), None);
    }

    #[test]
    fn an_l1_is_read_as_people_write_it() {
        for (written, l1) in [
            ("InProgress", L1::InProgress),
            ("NoIntent", L1::NoIntent),
            ("Duplicate / Invalid", L1::DuplicateInvalid),
            ("Duplicate", L1::DuplicateInvalid),
            ("Invalid", L1::DuplicateInvalid),
            ("Unknown", L1::StatusUnknown),
            ("status_unknown", L1::StatusUnknown),
            ("Sin intención", L1::NoIntent),
        ] {
            assert_eq!(resolve_l1(written), Some(l1), "{written}");
        }
        assert_eq!(resolve_l1("Maybe"), None);
    }

    #[test]
    fn a_byte_order_mark_and_windows_line_ends_are_read() {
        let one = r#"{"lang":"en","workload":"teams","note":"No intent.","l1":"no-intent","grade":"poor"}"#;
        let ev = evaluate(&format!("\u{feff}{one}\r\n{one}\r\n"));
        assert!(ev.unreadable.is_empty(), "{:?}", ev.unreadable);
        assert_eq!(ev.overall.notes, 2);
    }

    #[test]
    fn a_language_tag_with_its_region_is_scored_with_its_language() {
        let lines = [
            r#"{"lang":"zh-CN","workload":"teams","note":"无意向","l1":"no-intent","grade":"poor"}"#,
            r#"{"lang":"zh","workload":"teams","note":"无意向","l1":"no-intent","grade":"poor"}"#,
            r#"{"lang":"es_MX","workload":"teams","note":"Sin intención.","l1":"no-intent","grade":"poor"}"#,
            r#"{"lang":"DE-de","workload":"teams","note":"Keine Absicht.","l1":"no-intent","grade":"poor"}"#,
        ];
        let ev = evaluate(&lines.join("\n"));
        assert_eq!(
            ev.by_lang.keys().collect::<Vec<_>>(),
            vec!["de", "es", "zh"]
        );
        assert_eq!(ev.by_lang["zh"].notes, 2);
    }

    #[test]
    fn workloads_the_catalogue_does_not_know_are_counted() {
        let lines = [
            r#"{"lang":"en","workload":"Teams Premium Plus","note":"Blocked: proxy drops media traffic, fix in March","l1":"blocked","l2":"customer-it-infrastructure-remediation","grade":"great"}"#,
            r#"{"lang":"de","workload":"Teams Premium Plus","note":"Blockiert: Proxy verwirft Medienverkehr, Fix im März","l1":"blocked","l2":"customer-it-infrastructure-remediation","grade":"great"}"#,
            r#"{"lang":"en","workload":"Shifts","note":"Blocked: store staff have no phones or PCs","l1":"blocked","l2":"customer-it-infrastructure-remediation","grade":"great"}"#,
            r#"{"lang":"en","note":"Blocked: proxy drops media traffic, fix in March","l1":"blocked","l2":"customer-it-infrastructure-remediation","grade":"great"}"#,
        ];
        let ev = evaluate(&lines.join("\n"));
        assert_eq!(ev.overall.notes, 4);
        assert_eq!(
            ev.unknown_workloads.into_iter().collect::<Vec<_>>(),
            vec![("Teams Premium Plus".to_string(), 2)]
        );
    }

    #[test]
    fn each_note_answered_otherwise_than_labelled_is_listed_with_both_answers() {
        let lines = [
            r#"{"lang":"en","workload":"exchange","note":"Blocked: the firewall drops SMTP traffic to EXO, network team replacing it in March","l1":"blocked","l2":"customer-it-infrastructure-remediation","grade":"great"}"#,
            r#"{"lang":"en","workload":"exchange","note":"Blocked: the firewall drops SMTP traffic to EXO, network team replacing it in March","l1":"no-intent","l2":"using-competitive-solution","grade":"poor"}"#,
        ]
        .join("\n");
        let ev = evaluate(&lines);
        assert_eq!(ev.overall.notes, 2);
        assert_eq!(ev.misses.len(), 1, "{:?}", ev.misses);
        let miss = &ev.misses[0];
        assert_eq!(miss.line, 2);
        assert_eq!(miss.labelled_l1, "no-intent");
        assert_eq!(miss.proposed_l1, "blocked");
        assert_eq!(
            miss.proposed_l2.as_deref(),
            Some("customer-it-infrastructure-remediation")
        );
        assert_eq!(miss.labelled_grade.as_deref(), Some("poor"));
        assert_eq!(miss.proposed_grade, "great");
        assert!(!miss.l2_in_top3);
    }

    #[test]
    fn grades_are_read_in_any_case_and_an_unknown_one_is_reported() {
        let ev = evaluate(
            "{\"lang\":\"EN\",\"note\":\"Customer has no intent.\",\"l1\":\"No Intent\",\"grade\":\"Poor\"}\n\
             {\"lang\":\"en\",\"note\":\"x\",\"l1\":\"no-intent\",\"grade\":\"good\"}\n",
        );
        assert_eq!(ev.overall.notes, 1);
        assert_eq!((ev.overall.graded, ev.overall.grade_agree), (1, 1));
        assert_eq!(ev.unreadable.len(), 1);
        assert!(ev.unreadable[0].1.contains("good"), "{:?}", ev.unreadable);
    }

    #[test]
    fn a_bad_line_is_reported_not_fatal() {
        let ev = evaluate("{\"lang\":\"en\",\"note\":\"x\",\"l1\":\"nonsense\"}\nnot json\n");
        assert_eq!(ev.unreadable.len(), 2);
        assert_eq!(ev.overall.notes, 0);
    }
}
