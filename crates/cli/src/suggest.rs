//! `entrack suggest`: grade a status note and propose L1/L2/L3; `--eval FILE.jsonl` scores
//! the engine on labelled notes.

use crate::args::{Format, SuggestArgs};
use crate::output::json;
use crate::Failure;
use entrack_core::messages::text;
use entrack_core::Lang;
use entrack_store::ops;
use entrack_suggest::{engine, evaluate, message_key, Level, Metrics};
use std::io::Read;

type Res = Result<(), Failure>;

pub fn suggest_cmd(a: SuggestArgs, format: Format, lang: Lang) -> Res {
    if let Some(path) = &a.eval {
        return eval_cmd(path, a.misses, format, lang);
    }
    let service = match &a.service {
        Some(s) => Some(ops::resolve_service(s).map_err(|e| Failure::from_op(e, lang))?),
        None => None,
    };
    let note = match a.note {
        Some(n) => n,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map_err(|e| {
                Failure::Environment(text(
                    lang,
                    "err-input",
                    &[("path", "-".into()), ("detail", e.to_string())],
                ))
            })?;
            s
        }
    };
    let s = engine().suggest(&note, service);
    if format == Format::Json {
        let reasons: Vec<serde_json::Value> = s
            .grade
            .reasons
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code.code(),
                    "found": r.found,
                    "message": reason_text(lang, r),
                })
            })
            .collect();
        println!(
            "{}",
            json(&serde_json::json!({
                "grade": s.grade.level.code(),
                "reasons": reasons,
                "proposals": s.proposals,
            }))?
        );
        return Ok(());
    }
    let level = text(
        lang,
        &format!("suggest-grade-{}", s.grade.level.code()),
        &[],
    );
    println!("{level}");
    for r in &s.grade.reasons {
        println!("  - {}", reason_text(lang, r));
    }
    println!();
    for (i, p) in s.proposals.iter().take(3).enumerate() {
        let mut path = p.l1.name(lang).to_string();
        if let Some(l2) = p.l2 {
            path.push_str(" › ");
            path.push_str(l2.name(lang));
        }
        if let Some(l3) = p.l3 {
            path.push_str(" › ");
            path.push_str(l3.name(lang));
        }
        println!("{}. {path}  ({:.0} %)", i + 1, p.score * 100.0);
    }
    if s.grade.level == Level::Poor {
        return Err(Failure::Quiet(1));
    }
    Ok(())
}

fn reason_text(lang: Lang, r: &entrack_suggest::Reason) -> String {
    text(
        lang,
        &message_key(r.code),
        &[("found", r.found.clone().unwrap_or_default())],
    )
}

fn eval_cmd(path: &std::path::Path, misses: bool, format: Format, lang: Lang) -> Res {
    let input = std::fs::read_to_string(path).map_err(|e| {
        Failure::Environment(text(
            lang,
            "err-input",
            &[
                ("path", path.display().to_string()),
                ("detail", e.to_string()),
            ],
        ))
    })?;
    let ev = evaluate(&input);
    if format == Format::Json {
        let confusion: Vec<serde_json::Value> = ev
            .confusion
            .iter()
            .map(|((a, b), n)| serde_json::json!({"labelled": a, "proposed": b, "count": n}))
            .collect();
        let unreadable: Vec<serde_json::Value> = ev
            .unreadable
            .iter()
            .map(|(line, why)| serde_json::json!({"line": line, "error": why}))
            .collect();
        let mut out = serde_json::json!({
            "by_lang": ev.by_lang,
            "overall": ev.overall,
            "confusion": confusion,
            "unreadable": unreadable,
            "unknown_workloads": ev.unknown_workloads,
            "unknown_l2s": ev.unknown_l2s,
            "micros_per_note": ev.micros_per_note,
        });
        if misses {
            out["misses"] = serde_json::json!(ev.misses);
        }
        println!("{}", json(&out)?);
        return Ok(());
    }
    let pct = |x: f64| {
        if x.is_nan() {
            "–".to_string()
        } else {
            format!("{x:.1} %")
        }
    };
    let line = |name: &str, m: &Metrics| {
        println!(
            "{name:<8} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9}",
            m.notes,
            pct(m.l1()),
            pct(m.l2()),
            pct(m.l2_top3()),
            pct(m.l3()),
            pct(m.grade())
        );
    };
    println!(
        "{:<8} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "lang", "notes", "L1 top1", "L2 top1", "L2 top3", "L3", "grade"
    );
    for (l, m) in &ev.by_lang {
        line(l, m);
    }
    line("overall", &ev.overall);
    println!("time per note: {:.1} µs", ev.micros_per_note);
    println!();
    println!("L2 confusion (labelled → proposed, mistakes only):");
    let mut wrong: Vec<(&(String, String), &usize)> =
        ev.confusion.iter().filter(|((a, b), _)| a != b).collect();
    wrong.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if wrong.is_empty() {
        println!("  none");
    }
    for ((a, b), n) in wrong {
        println!("  {n:>4}  {a} → {b}");
    }
    if misses {
        println!();
        println!(
            "Notes answered otherwise than labelled ({}):",
            ev.misses.len()
        );
        for m in &ev.misses {
            let path = |l1: &str, l2: &Option<String>| match l2 {
                Some(l2) => format!("{l1}/{l2}"),
                None => l1.to_string(),
            };
            let top3 = if m.l2_in_top3 { " (L2 in top 3)" } else { "" };
            println!("  line {} [{}] {}", m.line, m.lang, m.note);
            println!(
                "    labelled {} {}; proposed {} {}{top3}{}",
                path(&m.labelled_l1, &m.labelled_l2),
                m.labelled_grade.as_deref().unwrap_or("-"),
                path(&m.proposed_l1, &m.proposed_l2),
                m.proposed_grade,
                if m.reasons.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", m.reasons.join(", "))
                }
            );
        }
    }
    for (line, why) in &ev.unreadable {
        eprintln!("line {line}: {why}");
    }
    let notes = |n: usize| format!("{n} note{}", if n == 1 { "" } else { "s" });
    for (workload, n) in &ev.unknown_workloads {
        eprintln!(
            "workload {workload:?} ({}) is not a service of the catalogue (see \"entrack services\"): read without a service",
            notes(*n)
        );
    }
    for (l2, n) in &ev.unknown_l2s {
        eprintln!(
            "L2 {l2:?} ({}) is no L2 of its L1 (see \"entrack taxonomy\"): counted as answered wrongly",
            notes(*n)
        );
    }
    Ok(())
}
