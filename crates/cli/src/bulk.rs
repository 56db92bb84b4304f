//! The bulk commands: import (and its undo and batch list), feed, export, review.

use crate::args::{ExportArgs, FeedArgs, FileOpts, Format, ImportAction, ImportArgs};
use crate::output;
use crate::Failure;
use entrack_bulk::{FileError, Progress};
use entrack_core::change::Meta;
use entrack_core::history::Source;
use entrack_core::messages::text;
use entrack_core::{Lang, Role};
use entrack_store::ops::{self, Ctx};
use entrack_store::Store;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;

type Res = Result<(), Failure>;

/// The context of a bulk change; once the store has users, the named user must be an
/// admin (imports, feeds and undo change a whole organisation).
fn bulk_ctx(
    store: &dyn Store,
    actor: &str,
    role: Option<Role>,
    lang: Lang,
    source: Source,
) -> Result<Ctx, Failure> {
    let principal = crate::accounts::principal(store, actor, role, lang)?;
    let ctx = Ctx {
        meta: Meta {
            at: jiff::Timestamp::now(),
            actor: actor.trim().to_string(),
            source,
            batch: Some(entrack_bulk::new_batch_id()),
        },
        role: principal.as_ref().map(|p| p.role).or(role),
        lang,
        principal,
    };
    ctx.require_admin(source.code())
        .map_err(|e| Failure::from_op(e, lang))?;
    Ok(ctx)
}

/// A progress bar over the file's bytes (CSV) or rows (XLSX), on a terminal only.
fn progress_bar(path: &Path, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let pb = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {percent}% {msg} (ETA {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(pb)
}

fn progress_fn(pb: &Option<ProgressBar>) -> impl Fn(Progress) + Sync + '_ {
    let started = std::time::Instant::now();
    move |p: Progress| {
        if let Some(pb) = pb {
            if p.bytes != u64::MAX && p.bytes > 0 {
                pb.set_position(p.bytes);
            }
            let secs = started.elapsed().as_secs_f64().max(0.001);
            pb.set_message(format!(
                "{} rows, {:.0} rows/s",
                p.rows,
                p.rows as f64 / secs
            ));
        }
    }
}

fn print_errors(errors: &[FileError], opts: &FileOpts, lang: Lang) -> Res {
    print_findings(errors, &[], opts, lang)
}

/// Errors, then warnings (accepted, to be looked at), each list cut at 50 lines; with
/// `--errors FILE` all of both go to the file.
fn print_findings(
    errors: &[FileError],
    warnings: &[FileError],
    opts: &FileOpts,
    lang: Lang,
) -> Res {
    list_findings(errors, opts, lang);
    if !warnings.is_empty() {
        eprintln!(
            "{}",
            text(
                lang,
                "cli-import-warnings",
                &[("count", warnings.len().to_string())]
            )
        );
        list_findings(warnings, opts, lang);
    }
    if let Some(path) = &opts.errors {
        let all: Vec<FileError> = errors.iter().chain(warnings).cloned().collect();
        entrack_bulk::write_errors_csv(path, &all).map_err(|e| {
            Failure::Environment(text(
                lang,
                "err-input",
                &[
                    ("path", path.display().to_string()),
                    ("detail", e.to_string()),
                ],
            ))
        })?;
        eprintln!(
            "{}",
            text(
                lang,
                "cli-errors-written",
                &[("path", path.display().to_string())]
            )
        );
    }
    Ok(())
}

fn list_findings(errors: &[FileError], opts: &FileOpts, lang: Lang) {
    const SHOWN: usize = 50;
    for e in errors.iter().take(SHOWN) {
        let mut at = text(lang, "cli-file-error-at", &[("row", e.row.to_string())]);
        if let Some(c) = &e.column {
            at.push_str(&format!(", {c}"));
        }
        match &e.value {
            Some(v) if !v.is_empty() => eprintln!("  - {at} (“{v}”): {} [{}]", e.message, e.code),
            _ => eprintln!("  - {at}: {} [{}]", e.message, e.code),
        }
    }
    if errors.len() > SHOWN && opts.errors.is_none() {
        eprintln!(
            "  {}",
            text(
                lang,
                "cli-errors-more",
                &[("count", (errors.len() - SHOWN).to_string())]
            )
        );
    }
}

fn need_actor(actor: Option<&str>, lang: Lang) -> Result<String, Failure> {
    match actor.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => Ok(a.to_string()),
        None => Err(Failure::Usage(text(lang, "cli-need-actor", &[]))),
    }
}

fn need_file(path: &Path, lang: Lang) -> Res {
    if path.is_file() {
        Ok(())
    } else {
        Err(Failure::Environment(text(
            lang,
            "err-input",
            &[
                ("path", path.display().to_string()),
                ("detail", "no such file".to_string()),
            ],
        )))
    }
}

/// The summary line and what became of the batch; exit status 1 when anything was rejected.
fn finish_run(
    line: &str,
    dry_run: bool,
    batch: Option<&str>,
    had_errors: bool,
    format: Format,
    lang: Lang,
) -> Res {
    let status = if dry_run {
        text(lang, "cli-dry-run", &[])
    } else if let Some(b) = batch {
        text(lang, "cli-import-written", &[("batch", b.to_string())])
    } else if had_errors {
        text(lang, "cli-import-refused", &[])
    } else {
        text(lang, "cli-nothing-changed", &[])
    };
    // With --format json the data goes to stdout and the words to stderr.
    if format == Format::Json {
        eprintln!("{line}\n{status}");
    } else {
        println!("{line}\n{status}");
    }
    if had_errors {
        Err(Failure::Quiet(1))
    } else {
        Ok(())
    }
}

pub fn import_cmd(store: &dyn Store, a: ImportArgs, format: Format, lang: Lang) -> Res {
    match a.action {
        Some(ImportAction::Undo { batch, who }) => {
            return undo_cmd(store, &batch, &who.actor, who.role, format, lang)
        }
        Some(ImportAction::Batches { limit }) => return batches_cmd(store, limit, format, lang),
        None => {}
    }
    let Some(file) = a.file else {
        return Err(Failure::Usage(
            "entrack import FILE | entrack import undo BATCH | entrack import batches".into(),
        ));
    };
    need_file(&file, lang)?;
    let actor = need_actor(a.actor.as_deref(), lang)?;
    let ctx = bulk_ctx(store, &actor, a.role, lang, Source::Import)?;
    let pb = progress_bar(&file, a.opts.quiet);
    let progress = progress_fn(&pb);
    let opts = entrack_bulk::import::ImportOptions {
        dry_run: a.opts.dry_run,
        skip_invalid: a.skip_invalid,
        date_format: a.date_format,
        ctx,
        progress: Some(&progress),
    };
    let outcome = entrack_bulk::import::import(store, &file, &opts)
        .map_err(|e| Failure::Environment(text(lang, "err-store", &[("detail", e.to_string())])))?;
    if let Some(pb) = &pb {
        pb.finish_and_clear();
    }
    let s = &outcome.summary;
    if format == Format::Json {
        println!(
            "{}",
            output::json(&serde_json::json!({
                "summary": s,
                "errors": outcome.errors,
                "warnings": outcome.warnings
            }))?
        );
    }
    print_findings(&outcome.errors, &outcome.warnings, &a.opts, lang)?;
    let line = s.line(lang);
    finish_run(
        &line,
        s.dry_run,
        s.batch.as_deref(),
        !outcome.errors.is_empty(),
        format,
        lang,
    )
}

pub fn feed_cmd(store: &dyn Store, a: FeedArgs, format: Format, lang: Lang) -> Res {
    need_file(&a.file, lang)?;
    let ctx = bulk_ctx(store, &a.who.actor, a.who.role, lang, Source::Automation)?;
    let pb = progress_bar(&a.file, a.opts.quiet);
    let progress = progress_fn(&pb);
    let opts = entrack_bulk::feed::FeedOptions {
        dry_run: a.opts.dry_run,
        full: a.full,
        ctx,
        progress: Some(&progress),
    };
    let outcome = entrack_bulk::feed::feed(store, &a.file, &opts)
        .map_err(|e| Failure::from_store(e, lang))?;
    if let Some(pb) = &pb {
        pb.finish_and_clear();
    }
    let s = &outcome.summary;
    if format == Format::Json {
        let flagged: Vec<_> = outcome
            .flagged
            .iter()
            .map(|(t, svc, r)| serde_json::json!({"tenant_id": t, "service": svc.code(), "review": r.to_string()}))
            .collect();
        println!(
            "{}",
            output::json(
                &serde_json::json!({ "summary": s, "flagged": flagged, "errors": outcome.errors })
            )?
        );
    }
    print_errors(&outcome.errors, &a.opts, lang)?;
    if format != Format::Json {
        for (t, svc, r) in &outcome.flagged {
            println!("  ! {t} {} {r}", svc.code());
        }
    }
    let line = text(
        lang,
        "cli-feed-summary",
        &[
            ("lines", s.lines.to_string()),
            ("tenants", s.tenants_created.to_string()),
            ("created", s.services_created.to_string()),
            ("changed", s.totals_changed.to_string()),
            ("unchanged", s.unchanged.to_string()),
            ("flagged", s.flagged.to_string()),
            ("rejected", s.rejected.to_string()),
        ],
    );
    finish_run(
        &line,
        s.dry_run,
        s.batch.as_deref(),
        !outcome.errors.is_empty(),
        format,
        lang,
    )
}

pub fn export_cmd(store: &dyn Store, a: ExportArgs, labels: Option<Lang>, lang: Lang) -> Res {
    let op = |e| Failure::from_op(e, lang);
    let tenant = match &a.tenant {
        Some(t) => Some(
            ops::find_tenant(store, &crate::commands::operator_ctx(lang), t)
                .map_err(op)?
                .tenant_id,
        ),
        None => None,
    };
    let service = a
        .service
        .as_deref()
        .map(ops::resolve_service)
        .transpose()
        .map_err(op)?;
    let bad = |field: entrack_core::Field, v: &str, code| {
        Failure::Rejected(vec![entrack_core::Violation::new(code)
            .field(field)
            .value(v)])
    };
    let l1 = match &a.l1 {
        Some(s) => Some(entrack_core::L1::resolve(s).ok_or_else(|| {
            bad(
                entrack_core::Field::L1,
                s,
                entrack_core::RuleCode::UnknownL1,
            )
        })?),
        None => None,
    };
    let l2 = match (&a.l2, l1) {
        (Some(s), Some(l1)) => Some(entrack_core::L2::resolve(l1, s).ok_or_else(|| {
            bad(
                entrack_core::Field::L2,
                s,
                entrack_core::RuleCode::L2NotInL1,
            )
        })?),
        _ => None,
    };
    let q = entrack_store::ExportQuery {
        org: None,
        tenant,
        service,
        l1,
        l2,
    };
    let summary =
        entrack_bulk::export::export(store, &a.file, &q, labels).map_err(|e| match e {
            entrack_bulk::export::ExportError::Store(e) => Failure::from_store(e, lang),
            other => Failure::Environment(other.to_string()),
        })?;
    println!(
        "{}",
        text(
            lang,
            "cli-export-summary",
            &[
                ("rows", summary.rows.to_string()),
                ("services", summary.services.to_string()),
                ("path", a.file.display().to_string()),
            ],
        )
    );
    Ok(())
}

pub fn review_cmd(store: &dyn Store, format: Format, lang: Lang) -> Res {
    let index = store
        .index(None)
        .map_err(|e| Failure::from_store(e, lang))?;
    let mut flagged: Vec<(String, &'static str, String)> = index
        .services()
        .filter(|(_, m)| !m.removed)
        .filter_map(|((k, s), m)| {
            m.review.map(|r| {
                (
                    entrack_bulk::tenant_of_key(k).to_string(),
                    s.code(),
                    r.to_string(),
                )
            })
        })
        .collect();
    flagged.sort();
    if flagged.is_empty() && format == Format::Table {
        println!("{}", text(lang, "cli-no-review", &[]));
        return Ok(());
    }
    let header = ["tenant_id", "service", "review"];
    let rows: Vec<Vec<String>> = flagged
        .into_iter()
        .map(|(t, s, r)| vec![t, s.to_string(), r])
        .collect();
    let labels: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    output::print_records(format, &header, &labels, &rows)?;
    Ok(())
}

fn undo_cmd(
    store: &dyn Store,
    batch: &str,
    actor: &str,
    role: Option<Role>,
    format: Format,
    lang: Lang,
) -> Res {
    let ctx = bulk_ctx(store, actor, role, lang, Source::Import)?;
    match entrack_bulk::undo::undo(store, batch.trim(), &ctx.meta, ctx.org()) {
        Ok(s) => {
            if format == Format::Json {
                println!("{}", output::json(&s)?);
            } else {
                println!(
                    "{}",
                    text(
                        lang,
                        "cli-undo-done",
                        &[
                            ("batch", s.undone.clone()),
                            ("undo", s.batch.clone()),
                            ("restored", s.restored.to_string()),
                            ("removed", s.removed.to_string()),
                            ("tenants", s.tenants_removed.to_string()),
                        ],
                    )
                );
            }
            Ok(())
        }
        Err(entrack_bulk::undo::UndoError::Refused(v)) => Err(Failure::Rejected(v)),
        Err(entrack_bulk::undo::UndoError::Store(e)) => Err(Failure::from_store(e, lang)),
    }
}

fn batches_cmd(store: &dyn Store, limit: usize, format: Format, lang: Lang) -> Res {
    let batches = store
        .batches(Some(limit))
        .map_err(|e| Failure::from_store(e, lang))?;
    if batches.is_empty() && format == Format::Table {
        println!("{}", text(lang, "cli-no-batches", &[]));
        return Ok(());
    }
    let header = [
        "batch",
        "kind",
        "at",
        "actor",
        "file",
        "events",
        "undoes",
        "undone_by",
    ];
    let rows: Vec<Vec<String>> = batches
        .into_iter()
        .map(|b| {
            let events = match (b.first_seq, b.last_seq) {
                (Some(f), Some(l)) => (l - f + 1).to_string(),
                _ => "0".into(),
            };
            vec![
                b.id,
                b.kind.code().to_string(),
                b.at.strftime("%Y-%m-%d %H:%M:%S").to_string(),
                b.actor,
                b.file.unwrap_or_default(),
                events,
                b.undoes.unwrap_or_default(),
                b.undone_by.unwrap_or_default(),
            ]
        })
        .collect();
    let labels: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    output::print_records(format, &header, &labels, &rows)?;
    Ok(())
}
