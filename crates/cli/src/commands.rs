//! One function per command; each reads through the store, changes only through
//! `entrack_store::ops`, and prints in the chosen format.

use crate::args::{
    update, Cli, Command, EntitlementCommand, Format, HistoryArgs, ReportArgs, StatusCommand,
    TaxonomyArgs, TenantCommand, Who,
};
use crate::output::{json, print_records};
use crate::Failure;
use entrack_core::change::{EntitlementSet, Meta, StatusPut};
use entrack_core::history::{Event, Source};
use entrack_core::messages::{field_label, text};
use entrack_core::parse::RowInput;
use entrack_core::rules::{RuleCode, Violation};
use entrack_core::taxonomy::{missing_translations, taxonomy};
use entrack_core::wire::ServiceDoc;
use entrack_core::{Field, Lang, Service, ServiceState, L1};
use entrack_store::ops::{self, Ctx};
use entrack_store::{HistoryQuery, ReportQuery, Store, TenantQuery};
use entrack_suggest::Level;
use std::io::Read;

type Res = Result<(), Failure>;

pub fn run(cli: Cli, lang: Lang) -> Res {
    let format = cli.format;
    match cli.command {
        Command::Taxonomy(a) => return taxonomy_cmd(a, format, lang),
        Command::Services => return services_cmd(format),
        Command::Suggest(a) => return crate::suggest::suggest_cmd(a, format, lang),
        _ => {}
    }
    if let Command::MigrateStore { from, to } = &cli.command {
        return migrate_store_cmd(from, to, format, lang);
    }
    if matches!(cli.command, Command::Backup { .. })
        && matches!(
            crate::store::target(&cli.db),
            Ok(crate::store::Target::Postgres(_))
        )
    {
        return Err(Failure::Usage(text(lang, "cli-backup-postgres", &[])));
    }
    if let Command::Demo(a) = cli.command {
        // The demo keeps to a file of its own unless a store is named.
        let db = if cli.db == "entrack.db" && std::env::var_os("ENTRACK_DB").is_none() {
            "entrack-demo.db".to_string()
        } else {
            cli.db.clone()
        };
        let opened = crate::store::Opened::open(&db, lang)?;
        return crate::demo::demo_cmd(opened, &db, a, lang);
    }
    let opened = crate::store::Opened::open(&cli.db, lang)?;
    if let Command::Serve(a) = cli.command {
        return crate::serve::serve_cmd(opened, a, lang, |_| {});
    }
    let store = opened.store();
    let op = |e| Failure::from_op(e, lang);
    match cli.command {
        Command::MigrateStore { .. } | Command::Demo(_) => unreachable!("handled above"),
        Command::Backup { file } => match &opened {
            crate::store::Opened::Sqlite(s) => {
                s.backup(&file).map_err(|e| Failure::from_store(e, lang))?;
                println!(
                    "{}",
                    text(
                        lang,
                        "cli-backup-written",
                        &[("path", file.display().to_string())]
                    )
                );
            }
            crate::store::Opened::Postgres(_) => unreachable!("refused above"),
        },
        Command::Init => {
            let version = opened.schema_version().to_string();
            println!(
                "{}",
                text(
                    lang,
                    "cli-store-ready",
                    &[("path", opened.describe()), ("version", version)]
                )
            );
        }
        Command::Taxonomy(_) | Command::Services | Command::Suggest(_) => {
            unreachable!("handled above")
        }
        Command::Tenant(TenantCommand::Add { id, name, who }) => {
            let (t, _) =
                ops::add_tenant(store, &ctx(store, &who, lang)?, &id, &name).map_err(op)?;
            match format {
                Format::Json => println!("{}", json(&t)?),
                _ => println!(
                    "{}",
                    text(
                        lang,
                        "cli-tenant-added",
                        &[("name", t.tenant_name), ("id", t.tenant_id.to_string())]
                    )
                ),
            }
        }
        Command::Tenant(TenantCommand::List { search }) => {
            let tenants = store
                .tenants(&TenantQuery {
                    search,
                    ..TenantQuery::default()
                })
                .map_err(|e| Failure::from_store(e, lang))?;
            let rows: Vec<Vec<String>> = tenants
                .iter()
                .map(|t| vec![t.tenant_id.to_string(), t.tenant_name.clone()])
                .collect();
            let labels = [
                field_label(lang, Field::TenantId),
                field_label(lang, Field::TenantName),
            ];
            print_records(format, &["tenant_id", "tenant_name"], &labels, &rows)?;
        }
        Command::Tenant(TenantCommand::Show { tenant }) => {
            let t = ops::find_tenant(store, &operator_ctx(lang), &tenant).map_err(op)?;
            let services = store
                .services(&t.tenant_id)
                .map_err(|e| Failure::from_store(e, lang))?;
            match format {
                Format::Json => {
                    let docs: Vec<ServiceDoc> = services.iter().map(ServiceDoc::from).collect();
                    println!(
                        "{}",
                        json(&serde_json::json!({ "tenant": t, "services": docs }))?
                    );
                }
                Format::Csv => print_rows(&services, format, lang)?,
                Format::Table => {
                    println!("{} ({})", t.tenant_name, t.tenant_id);
                    for s in &services {
                        println!();
                        print_service(s, lang)?;
                    }
                }
            }
        }
        Command::Entitlement(EntitlementCommand::Set {
            target,
            total,
            scenario,
            engagement_scenario,
            service_status,
            engagement_start_date,
            who,
        }) => {
            let t = ops::find_tenant(store, &operator_ctx(lang), &target.tenant).map_err(op)?;
            let service = ops::resolve_service(&target.service).map_err(op)?;
            let input = EntitlementSet {
                total,
                scenario: update(scenario),
                engagement_scenario,
                service_status: update(service_status),
                engagement_start_date: update(engagement_start_date),
            };
            let out = ops::set_entitlement(
                store,
                &ctx(store, &who, lang)?,
                &t.tenant_id,
                service,
                &input,
            )
            .map_err(op)?;
            report_outcome(&out, &t.tenant_name, format, lang)?;
        }
        Command::Status(StatusCommand::Put {
            target,
            file,
            scenario,
            service_status,
            who,
        }) => {
            let t = ops::find_tenant(store, &operator_ctx(lang), &target.tenant).map_err(op)?;
            let service = ops::resolve_service(&target.service).map_err(op)?;
            let rows = read_rows(file.as_deref(), lang)?;
            let input = StatusPut {
                rows,
                scenario: update(scenario),
                service_status: update(service_status),
            };
            let out = ops::put_status(
                store,
                &ctx(store, &who, lang)?,
                &t.tenant_id,
                service,
                &input,
            )
            .map_err(op)?;
            report_outcome(&out, &t.tenant_name, format, lang)?;
        }
        Command::Status(StatusCommand::Show { target }) => {
            let t = ops::find_tenant(store, &operator_ctx(lang), &target.tenant).map_err(op)?;
            let service = ops::resolve_service(&target.service).map_err(op)?;
            let s = store
                .service(&t.tenant_id, service)
                .map_err(|e| Failure::from_store(e, lang))?
                .ok_or_else(|| {
                    Failure::from_op(
                        ops::OpError::ServiceNotFound {
                            tenant: t.tenant_id.clone(),
                            service,
                        },
                        lang,
                    )
                })?;
            show_state(&s, format, lang)?;
        }
        Command::History(a) => history_cmd(store, a, format, lang)?,
        Command::Report(a) => report_cmd(store, a, format, lang)?,
        Command::Import(a) => crate::bulk::import_cmd(store, a, format, lang)?,
        Command::Feed(a) => crate::bulk::feed_cmd(store, a, format, lang)?,
        Command::Export(a) => crate::bulk::export_cmd(store, a, cli.lang, lang)?,
        Command::Review => crate::bulk::review_cmd(store, format, lang)?,
        Command::Serve(_) => unreachable!("handled above"),
        Command::Org(c) => crate::accounts::org_cmd(store, c, format, lang)?,
        Command::User(c) => crate::accounts::user_cmd(store, c, format, lang)?,
        Command::Token(c) => crate::accounts::token_cmd(store, c, format, lang)?,
        Command::Assign(c) => crate::accounts::assign_cmd(store, c, format, lang)?,
    }
    Ok(())
}

/// The context of a change: as the named user once the store has users, otherwise as
/// the local operator (in `--role` when given).
fn ctx(store: &dyn Store, who: &Who, lang: Lang) -> Result<Ctx, Failure> {
    let principal = crate::accounts::principal(store, &who.actor, who.role, lang)?;
    Ok(Ctx {
        meta: Meta {
            at: jiff::Timestamp::now(),
            actor: who.actor.trim().to_string(),
            source: Source::Cli,
            batch: None,
        },
        role: principal.as_ref().map(|p| p.role).or(who.role),
        lang,
        principal,
    })
}

/// Reads from the command line see every organisation: whoever can open the store file
/// can read all of it anyway.
pub fn operator_ctx(lang: Lang) -> Ctx {
    Ctx {
        meta: Meta {
            at: jiff::Timestamp::now(),
            actor: "operator".into(),
            source: Source::Cli,
            batch: None,
        },
        role: None,
        lang,
        principal: None,
    }
}

fn read_rows(file: Option<&std::path::Path>, lang: Lang) -> Result<Vec<RowInput>, Failure> {
    let mut raw = String::new();
    let read = match file {
        Some(p) => std::fs::read_to_string(p).map(|s| raw = s),
        None => std::io::stdin().read_to_string(&mut raw).map(|_| ()),
    };
    read.map_err(|e| {
        let path = file
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "stdin".into());
        Failure::Environment(text(
            lang,
            "err-input",
            &[("path", path), ("detail", e.to_string())],
        ))
    })?;
    let invalid = |detail: String| {
        Failure::Rejected(vec![Violation::new(RuleCode::InvalidValue)
            .value(detail.clone())
            .text(
                "expected",
                text(lang, "cli-invalid-json", &[("detail", detail)]),
            )])
    };
    let value: serde_json::Value =
        serde_json::from_str(&raw).map_err(|e| invalid(e.to_string()))?;
    let items = value
        .as_array()
        .ok_or_else(|| invalid("not an array".into()))?;
    let mut rows = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match RowInput::from_json(item, i + 1) {
            Ok(r) => rows.push(r),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(Failure::Rejected(errors))
    }
}

fn report_outcome(out: &ops::Outcome, tenant_name: &str, format: Format, lang: Lang) -> Res {
    let s = &out.state;
    let args = [
        ("service", s.service.name().to_string()),
        ("tenant", tenant_name.to_string()),
        ("version", s.version.to_string()),
    ];
    let msg = text(
        lang,
        if out.event.is_some() {
            "cli-saved"
        } else {
            "cli-no-change"
        },
        &args,
    );
    match format {
        Format::Json => {
            // The service, and what Suggest says of the note of each row that changed.
            let mut doc = serde_json::to_value(ServiceDoc::from(s))
                .map_err(|e| Failure::Environment(e.to_string()))?;
            let notes: Vec<serde_json::Value> = out
                .notes
                .iter()
                .map(|n| entrack_suggest::row_note_json(n, lang))
                .collect();
            doc["notes"] = serde_json::Value::Array(notes);
            println!("{}", json(&doc)?);
        }
        Format::Csv => print_rows(std::slice::from_ref(s), format, lang)?,
        Format::Table => {
            println!("{msg}");
            print_service(s, lang)?;
            // Notes that are not great, with what they lack.
            for n in out
                .notes
                .iter()
                .filter(|n| n.suggestion.grade.level != Level::Great)
            {
                let grade = text(
                    lang,
                    &format!("suggest-grade-{}", n.suggestion.grade.level.code()),
                    &[],
                );
                println!(
                    "{}",
                    text(
                        lang,
                        "cli-note-grade",
                        &[("row", n.row.to_string()), ("grade", grade)]
                    )
                );
                for r in &n.suggestion.grade.reasons {
                    let found = r.found.clone().unwrap_or_default();
                    let key = entrack_suggest::message_key(r.code);
                    println!("  - {}", text(lang, &key, &[("found", found)]));
                }
            }
        }
    }
    if format != Format::Table {
        eprintln!("{msg}");
    }
    Ok(())
}

fn show_state(s: &ServiceState, format: Format, lang: Lang) -> Res {
    match format {
        Format::Json => println!("{}", json(&ServiceDoc::from(s))?),
        Format::Csv => print_rows(std::slice::from_ref(s), format, lang)?,
        Format::Table => print_service(s, lang)?,
    }
    Ok(())
}

const ROW_WIRE: [&str; 13] = [
    "tenant_id",
    "service",
    "total_entitlements",
    "l1",
    "l2",
    "l3",
    "entitlements",
    "target_date",
    "owner",
    "note",
    "next_action",
    "next_action_date",
    "version",
];

/// One CSV line per status row, in the interchange column names.
fn print_rows(services: &[ServiceState], format: Format, lang: Lang) -> Res {
    let mut rows = Vec::new();
    for s in services {
        for r in &s.rows {
            let d = entrack_core::wire::RowDoc::from(r);
            rows.push(vec![
                s.tenant_id.to_string(),
                s.service.code().into(),
                s.total_entitlements.to_string(),
                d.l1,
                d.l2.unwrap_or_default(),
                d.l3.unwrap_or_default(),
                d.entitlements.to_string(),
                d.target_date.unwrap_or_default(),
                d.owner.unwrap_or_default(),
                d.note.unwrap_or_default(),
                d.next_action.unwrap_or_default(),
                d.next_action_date.unwrap_or_default(),
                s.version.to_string(),
            ]);
        }
    }
    let labels: Vec<String> = ROW_WIRE
        .iter()
        .map(|w| {
            Field::from_code(w)
                .map(|f| field_label(lang, f))
                .unwrap_or_else(|| w.to_string())
        })
        .collect();
    print_records(format, &ROW_WIRE, &labels, &rows)?;
    Ok(())
}

fn print_service(s: &ServiceState, lang: Lang) -> Res {
    let dash = || "-".to_string();
    let mut head = vec![
        format!("{} [{}]", s.service.name(), s.service.code()),
        format!(
            "{}: {}",
            field_label(lang, Field::TotalEntitlements),
            s.total_entitlements
        ),
        format!(
            "{}: {}",
            field_label(lang, Field::Scenario),
            s.scenario.map(|x| x.to_string()).unwrap_or_else(dash)
        ),
        format!(
            "{}: {}",
            field_label(lang, Field::EngagementScenario),
            s.engagement_scenario
        ),
    ];
    if let Some(p) = s.service_status {
        head.push(format!("{}: {p}", field_label(lang, Field::ServiceStatus)));
    }
    if let Some(d) = s.engagement_start_date {
        head.push(format!(
            "{}: {d}",
            field_label(lang, Field::EngagementStartDate)
        ));
    }
    head.push(format!("v{}", s.version));
    println!("{}", head.join(" · "));
    let labels: Vec<String> = Field::ROW.iter().map(|f| field_label(lang, *f)).collect();
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| {
            let share = if s.total_entitlements > 0 {
                r.entitlements as f64 * 100.0 / s.total_entitlements as f64
            } else {
                0.0
            };
            vec![
                r.l1.name(lang).to_string(),
                r.l2.map(|x| x.name(lang).to_string()).unwrap_or_default(),
                r.l3.map(|x| x.name(lang).to_string()).unwrap_or_default(),
                format!("{} ({share:.0} %)", r.entitlements),
                r.target_date.map(|d| d.to_string()).unwrap_or_default(),
                r.owner.clone().unwrap_or_default(),
                r.note.clone().unwrap_or_default(),
                r.next_action.clone().unwrap_or_default(),
                r.next_action_date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    println!("{}", crate::output::table(&labels, &rows));
    Ok(())
}

fn taxonomy_cmd(a: TaxonomyArgs, format: Format, lang: Lang) -> Res {
    let tax = taxonomy();
    if a.missing_translations {
        let missing = missing_translations();
        let rows: Vec<Vec<String>> = missing
            .iter()
            .map(|m| {
                vec![
                    m.level.to_string(),
                    m.code.clone(),
                    m.lang.to_string(),
                    m.en.clone(),
                ]
            })
            .collect();
        print_records(
            format,
            &["level", "code", "lang", "en"],
            &["level".into(), "code".into(), "lang".into(), "en".into()],
            &rows,
        )?;
        if format == Format::Table {
            for l in Lang::ALL {
                let n = missing.iter().filter(|m| m.lang == l).count();
                println!("{l}: {n}");
            }
        }
        return Ok(());
    }
    let service = match &a.service {
        Some(s) => Some(ops::resolve_service(s).map_err(|e| Failure::from_op(e, lang))?),
        None => None,
    };
    let l3_shown = |l3: &entrack_core::L3| service.is_none_or(|s| l3.applies_to(s));
    match format {
        Format::Json => println!("{}", json(tax)?),
        Format::Csv => {
            let mut rows = Vec::new();
            for l1 in L1::ALL {
                rows.push(vec![
                    "l1".into(),
                    l1.code().into(),
                    String::new(),
                    String::new(),
                    l1.name(lang).into(),
                    String::new(),
                ]);
                for l2 in l1.l2s() {
                    rows.push(vec![
                        "l2".into(),
                        l1.code().into(),
                        l2.code().into(),
                        String::new(),
                        l2.name(lang).into(),
                        String::new(),
                    ]);
                    for l3 in l2.l3s().filter(&l3_shown) {
                        rows.push(vec![
                            "l3".into(),
                            l1.code().into(),
                            l2.code().into(),
                            l3.code().into(),
                            l3.name(lang).into(),
                            l3.def().services.join(" "),
                        ]);
                    }
                }
            }
            print!(
                "{}",
                crate::output::csv(&["level", "l1", "l2", "l3", "name", "services"], &rows)?
            );
        }
        Format::Table => {
            println!("taxonomy {} ({})", tax.version, tax.date);
            for l1 in L1::ALL {
                println!("{} [{}]", l1.name(lang), l1.code());
                for l2 in l1.l2s() {
                    println!("  {} [{}]", l2.name(lang), l2.code());
                    for l3 in l2.l3s().filter(&l3_shown) {
                        let services = if l3.def().applies_to_all() {
                            "*".to_string()
                        } else {
                            l3.def()
                                .services
                                .iter()
                                .map(|s| Service::from_code(s).map(|x| x.name()).unwrap_or(s))
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        println!("    {} [{}] — {services}", l3.name(lang), l3.code());
                    }
                }
            }
        }
    }
    Ok(())
}

fn services_cmd(format: Format) -> Res {
    let rows: Vec<Vec<String>> = Service::all()
        .map(|s| {
            let d = s.def();
            vec![
                d.code.clone(),
                d.name.clone(),
                d.family.clone(),
                d.aliases.join(", "),
                d.in_ftop_service_list.to_string(),
            ]
        })
        .collect();
    let wire = ["code", "name", "family", "aliases", "in_ftop_service_list"];
    let labels: Vec<String> = wire.iter().map(|s| s.to_string()).collect();
    print_records(format, &wire, &labels, &rows)?;
    Ok(())
}

fn history_cmd(store: &dyn Store, a: HistoryArgs, format: Format, lang: Lang) -> Res {
    let op = |e| Failure::from_op(e, lang);
    let tenant = match &a.tenant {
        Some(t) => Some(ops::find_tenant(store, &operator_ctx(lang), t).map_err(op)?),
        None => None,
    };
    let service = match &a.service {
        Some(s) => Some(ops::resolve_service(s).map_err(op)?),
        None => None,
    };
    if let (Some(at), Some(t), Some(s)) = (a.as_of, &tenant, service) {
        return match ops::service_as_of(store, &t.tenant_id, s, at).map_err(op)? {
            Some(state) => show_state(&state, format, lang),
            None => Err(Failure::Refused(text(
                lang,
                "cli-not-at",
                &[
                    ("service", s.name().to_string()),
                    ("tenant", t.tenant_name.clone()),
                    ("at", at.to_string()),
                ],
            ))),
        };
    }
    let events = store
        .history(&HistoryQuery {
            org: None,
            tenant: tenant.map(|t| t.tenant_id),
            service,
            until: None,
            limit: a.limit,
        })
        .map_err(|e| Failure::from_store(e, lang))?;
    match format {
        Format::Json => println!("{}", json(&events)?),
        Format::Csv | Format::Table => {
            let rows: Vec<Vec<String>> = events.iter().map(|e| event_line(e, format)).collect();
            let wire = [
                "seq",
                "at",
                "actor",
                "source",
                "kind",
                "tenant_id",
                "service",
                "version",
                "changes",
            ];
            let labels: Vec<String> = wire.iter().map(|s| s.to_string()).collect();
            if events.is_empty() && format == Format::Table {
                println!("{}", text(lang, "cli-no-events", &[]));
            } else {
                print_records(format, &wire, &labels, &rows)?;
            }
        }
    }
    Ok(())
}

fn event_line(e: &Event, format: Format) -> Vec<String> {
    let changes: Vec<String> = e
        .changes
        .iter()
        .map(|c| {
            let row = c
                .row
                .as_ref()
                .map(|r| format!("{}/{}/{} ", r.l1, r.l2, r.l3))
                .unwrap_or_default();
            let b = c.before.as_deref().unwrap_or("∅");
            let a = c.after.as_deref().unwrap_or("∅");
            format!("{row}{}: {b} → {a}", c.field)
        })
        .collect();
    let sep = if format == Format::Csv { "; " } else { "\n" };
    vec![
        e.seq.to_string(),
        e.at.strftime("%Y-%m-%d %H:%M:%S").to_string(),
        e.actor.clone(),
        e.source.to_string(),
        e.kind.code().to_string(),
        e.tenant_id.to_string(),
        e.service.clone().unwrap_or_default(),
        e.version.to_string(),
        changes.join(sep),
    ]
}

fn report_cmd(store: &dyn Store, a: ReportArgs, format: Format, lang: Lang) -> Res {
    let service = match &a.service {
        Some(s) => Some(ops::resolve_service(s).map_err(|e| Failure::from_op(e, lang))?),
        None => None,
    };
    let lines = store
        .report(&ReportQuery {
            org: None,
            include_invalid: a.include_invalid,
            service,
        })
        .map_err(|e| Failure::from_store(e, lang))?;
    let wire = ["service", "l1", "l2", "rows", "entitlements"];
    match format {
        Format::Json => println!("{}", json(&lines)?),
        Format::Csv => {
            let rows: Vec<Vec<String>> = lines
                .iter()
                .map(|l| {
                    vec![
                        l.service.clone(),
                        l.l1.clone(),
                        l.l2.clone(),
                        l.rows.to_string(),
                        l.entitlements.to_string(),
                    ]
                })
                .collect();
            print!("{}", crate::output::csv(&wire, &rows)?);
        }
        Format::Table => {
            let mut rows: Vec<Vec<String>> = lines
                .iter()
                .map(|l| {
                    let key = entrack_core::RowKey::from_codes(&l.l1, &l.l2, "");
                    let (l1, l2) = match key {
                        Some(k) => (
                            k.l1.name(lang).to_string(),
                            k.l2.map(|x| x.name(lang).to_string()).unwrap_or_default(),
                        ),
                        None => (l.l1.clone(), l.l2.clone()),
                    };
                    let svc = Service::from_code(&l.service)
                        .map(|s| s.name().to_string())
                        .unwrap_or_else(|| l.service.clone());
                    vec![svc, l1, l2, l.rows.to_string(), l.entitlements.to_string()]
                })
                .collect();
            let (r, e) = lines
                .iter()
                .fold((0, 0), |(r, e), l| (r + l.rows, e + l.entitlements));
            rows.push(vec![
                text(lang, "cli-total", &[]),
                String::new(),
                String::new(),
                r.to_string(),
                e.to_string(),
            ]);
            let labels = [
                field_label(lang, Field::Service),
                field_label(lang, Field::L1),
                field_label(lang, Field::L2),
                field_label(lang, Field::Row),
                field_label(lang, Field::Entitlements),
            ];
            println!("{}", crate::output::table(&labels, &rows));
        }
    }
    Ok(())
}

fn migrate_store_cmd(from: &str, to: &str, format: Format, lang: Lang) -> Res {
    let source = crate::store::Opened::open(from, lang)?;
    let target = crate::store::Opened::open(to, lang)?;
    let moved = entrack_store::moving::migrate(source.store(), target.store(), &mut |_| {})
        .map_err(|e| Failure::from_store(e, lang))?;
    match format {
        Format::Json => println!(
            "{}",
            json(&serde_json::json!({
                "from": source.describe(),
                "to": target.describe(),
                "organisations": moved.orgs,
                "tenants": moved.tenants,
                "services": moved.services,
                "rows": moved.rows,
                "events": moved.events,
                "batches": moved.batches,
                "users": moved.users,
                "other_records": moved.other,
                "fingerprint": moved.fingerprint,
            }))?
        ),
        _ => println!(
            "{}",
            text(
                lang,
                "cli-migrated",
                &[
                    ("from", source.describe()),
                    ("to", target.describe()),
                    ("tenants", moved.tenants.to_string()),
                    ("services", moved.services.to_string()),
                    ("rows", moved.rows.to_string()),
                    ("events", moved.events.to_string()),
                    ("batches", moved.batches.to_string()),
                    ("users", moved.users.to_string()),
                ]
            )
        ),
    }
    Ok(())
}
