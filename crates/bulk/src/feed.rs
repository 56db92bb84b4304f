//! `entrack feed FILE`: the licensing feed's totals (tenant_id, tenant_name, service,
//! total_entitlements) applied the way the playbook's automation does. New tenants and
//! services appear with all seats in Status Unknown / New Subscription or Workload; added
//! seats land there too; fewer seats come out of Status Unknown, and when that is not
//! enough the service is flagged for review and keeps its rows and total. With `full`,
//! stored services the feed does not list are flagged, never deleted. One batch, all or
//! nothing.

use crate::format::{restore, Columns, FEED_COLUMNS};
use crate::source::{self, CellRef};
use crate::{FileError, Progress, ProgressFn};
use entrack_core::change::{plan_feed, plan_review, plan_tenant_create, FeedPlan};
use entrack_core::history::{Event, EventKind};
use entrack_core::model::{Field, Review, ReviewReason};
use entrack_core::parse::{parse_count, parse_service};
use entrack_core::rules::{RuleCode, Violation};
use entrack_core::{Service, TenantId};
use entrack_store::ops::Ctx;
use entrack_store::{tenant_key, BatchKind, Bulk, Finish, Store, StoreError, TenantKey, Write};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::path::Path;

pub struct FeedOptions<'a> {
    pub dry_run: bool,
    /// The feed lists every service: flag the stored ones it does not list.
    pub full: bool,
    pub ctx: Ctx,
    pub progress: Option<ProgressFn<'a>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FeedSummary {
    pub batch: Option<String>,
    pub lines: u64,
    pub tenants_created: u64,
    pub services_created: u64,
    pub totals_changed: u64,
    pub unchanged: u64,
    /// Flagged for review: a reduction Status Unknown could not absorb, or (with `full`)
    /// missing from the feed.
    pub flagged: u64,
    pub rejected: u64,
    pub written: bool,
    pub dry_run: bool,
}

#[derive(Debug)]
pub struct FeedOutcome {
    pub summary: FeedSummary,
    pub errors: Vec<FileError>,
    /// The services flagged by this run: tenant, service, flag.
    pub flagged: Vec<(TenantId, Service, Review)>,
}

fn text<'c>(cells: &[CellRef<'c>], i: Option<usize>) -> Option<String> {
    match i.and_then(|i| cells.get(i))? {
        CellRef::Text(t) => {
            let t = restore(t.trim()).trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        CellRef::Number(n) if n.fract() == 0.0 => Some(format!("{}", *n as i64)),
        CellRef::Number(n) => Some(n.to_string()),
        CellRef::Date(d) => Some(d.to_string()),
    }
}

fn event(
    ctx: &Ctx,
    tenant: &TenantId,
    kind: EventKind,
    changes: Vec<entrack_core::history::FieldChange>,
) -> Event {
    Event {
        seq: 0,
        at: ctx.meta.at,
        actor: ctx.meta.actor.clone(),
        source: ctx.meta.source,
        tenant_id: tenant.clone(),
        service: None,
        kind,
        version: 1,
        changes,
        batch: ctx.meta.batch.clone(),
    }
}

/// Applies an entitlement feed file.
pub fn feed(
    store: &dyn Store,
    path: &Path,
    opts: &FeedOptions<'_>,
) -> Result<FeedOutcome, StoreError> {
    let index = store.index(opts.ctx.org())?;
    let lang = opts.ctx.lang;
    let rules = opts.ctx.rules();
    let mut summary = FeedSummary {
        batch: opts.ctx.meta.batch.clone(),
        dry_run: opts.dry_run,
        ..Default::default()
    };
    let mut errors: Vec<FileError> = Vec::new();
    let mut flagged: Vec<(TenantId, Service, Review)> = Vec::new();
    let mut wrote = false;
    let mut work = |bulk: &mut dyn Bulk| -> Result<Finish, StoreError> {
        let mut columns: Option<Columns> = None;
        let mut seen: FxHashMap<(TenantKey, Service), (usize, u64)> = FxHashMap::default();
        let mut new_tenants: FxHashSet<TenantKey> = FxHashSet::default();
        let mut failure: Option<StoreError> = None;
        let mut writes: Vec<Write> = Vec::new();
        let mut bad_rows: Vec<FileError> = Vec::new();
        let err = |v: Violation, row: usize, columns: Option<&Columns>| {
            let column = v.field.map(|f| {
                columns
                    .map(|c| c.header(f))
                    .unwrap_or_else(|| f.code().to_string())
            });
            FileError::from_violation(&v, row, column, lang)
        };
        let read = source::read(
            path,
            &mut |info, cells| {
                let Some(cols) = columns.as_ref() else {
                    let headers: Vec<String> = cells
                        .iter()
                        .map(|c| match c {
                            CellRef::Text(t) => t.to_string(),
                            other => format!("{other:?}"),
                        })
                        .collect();
                    match Columns::read(
                        &headers,
                        &FEED_COLUMNS,
                        &[Field::TenantId, Field::Service, Field::TotalEntitlements],
                    ) {
                        Ok(c) => {
                            columns = Some(c);
                            return std::ops::ControlFlow::Continue(());
                        }
                        Err(v) => {
                            errors.extend(v.into_iter().map(|v| err(v, 1, None)));
                            return std::ops::ControlFlow::Break(());
                        }
                    }
                };
                let row = info.row;
                summary.lines += 1;
                if summary.lines.is_multiple_of(4096) {
                    if let Some(p) = opts.progress {
                        p(Progress {
                            bytes: info.bytes,
                            rows: summary.lines,
                        });
                    }
                }
                let tid_text = text(cells, cols.index(Field::TenantId)).unwrap_or_default();
                let name = text(cells, cols.index(Field::TenantName));
                let svc_text = text(cells, cols.index(Field::Service)).unwrap_or_default();
                let total_text =
                    text(cells, cols.index(Field::TotalEntitlements)).unwrap_or_default();
                let mut line_errors = Vec::new();
                let tenant = TenantId::parse(&tid_text);
                if tenant.is_none() {
                    line_errors.push(
                        Violation::new(RuleCode::InvalidTenantId)
                            .field(Field::TenantId)
                            .value(&tid_text),
                    );
                }
                let service = parse_service(&svc_text)
                    .map_err(|v| line_errors.push(v))
                    .ok();
                let total = parse_count(&total_text, Field::TotalEntitlements)
                    .map_err(|v| line_errors.push(v))
                    .ok();
                let (Some(tenant), Some(service), Some(total)) = (tenant, service, total) else {
                    summary.rejected += 1;
                    errors.extend(line_errors.into_iter().map(|v| err(v, row, Some(cols))));
                    return std::ops::ControlFlow::Continue(());
                };
                let key = tenant_key(&tenant);
                match seen.get(&(key, service)) {
                    Some((first, t)) if *t == total => return std::ops::ControlFlow::Continue(()),
                    Some((first, _)) => {
                        summary.rejected += 1;
                        errors.push(err(
                            Violation::new(RuleCode::ConflictingValue)
                                .field(Field::TotalEntitlements)
                                .value(total)
                                .num("other", *first as u64),
                            row,
                            Some(cols),
                        ));
                        return std::ops::ControlFlow::Continue(());
                    }
                    None => {
                        seen.insert((key, service), (row, total));
                    }
                }
                if index.elsewhere.contains(&key) {
                    summary.rejected += 1;
                    let v = Violation::new(RuleCode::TenantUnavailable)
                        .field(Field::TenantId)
                        .value(&tenant);
                    errors.push(err(v, row, Some(cols)));
                    return std::ops::ControlFlow::Continue(());
                }
                let mark = index.mark(key, service);
                let live = mark.filter(|m| !m.removed);
                if let Some(m) = live {
                    if m.total == total && m.review.is_none() {
                        summary.unchanged += 1;
                        return std::ops::ControlFlow::Continue(());
                    }
                }
                let before = match live {
                    Some(_) => match bulk.service(&tenant, service) {
                        Ok(b) => b,
                        Err(e) => {
                            failure = Some(e);
                            return std::ops::ControlFlow::Break(());
                        }
                    },
                    None => None,
                };
                let tenant_live =
                    index.tenants.get(&key) == Some(&false) || new_tenants.contains(&key);
                let mut tenant_write = None;
                if !tenant_live {
                    match plan_tenant_create(tenant.as_str(), name.as_deref().unwrap_or("")) {
                        Ok((t, changes)) => {
                            let e =
                                event(&opts.ctx, &t.tenant_id, EventKind::TenantCreated, changes);
                            tenant_write = Some(Write::CreateTenant {
                                tenant: t,
                                org: opts.ctx.org(),
                                event: e,
                            });
                        }
                        Err(v) => {
                            summary.rejected += 1;
                            errors.extend(v.into_iter().map(|v| err(v, row, Some(cols))));
                            return std::ops::ControlFlow::Continue(());
                        }
                    }
                }
                let base = mark.map(|m| m.version).unwrap_or(0);
                match plan_feed(&tenant, service, before.as_ref(), base, total, &rules, lang) {
                    Ok(FeedPlan::Apply(plan)) | Ok(FeedPlan::Flagged(plan)) if plan.is_noop() => {
                        summary.unchanged += 1;
                    }
                    Ok(p) => {
                        let (plan, flag) = match p {
                            FeedPlan::Apply(plan) => (plan, false),
                            FeedPlan::Flagged(plan) => (plan, true),
                        };
                        if flag {
                            summary.flagged += 1;
                            if let Some(r) = plan.after.review {
                                flagged.push((tenant.clone(), service, r));
                            }
                        } else if before.is_some() {
                            summary.totals_changed += 1;
                        } else {
                            summary.services_created += 1;
                        }
                        if let Some(w) = tenant_write {
                            summary.tenants_created += 1;
                            new_tenants.insert(key);
                            writes.push(w);
                        }
                        let (state, e) = plan.into_parts(EventKind::FeedApplied, &opts.ctx.meta);
                        writes.push(Write::PutService {
                            state,
                            event: e,
                            file: None,
                            state_digest: None,
                        });
                    }
                    Err(v) => {
                        summary.rejected += 1;
                        errors.extend(v.into_iter().map(|v| err(v, row, Some(cols))));
                    }
                }
                // Writes go out as they come; a failed feed is rolled back as a whole.
                if errors.is_empty() && !opts.dry_run {
                    for w in writes.drain(..) {
                        if let Err(e) = bulk.write(w) {
                            failure = Some(e);
                            return std::ops::ControlFlow::Break(());
                        }
                        wrote = true;
                    }
                } else {
                    writes.clear();
                }
                std::ops::ControlFlow::Continue(())
            },
            &mut |bad| bad_rows.push(FileError::unreadable(bad, lang)),
        );
        if let Some(e) = failure {
            return Err(e);
        }
        errors.append(&mut bad_rows);
        if let Err(e) = read {
            errors.push(err(
                Violation::new(RuleCode::UnreadableFile).value(&e.0),
                0,
                None,
            ));
        }
        if columns.is_none() && errors.is_empty() {
            errors.push(err(
                Violation::new(RuleCode::MissingColumn).value("tenant_id"),
                1,
                None,
            ));
        }
        // Services the full feed no longer lists: flag them, never delete.
        if opts.full && errors.is_empty() {
            let mut missing: Vec<(TenantKey, Service)> = index
                .services()
                .filter(|(k, m)| !m.removed && !seen.contains_key(k))
                .filter(|(_, m)| m.review.map(|r| r.reason) != Some(ReviewReason::MissingFromFeed))
                .map(|(k, _)| k)
                .collect();
            missing.sort();
            for (key, service) in missing {
                let tenant = crate::tenant_of_key(key);
                let Some(before) = bulk.service(&tenant, service)? else {
                    continue;
                };
                let review = Review {
                    reason: ReviewReason::MissingFromFeed,
                    feed_total: None,
                };
                let plan = plan_review(&before, Some(review));
                summary.flagged += 1;
                flagged.push((tenant.clone(), service, review));
                if !opts.dry_run {
                    let (state, e) = plan.into_parts(EventKind::FeedApplied, &opts.ctx.meta);
                    bulk.write(Write::PutService {
                        state,
                        event: e,
                        file: None,
                        state_digest: None,
                    })?;
                    wrote = true;
                }
            }
        }
        if wrote && errors.is_empty() && !opts.dry_run {
            bulk.write(crate::batch_record(
                BatchKind::Feed,
                &opts.ctx.meta,
                Some(path),
                None,
                &summary,
            ))?;
            summary.written = true;
            Ok(Finish::Commit)
        } else {
            Ok(Finish::Rollback)
        }
    };
    if opts.dry_run {
        store.bulk_read(&mut |b| work(b).map(drop))?;
    } else {
        store.bulk(&mut work)?;
    }
    if !summary.written {
        summary.batch = None;
    }
    errors.sort_by_key(|e| e.row);
    Ok(FeedOutcome {
        summary,
        errors,
        flagged,
    })
}
