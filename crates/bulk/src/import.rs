//! `entrack import FILE`: a status file (one or more rows per tenant × service, each
//! service complete) checked by the core rules and written as one batch.
//!
//! Four threads: the source splits the file into records; the grouper copies them into
//! groups per tenant × service with the digest of their cells; the decider compares each
//! group with the store's index — a group whose digest is the one stored with the service by
//! the import that wrote it is unchanged without being parsed — and otherwise parses its
//! rows, compares the result with the stored state's digest (unchanged costs no read) and
//! plans new services; the writer reads the services that changed, plans them, and writes
//! everything in one transaction. All-or-nothing unless `skip_invalid`.

use crate::format::{restore, Columns, DateCell, DateFormat, Dates, STATUS_COLUMNS};
use crate::records::Records;
use crate::source::{self, CellRef, RecordInfo};
use crate::{FileError, Progress, ProgressFn};
use entrack_core::change::{plan_create, plan_replace, plan_tenant_create};
use entrack_core::digest::{status_digest, Digest};
use entrack_core::history::{Event, EventKind, FieldChange};
use entrack_core::model::{EngagementScenario, Field, Scenario, ServicePhase};
use entrack_core::parse::{parse_count, parse_row_text, parse_service, RowText};
use entrack_core::rules::{RuleCode, Violation};
use entrack_core::{Lang, Service, ServiceState, StatusRow, Tenant, TenantId};
use entrack_store::ops::Ctx;
use entrack_store::{
    tenant_key, BatchKind, Bulk, Finish, Index, Mark, Store, StoreError, TenantKey, Write,
};
use entrack_suggest::NoteGate;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::borrow::Cow;
use std::path::Path;
use std::sync::{mpsc, Arc, OnceLock};

/// How to import.
pub struct ImportOptions<'a> {
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// Import the valid services and report the others (default: all or nothing).
    pub skip_invalid: bool,
    /// Force the format of non-ISO dates (default: detected per file).
    pub date_format: Option<DateFormat>,
    /// Who, when, batch id (`ctx.meta.batch`), role and language.
    pub ctx: Ctx,
    pub progress: Option<ProgressFn<'a>>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub batch: Option<String>,
    pub rows: u64,
    pub tenants_created: u64,
    pub services_created: u64,
    pub services_changed: u64,
    pub services_unchanged: u64,
    pub services_rejected: u64,
    /// Changed rows whose note Suggest grades poor (refused unless the organisation allows
    /// poor notes; then reported as warnings).
    pub notes_poor: u64,
    /// True when the batch was written.
    pub written: bool,
    pub dry_run: bool,
}

impl ImportSummary {
    /// The one-line summary in a language: rows read, what was created, changed, kept and
    /// rejected.
    pub fn line(&self, lang: entrack_core::Lang) -> String {
        entrack_core::messages::text(
            lang,
            "cli-import-summary",
            &[
                ("rows", self.rows.to_string()),
                ("tenants", self.tenants_created.to_string()),
                ("created", self.services_created.to_string()),
                ("changed", self.services_changed.to_string()),
                ("unchanged", self.services_unchanged.to_string()),
                ("rejected", self.services_rejected.to_string()),
            ],
        )
    }
}

#[derive(Debug)]
pub struct ImportOutcome {
    pub summary: ImportSummary,
    pub errors: Vec<FileError>,
    /// What was accepted but should be looked at: poor notes where the organisation
    /// allows them (rule `note-poor`), by file row.
    pub warnings: Vec<FileError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// A service-level value in a file: column absent, cell empty, or a value.
type Cell<T> = Option<Option<T>>;

/// The service-level values of one service as the file gives them.
#[derive(Debug, Clone, Default, PartialEq)]
struct ServiceCells {
    total: Cell<u64>,
    scenario: Cell<Scenario>,
    engagement: Cell<EngagementScenario>,
    phase: Cell<ServicePhase>,
    start: Cell<jiff::civil::Date>,
}

/// One tenant × service of the file.
struct Group {
    tenant: TenantId,
    key: TenantKey,
    tenant_name: Option<String>,
    service: Service,
    first_row: usize,
    cells: ServiceCells,
    rows: Vec<StatusRow>,
    /// File row of each status row.
    lines: Vec<usize>,
    errors: Vec<FileError>,
    /// What an import stores with the service it writes from this group.
    file: Option<Digest>,
}

/// A tenant × service as the file has it: its records, not yet parsed.
struct RawGroup {
    /// The tenant's key and the service the records were grouped by.
    key: (TenantKey, Service),
    records: Records,
    /// The file's dates as they stood before the group (its rows are read from there).
    dates: Dates,
    /// [`Records::digest`] of the records, in the date format found by their end.
    file: Digest,
    /// A date of the group is in another format than the file's: the group is refused.
    mixed: bool,
}

/// What the grouper hands to the decider, in file order.
enum Raw {
    /// The header record.
    Header(Records),
    /// A record whose tenant or service cannot be read: rejected on its own.
    Alone(Records),
    Group(RawGroup),
    Msg(Msg),
}

/// A new service as the writer writes it.
struct Created {
    tenant: Option<(Tenant, Vec<FieldChange>)>,
    state: ServiceState,
    /// Its event (a creation: the store records the whole state).
    event: Event,
    file: Option<Digest>,
    /// The state's digest, computed here rather than by the writer.
    digest: Digest,
}

/// What the reader hands to the writer, in file order.
enum Msg {
    Rows(u64),
    /// Poor notes of a service that was accepted all the same.
    Warnings(Vec<FileError>),
    Unchanged,
    Rejected(Vec<FileError>),
    /// A new service, checked; with its tenant when that is new too.
    Create(Box<Created>),
    /// An existing service that differs: the writer reads it and plans.
    Change {
        after: ServiceState,
        base: u64,
        lines: Vec<usize>,
        first_row: usize,
        /// The file's columns, so errors name them as the file does.
        columns: Arc<Columns>,
        file: Option<Digest>,
    },
    Fatal(Vec<FileError>),
}

fn err_at(v: Violation, row: usize, columns: Option<&Columns>, lang: Lang) -> FileError {
    let column = v.field.map(|f| {
        columns
            .map(|c| c.header(f))
            .unwrap_or_else(|| f.code().to_string())
    });
    FileError::from_violation(&v, row, column, lang)
}

/// Maps the rule violations of one service to file rows.
fn service_errors(
    violations: Vec<Violation>,
    lines: &[usize],
    first_row: usize,
    columns: &Columns,
    lang: Lang,
) -> Vec<FileError> {
    violations
        .into_iter()
        .map(|v| {
            let row = v
                .row
                .and_then(|i| lines.get(i.wrapping_sub(1)).copied())
                .unwrap_or(first_row);
            err_at(v, row, Some(columns), lang)
        })
        .collect()
}

fn cell_text<'c>(cells: &[CellRef<'c>], i: Option<usize>) -> Option<CellRef<'c>> {
    i.and_then(|i| cells.get(i)).copied()
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// `str::trim`, without its work for the usual cell that has nothing to trim.
fn trim(t: &str) -> &str {
    let b = t.as_bytes();
    let plain = |c: u8| c.is_ascii() && !c.is_ascii_whitespace() && c != 0x0b;
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if plain(f) && plain(l) => t,
        // A letter beyond ASCII at either end (a note in Chinese): look at that one only.
        (Some(_), Some(_))
            if t.chars().next().is_some_and(|c| !c.is_whitespace())
                && t.chars().next_back().is_some_and(|c| !c.is_whitespace()) =>
        {
            t
        }
        _ => t.trim(),
    }
}

/// A status file's columns from its header record, or the header's errors.
fn status_columns(cells: &[CellRef<'_>], lang: Lang) -> Result<Columns, Vec<FileError>> {
    let headers: Vec<String> = cells
        .iter()
        .map(|c| match c {
            CellRef::Text(t) => t.to_string(),
            CellRef::Number(n) => number_text(*n),
            CellRef::Date(d) => d.to_string(),
        })
        .collect();
    let required = [
        Field::TenantId,
        Field::Service,
        Field::L1,
        Field::Entitlements,
    ];
    Columns::read(&headers, &STATUS_COLUMNS, &required)
        .map_err(|v| v.into_iter().map(|v| err_at(v, 1, None, lang)).collect())
}

/// Reads one record's cells into field texts: dates normalised to ISO, neutralised text
/// restored, numbers written plainly.
struct RowReader {
    columns: Arc<Columns>,
    dates: Dates,
    lang: Lang,
}

impl RowReader {
    fn text<'c>(&self, cells: &[CellRef<'c>], f: Field) -> Option<Cow<'c, str>> {
        match cell_text(cells, self.columns.index(f))? {
            CellRef::Text(t) => {
                let t = trim(restore(trim(t)));
                if t.is_empty() {
                    None
                } else if t.contains('\r') {
                    // A line break inside a cell is `\n`, whichever system wrote the file.
                    Some(Cow::Owned(t.replace("\r\n", "\n").replace('\r', "\n")))
                } else {
                    Some(Cow::Borrowed(t))
                }
            }
            CellRef::Number(n) => Some(Cow::Owned(number_text(n))),
            CellRef::Date(d) => Some(Cow::Owned(d.to_string())),
        }
    }

    fn date<'c>(
        &mut self,
        cells: &[CellRef<'c>],
        f: Field,
        row: usize,
        errors: &mut Vec<FileError>,
    ) -> Option<Cow<'c, str>> {
        match cell_text(cells, self.columns.index(f))? {
            CellRef::Date(d) => Some(Cow::Owned(d.to_string())),
            CellRef::Number(n) => Some(Cow::Owned(
                source::serial_to_date(n)
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| number_text(n)),
            )),
            CellRef::Text(t) => {
                let t = trim(t);
                if t.is_empty() {
                    return None;
                }
                match self.dates.read(t, row) {
                    DateCell::Iso => Some(Cow::Borrowed(t)),
                    DateCell::Date(d) => Some(Cow::Owned(d.to_string())),
                    DateCell::Text => Some(Cow::Borrowed(t)),
                    DateCell::Mixed {
                        expected,
                        first_row,
                    } => {
                        errors.push(err_at(
                            Violation::new(RuleCode::MixedDateFormats)
                                .field(f)
                                .value(t)
                                .text("expected", expected.name())
                                .num("other", first_row as u64),
                            row,
                            Some(&self.columns),
                            self.lang,
                        ));
                        None
                    }
                }
            }
        }
    }
}

fn code_cell<T>(
    text: Option<Cow<'_, str>>,
    present: bool,
    parse: fn(&str) -> Option<T>,
    field: Field,
    errors: &mut Vec<Violation>,
) -> Cell<T> {
    if !present {
        return None;
    }
    match text {
        None => Some(None),
        Some(t) => match parse(&t) {
            Some(v) => Some(Some(v)),
            None => {
                errors.push(
                    Violation::new(RuleCode::InvalidValue)
                        .field(field)
                        .value(&t)
                        .text("expected", "a code (see “entrack taxonomy”)"),
                );
                None
            }
        },
    }
}

/// What the reader hands to the decider, in file order.
enum Item {
    /// The file's columns (first).
    Columns(Arc<Columns>),
    /// A complete tenant × service.
    Group(Group),
    /// Passed on to the writer as it is.
    Msg(Msg),
}

/// The reader's side: parse records and group them into services.
struct Reader<'a> {
    opts: &'a ImportOptions<'a>,
    rows: Option<RowReader>,
    current: Option<Group>,
    /// Services already complete, with their first row.
    done: FxHashMap<(TenantKey, Service), usize>,
    out: Vec<Item>,
    /// The last tenant id text, its parsed id and key (rows of a tenant come together).
    last_tenant: Option<(String, TenantId, TenantKey)>,
}

impl Reader<'_> {
    fn lang(&self) -> Lang {
        self.opts.ctx.lang
    }

    fn header(&mut self, cells: &[CellRef<'_>]) -> Result<(), Vec<FileError>> {
        let c = Arc::new(status_columns(cells, self.lang())?);
        self.rows = Some(RowReader {
            columns: Arc::clone(&c),
            dates: Dates::new(self.opts.date_format),
            lang: self.lang(),
        });
        self.out.push(Item::Columns(c));
        Ok(())
    }

    fn record(&mut self, info: &RecordInfo, cells: &[CellRef<'_>]) {
        let mut rr = self.rows.take().expect("header read first");
        self.record_with(&mut rr, info, cells);
        self.rows = Some(rr);
    }

    /// Hands on the group being read.
    fn flush(&mut self) {
        if let Some(g) = self.current.take() {
            self.done.entry((g.key, g.service)).or_insert(g.first_row);
            self.out.push(Item::Group(g));
        }
    }

    fn record_with(&mut self, rr: &mut RowReader, info: &RecordInfo, cells: &[CellRef<'_>]) {
        let lang = self.lang();
        let row = info.row;
        let columns_arc = Arc::clone(&rr.columns);
        let columns: &Columns = &columns_arc;
        let mut errors: Vec<FileError> = Vec::new();
        let mut violations: Vec<Violation> = Vec::new();

        let tenant_text = rr.text(cells, Field::TenantId).unwrap_or_default();
        let tenant_ok = match &self.last_tenant {
            Some((text, _, _)) if text == tenant_text.as_ref() => true,
            _ => match TenantId::parse(&tenant_text) {
                Some(id) => {
                    let key = tenant_key(&id);
                    self.last_tenant = Some((tenant_text.to_string(), id, key));
                    true
                }
                None => false,
            },
        };
        if !tenant_ok {
            violations.push(
                Violation::new(if tenant_text.is_empty() {
                    RuleCode::MissingValue
                } else {
                    RuleCode::InvalidTenantId
                })
                .field(Field::TenantId)
                .value(&tenant_text),
            );
        }
        let service_text = rr.text(cells, Field::Service).unwrap_or_default();
        let service = match parse_service(&service_text) {
            Ok(s) => Some(s),
            Err(v) => {
                violations.push(if service_text.is_empty() {
                    Violation::new(RuleCode::MissingValue).field(Field::Service)
                } else {
                    v
                });
                None
            }
        };
        let (Some((_, tenant, key)), Some(service)) =
            (self.last_tenant.as_ref().filter(|_| tenant_ok), service)
        else {
            errors.extend(
                violations
                    .into_iter()
                    .map(|v| err_at(v, row, Some(columns), lang)),
            );
            self.out.push(Item::Msg(Msg::Rejected(errors)));
            return;
        };
        let key = *key;

        // Service-level cells.
        let total_text = rr.text(cells, Field::TotalEntitlements);
        let total: Cell<u64> = if columns.has(Field::TotalEntitlements) {
            match total_text {
                None => Some(None),
                Some(t) => match parse_count(&t, Field::TotalEntitlements) {
                    Ok(n) => Some(Some(n)),
                    Err(v) => {
                        violations.push(v);
                        None
                    }
                },
            }
        } else {
            None
        };
        let scenario = code_cell(
            rr.text(cells, Field::Scenario),
            columns.has(Field::Scenario),
            Scenario::from_code,
            Field::Scenario,
            &mut violations,
        );
        let engagement = code_cell(
            rr.text(cells, Field::EngagementScenario),
            columns.has(Field::EngagementScenario),
            EngagementScenario::from_code,
            Field::EngagementScenario,
            &mut violations,
        );
        let phase = code_cell(
            rr.text(cells, Field::ServiceStatus),
            columns.has(Field::ServiceStatus),
            ServicePhase::from_code,
            Field::ServiceStatus,
            &mut violations,
        );
        let start_text = rr.date(cells, Field::EngagementStartDate, row, &mut errors);
        let start: Cell<jiff::civil::Date> = if columns.has(Field::EngagementStartDate) {
            match start_text {
                None => Some(None),
                Some(t) => match entrack_core::parse::parse_date(&t, Field::EngagementStartDate) {
                    Ok(d) => Some(Some(d)),
                    Err(v) => {
                        violations.push(v);
                        None
                    }
                },
            }
        } else {
            None
        };
        let cells_here = ServiceCells {
            total,
            scenario,
            engagement,
            phase,
            start,
        };

        // The status row itself.
        let l1 = rr.text(cells, Field::L1);
        let l2 = rr.text(cells, Field::L2);
        let l3 = rr.text(cells, Field::L3);
        let entitlements = rr.text(cells, Field::Entitlements);
        let target_date = rr.date(cells, Field::TargetDate, row, &mut errors);
        let owner = rr.text(cells, Field::Owner);
        let note = rr.text(cells, Field::Note);
        let next_action = rr.text(cells, Field::NextAction);
        let next_action_date = rr.date(cells, Field::NextActionDate, row, &mut errors);
        let input = RowText {
            l1: l1.as_deref(),
            l2: l2.as_deref(),
            l3: l3.as_deref(),
            entitlements: entitlements.as_deref(),
            target_date: target_date.as_deref(),
            owner: owner.as_deref(),
            note: note.as_deref(),
            next_action: next_action.as_deref(),
            next_action_date: next_action_date.as_deref(),
        };
        let no_row = input == RowText::default();
        let parsed = if no_row {
            None
        } else {
            match parse_row_text(&input, 1, service) {
                Ok(r) => Some(r),
                Err(v) => {
                    violations.extend(v);
                    None
                }
            }
        };

        // Grouping.
        let same = self
            .current
            .as_ref()
            .is_some_and(|g| g.key == key && g.service == service);
        if !same {
            if let Some(g) = self.current.take() {
                self.done.entry((g.key, g.service)).or_insert(g.first_row);
                self.out.push(Item::Group(g));
            }
            let mut g = Group {
                tenant: tenant.clone(),
                key,
                tenant_name: None,
                service,
                first_row: row,
                cells: cells_here.clone(),
                rows: Vec::new(),
                lines: Vec::new(),
                errors: Vec::new(),
                file: None,
            };
            if let Some(first) = self.done.get(&(key, service)) {
                g.errors.push(err_at(
                    Violation::new(RuleCode::ServiceRowsSplit)
                        .field(Field::Service)
                        .value(format!("{} {}", g.tenant, service.code()))
                        .num("other", *first as u64),
                    row,
                    Some(columns),
                    lang,
                ));
            }
            self.current = Some(g);
        }
        let g = self.current.as_mut().expect("set above");
        if g.tenant_name.is_none() {
            g.tenant_name = rr.text(cells, Field::TenantName).map(Cow::into_owned);
        }
        if same && g.cells != cells_here {
            let differs = [
                (Field::TotalEntitlements, g.cells.total != cells_here.total),
                (Field::Scenario, g.cells.scenario != cells_here.scenario),
                (
                    Field::EngagementScenario,
                    g.cells.engagement != cells_here.engagement,
                ),
                (Field::ServiceStatus, g.cells.phase != cells_here.phase),
                (
                    Field::EngagementStartDate,
                    g.cells.start != cells_here.start,
                ),
            ];
            for (f, d) in differs {
                if d {
                    let value = rr.text(cells, f).unwrap_or_default().into_owned();
                    violations.push(
                        Violation::new(RuleCode::ConflictingValue)
                            .field(f)
                            .value(value)
                            .num("other", g.first_row as u64),
                    );
                }
            }
        }
        for v in violations {
            let mut v = v;
            v.row = None;
            g.errors.push(err_at(v, row, Some(columns), lang));
        }
        g.errors.extend(errors);
        if let Some(r) = parsed {
            g.rows.push(r);
            g.lines.push(row);
        }
    }
}

/// The decider's side: compare each complete service with the index, parse the ones that
/// may have changed, plan new ones.
struct Decider<'a> {
    index: &'a OnceLock<Result<Index, String>>,
    /// Groups of records waiting for the index.
    pending_raw: Vec<RawGroup>,
    /// By index slot: the first file row of the service, 0 while not seen (services the
    /// index does not know are in the reader's `done`).
    seen: Vec<usize>,
    /// Parses records into groups.
    reader: Reader<'a>,
    opts: &'a ImportOptions<'a>,
    columns: Option<Arc<Columns>>,
    tenants_new: FxHashSet<TenantKey>,
    gate: NoteGate,
    out: Vec<Msg>,
}

impl Decider<'_> {
    fn lang(&self) -> Lang {
        self.opts.ctx.lang
    }

    fn take_raw(&mut self, raw: Raw) {
        match raw {
            Raw::Msg(m) => self.take(Item::Msg(m)),
            Raw::Header(r) => {
                r.for_each(|_, cells| {
                    // The grouper read the same header without error.
                    let _ = self.reader.header(cells);
                });
                self.pass_on(None);
            }
            Raw::Alone(r) => {
                r.for_each(|info, cells| self.reader.record(info, cells));
                self.reader.flush();
                self.pass_on(None);
            }
            Raw::Group(g) => self.group(g),
        }
    }

    /// Decides what becomes of a group of records (later, if the index is still loading).
    fn group(&mut self, g: RawGroup) {
        // A bounded wait list: past it, reading waits for the index.
        const MAX_PENDING: usize = 30_000;
        let index = if self.pending_raw.len() >= MAX_PENDING {
            Some(self.index.wait())
        } else {
            self.index.get()
        };
        match index {
            None => self.pending_raw.push(g),
            Some(Err(_)) => {}
            Some(Ok(index)) => {
                for p in std::mem::take(&mut self.pending_raw) {
                    self.decide_raw(index, p);
                }
                self.decide_raw(index, g);
            }
        }
    }

    fn drain_pending_raw(&mut self) {
        if let Some(Ok(index)) = self.index.get() {
            for g in std::mem::take(&mut self.pending_raw) {
                self.decide_raw(index, g);
            }
        }
    }

    /// A group whose records are the ones the stored service was imported from, read in the
    /// same date format, is unchanged; any other is parsed and decided on its rows.
    fn decide_raw(&mut self, index: &Index, g: RawGroup) {
        let RawGroup {
            key,
            records,
            dates,
            file,
            mixed,
        } = g;
        let first_row = records.first_row().unwrap_or_default();
        let slot = index.slot(key.0, key.1);
        if let Some(slot) = slot {
            if self.seen.len() < index.service_count() {
                self.seen.resize(index.service_count(), 0);
            }
            let same = !mixed
                && index
                    .mark_at(slot)
                    .is_some_and(|m| !m.removed && m.file == Some(file))
                && index.tenants.get(&key.0) == Some(&false)
                && !index.elsewhere.contains(&key.0);
            match self.seen[slot] {
                // Unless its rows came earlier in the file too (then the reader refuses them).
                0 if same => {
                    self.seen[slot] = first_row;
                    self.out.push(Msg::Unchanged);
                    return;
                }
                0 => self.seen[slot] = first_row,
                earlier => {
                    self.reader.done.entry(key).or_insert(earlier);
                }
            }
        }
        self.reader.rows.as_mut().expect("header read first").dates = dates;
        records.for_each(|info, cells| self.reader.record(info, cells));
        self.reader.flush();
        self.pass_on(Some(file));
    }

    /// Takes what the reader made of records; groups get the file digest.
    fn pass_on(&mut self, file: Option<Digest>) {
        for item in std::mem::take(&mut self.reader.out) {
            match item {
                Item::Group(mut g) => {
                    g.file = file;
                    self.take(Item::Group(g));
                }
                item => self.take(item),
            }
        }
    }

    fn take(&mut self, item: Item) {
        match item {
            Item::Columns(c) => self.columns = Some(c),
            Item::Msg(m) => self.out.push(m),
            Item::Group(g) => self.finish(g),
        }
    }

    /// Decides what becomes of a parsed group (groups are parsed once the index is there).
    fn finish(&mut self, g: Group) {
        if let Ok(index) = self.index.wait() {
            self.decide(index, g);
        }
    }

    fn decide(&mut self, index: &Index, g: Group) {
        let lang = self.lang();
        let columns = self.columns.as_ref().expect("header read first");
        if !g.errors.is_empty() {
            self.out.push(Msg::Rejected(g.errors));
            return;
        }
        if index.elsewhere.contains(&g.key) {
            let v = Violation::new(RuleCode::TenantUnavailable)
                .field(Field::TenantId)
                .value(&g.tenant);
            self.out.push(Msg::Rejected(vec![err_at(
                v,
                g.first_row,
                Some(columns),
                lang,
            )]));
            return;
        }
        let mark: Option<&Mark> = index.mark(g.key, g.service);
        let live = mark.filter(|m| !m.removed);
        let mut after = ServiceState::new(g.tenant.clone(), g.service);
        let sum: u64 = g.rows.iter().map(|r| r.entitlements).sum();
        after.total_entitlements = g
            .cells
            .total
            .flatten()
            .or(live.map(|m| m.total))
            .unwrap_or(sum);
        after.scenario = g
            .cells
            .scenario
            .unwrap_or_else(|| live.and_then(|m| m.scenario));
        after.engagement_scenario = match g.cells.engagement {
            Some(e) => e.unwrap_or_default(),
            None => live.map(|m| m.engagement_scenario).unwrap_or_default(),
        };
        after.service_status = g
            .cells
            .phase
            .unwrap_or_else(|| live.and_then(|m| m.service_status));
        after.engagement_start_date = g
            .cells
            .start
            .unwrap_or_else(|| live.and_then(|m| m.engagement_start_date));
        after.review = live.and_then(|m| m.review);
        // Canonical order, with each row's file line kept beside it for messages.
        let (rows, lines) = if g.rows.is_sorted_by_key(|r| r.key()) {
            (g.rows, g.lines)
        } else {
            let mut paired: Vec<(StatusRow, usize)> = g.rows.into_iter().zip(g.lines).collect();
            paired.sort_by_key(|(r, _)| r.key());
            paired.into_iter().unzip()
        };
        after.rows = rows;
        let g = Group {
            lines,
            rows: Vec::new(),
            ..g
        };

        if let Some(m) = live {
            let same_fields = m.scenario == after.scenario
                && m.engagement_scenario == after.engagement_scenario
                && m.service_status == after.service_status
                && m.engagement_start_date == after.engagement_start_date;
            if same_fields && m.digest == Some(status_digest(&after)) {
                self.out.push(Msg::Unchanged);
                return;
            }
            let columns = Arc::clone(columns);
            self.out.push(Msg::Change {
                after,
                base: m.version,
                lines: g.lines,
                first_row: g.first_row,
                columns,
                file: g.file,
            });
            return;
        }

        // A new service (or one removed earlier): plan it here.
        let base = mark.map(|m| m.version).unwrap_or(0);
        let tenant_live =
            index.tenants.get(&g.key) == Some(&false) || self.tenants_new.contains(&g.key);
        let tenant = if tenant_live {
            None
        } else {
            match plan_tenant_create(g.tenant.as_str(), g.tenant_name.as_deref().unwrap_or("")) {
                Ok(t) => Some(t),
                Err(v) => {
                    let errs = v
                        .into_iter()
                        .map(|v| err_at(v, g.first_row, Some(columns), lang))
                        .collect();
                    self.out.push(Msg::Rejected(errs));
                    return;
                }
            }
        };
        let poor = self.gate.poor_rows(g.service, None, &after.rows);
        let planned = plan_create(base, after, &self.opts.ctx.rules());
        match gated(planned, poor, self.gate.allows_poor()) {
            Ok((state, warned)) => {
                if tenant.is_some() {
                    self.tenants_new.insert(g.key);
                }
                if !warned.is_empty() {
                    let w = service_errors(warned, &g.lines, g.first_row, columns, lang);
                    self.out.push(Msg::Warnings(w));
                }
                let meta = &self.opts.ctx.meta;
                let event = Event {
                    seq: 0,
                    at: meta.at,
                    actor: meta.actor.clone(),
                    source: meta.source,
                    tenant_id: state.tenant_id.clone(),
                    service: Some(state.service.code().to_string()),
                    kind: EventKind::StatusImported,
                    version: state.version,
                    changes: Vec::new(),
                    batch: meta.batch.clone(),
                };
                self.out.push(Msg::Create(Box::new(Created {
                    tenant,
                    digest: status_digest(&state),
                    state,
                    event,
                    file: g.file,
                })));
            }
            Err(v) => self.out.push(Msg::Rejected(service_errors(
                v,
                &g.lines,
                g.first_row,
                columns,
                lang,
            ))),
        }
    }
}

/// A plan with the note gate's verdict: refused with every violation when the plan fails
/// or a note is poor and poor notes are not allowed; otherwise the plan and the poor notes
/// to report as warnings.
fn gated<P>(
    planned: Result<P, Vec<Violation>>,
    poor: Vec<Violation>,
    allow_poor: bool,
) -> Result<(P, Vec<Violation>), Vec<Violation>> {
    match planned {
        Ok(plan) if poor.is_empty() || allow_poor => Ok((plan, poor)),
        Ok(_) => Err(poor),
        Err(mut v) => {
            if !allow_poor {
                v.extend(poor);
            }
            Err(v)
        }
    }
}

/// Imports a status file into the store.
pub fn import(
    store: &dyn Store,
    path: &Path,
    opts: &ImportOptions<'_>,
) -> Result<ImportOutcome, ImportError> {
    // The index loads while the file is read; groups wait for it in `pending_raw`.
    let index_cell: OnceLock<Result<Index, String>> = OnceLock::new();
    let lang = opts.ctx.lang;
    let mut summary = ImportSummary {
        batch: opts.ctx.meta.batch.clone(),
        dry_run: opts.dry_run,
        ..Default::default()
    };
    let mut errors: Vec<FileError> = Vec::new();
    let mut warnings: Vec<FileError> = Vec::new();
    let allow_poor = store.allows_poor_notes(opts.ctx.home_org())?;
    let (tx, rx) = mpsc::sync_channel::<Vec<Msg>>(16);
    let (items_tx, items_rx) = mpsc::sync_channel::<Vec<Raw>>(16);

    // Four stages: the source splits records (its own thread), the grouper groups them, the
    // decider compares groups with the index and parses what may have changed, the writer
    // (here) writes.
    let result = std::thread::scope(|scope| -> Result<(), ImportError> {
        let index_cell = &index_cell;
        scope.spawn(move || {
            let _ = index_cell.set(store.index(opts.ctx.org()).map_err(|e| e.to_string()));
        });
        // Suggest's engine loads while the first records are read, not when the first
        // note is graded.
        scope.spawn(|| {
            entrack_suggest::engine();
        });
        scope.spawn(move || {
            let mut decider = Decider {
                index: index_cell,
                pending_raw: Vec::new(),
                seen: Vec::new(),
                reader: Reader {
                    opts,
                    rows: None,
                    current: None,
                    // Room for a programme's services without growing on the way (a
                    // table's pages are only touched as it fills).
                    done: {
                        let mut m = FxHashMap::default();
                        m.reserve(1 << 19);
                        m
                    },
                    out: Vec::new(),
                    last_tenant: None,
                },
                opts,
                columns: None,
                tenants_new: FxHashSet::default(),
                gate: NoteGate::grading_only(allow_poor),
                out: Vec::with_capacity(512),
            };
            for items in items_rx.iter() {
                let fatal = items.iter().any(|i| matches!(i, Raw::Msg(Msg::Fatal(_))));
                for item in items {
                    decider.take_raw(item);
                }
                if fatal {
                    let _ = tx.send(std::mem::replace(&mut decider.out, Vec::with_capacity(512)));
                    return;
                }
                if decider.out.len() >= 512
                    && tx
                        .send(std::mem::replace(&mut decider.out, Vec::with_capacity(640)))
                        .is_err()
                {
                    return;
                }
            }
            if index_cell.wait().is_err() {
                return;
            }
            decider.drain_pending_raw();
            let _ = tx.send(std::mem::take(&mut decider.out));
        });
        scope.spawn(move || {
            let tx = items_tx;
            let mut reader = Grouper {
                opts,
                rows: None,
                salt: [0; 32],
                current: None,
                out: Vec::with_capacity(512),
                rows_read: 0,
                reported: 0,
                last_tenant: None,
            };
            let fatal = |e: Vec<FileError>| vec![Raw::Msg(Msg::Fatal(e))];
            let header_done = std::cell::Cell::new(false);
            let mut failed = false;
            let mut bad_rows: Vec<FileError> = Vec::new();
            let mut bad_header: Option<FileError> = None;
            let header_unreadable = std::cell::Cell::new(false);
            let read = source::read(
                path,
                &mut |info, cells| {
                    if header_unreadable.get() {
                        return std::ops::ControlFlow::Break(());
                    }
                    if !header_done.get() {
                        header_done.set(true);
                        if let Err(e) = reader.header(cells) {
                            let _ = tx.send(fatal(e));
                            failed = true;
                            return std::ops::ControlFlow::Break(());
                        }
                        return std::ops::ControlFlow::Continue(());
                    }
                    reader.record(info, cells);
                    if reader.rows_read.is_multiple_of(4096) {
                        if let Some(p) = opts.progress {
                            p(Progress {
                                bytes: info.bytes,
                                rows: reader.rows_read,
                            });
                        }
                    }
                    if reader.out.len() >= 512 {
                        let mut batch = std::mem::replace(&mut reader.out, Vec::with_capacity(640));
                        batch.push(Raw::Msg(Msg::Rows(reader.rows_read_delta())));
                        if tx.send(batch).is_err() {
                            return std::ops::ControlFlow::Break(());
                        }
                    }
                    std::ops::ControlFlow::Continue(())
                },
                &mut |bad| {
                    // An unreadable header: the next record must not be taken for it.
                    if !header_done.get() {
                        header_done.set(true);
                        header_unreadable.set(true);
                        bad_header = Some(FileError::unreadable(bad, lang));
                        return;
                    }
                    bad_rows.push(FileError::unreadable(bad, lang))
                },
            );
            if let Some(e) = bad_header {
                let _ = tx.send(fatal(vec![e]));
                return;
            }
            if failed {
                return;
            }
            if let Err(e) = read {
                let v = Violation::new(RuleCode::UnreadableFile).value(&e.0);
                let _ = tx.send(fatal(vec![err_at(v, 0, None, lang)]));
                return;
            }
            if !header_done.get() {
                let v = Violation::new(RuleCode::MissingColumn).value(Field::TenantId.code());
                let _ = tx.send(fatal(vec![err_at(v, 1, None, lang)]));
                return;
            }
            reader.end_group();
            let mut last = std::mem::take(&mut reader.out);
            // Rows that could not be decoded were read all the same.
            let unreadable = bad_rows.len() as u64;
            if !bad_rows.is_empty() {
                last.push(Raw::Msg(Msg::Rejected(bad_rows)));
            }
            last.push(Raw::Msg(Msg::Rows(reader.rows_read_delta() + unreadable)));
            if let Some(p) = opts.progress {
                p(Progress {
                    bytes: u64::MAX,
                    rows: reader.rows_read,
                });
            }
            let _ = tx.send(last);
        });

        // The bulk transaction takes the store's connection: only once the index has it.
        if let Err(e) = index_cell.wait() {
            return Err(ImportError::Store(StoreError::Backend(e.clone())));
        }
        let rules = opts.ctx.rules();
        let mut gate = NoteGate::grading_only(allow_poor);
        let mut wrote = false;
        let mut fatal = false;
        let mut work = |bulk: &mut dyn Bulk| -> Result<Finish, StoreError> {
            for batch in rx.iter() {
                for msg in batch {
                    let writing = !opts.dry_run && (opts.skip_invalid || errors.is_empty());
                    match msg {
                        Msg::Rows(n) => summary.rows += n,
                        Msg::Warnings(w) => warnings.extend(w),
                        Msg::Unchanged => summary.services_unchanged += 1,
                        Msg::Fatal(e) => {
                            errors.extend(e);
                            fatal = true;
                        }
                        Msg::Rejected(e) => {
                            summary.services_rejected += 1;
                            errors.extend(e);
                        }
                        Msg::Create(created) => {
                            let Created {
                                tenant,
                                state,
                                event,
                                file,
                                digest,
                            } = *created;
                            summary.services_created += 1;
                            if tenant.is_some() {
                                summary.tenants_created += 1;
                            }
                            if writing {
                                if let Some((t, changes)) = tenant {
                                    let event = entrack_core::history::Event {
                                        seq: 0,
                                        at: opts.ctx.meta.at,
                                        actor: opts.ctx.meta.actor.clone(),
                                        source: opts.ctx.meta.source,
                                        tenant_id: t.tenant_id.clone(),
                                        service: None,
                                        kind: EventKind::TenantCreated,
                                        version: 1,
                                        changes,
                                        batch: opts.ctx.meta.batch.clone(),
                                    };
                                    bulk.write(Write::CreateTenant {
                                        tenant: t,
                                        org: opts.ctx.org(),
                                        event,
                                    })?;
                                }
                                bulk.write(Write::PutService {
                                    state,
                                    event,
                                    file,
                                    state_digest: Some(digest),
                                })?;
                                wrote = true;
                            }
                        }
                        Msg::Change {
                            after,
                            base,
                            lines,
                            first_row,
                            columns,
                            file,
                        } => {
                            let before = bulk.service(&after.tenant_id, after.service)?;
                            let poor = gate.poor_rows(after.service, before.as_ref(), &after.rows);
                            let planned = plan_replace(before.as_ref(), base, after, &rules);
                            match gated(planned, poor, allow_poor) {
                                Ok((plan, _)) if plan.is_noop() => summary.services_unchanged += 1,
                                Ok((plan, warned)) => {
                                    summary.services_changed += 1;
                                    warnings.extend(service_errors(
                                        warned, &lines, first_row, &columns, lang,
                                    ));
                                    if writing {
                                        let (state, event) = plan
                                            .into_parts(EventKind::StatusImported, &opts.ctx.meta);
                                        bulk.write(Write::PutService {
                                            state,
                                            event,
                                            file,
                                            state_digest: None,
                                        })?;
                                        wrote = true;
                                    }
                                }
                                Err(v) => {
                                    summary.services_rejected += 1;
                                    errors.extend(service_errors(
                                        v, &lines, first_row, &columns, lang,
                                    ));
                                }
                            }
                        }
                    }
                }
            }
            let keep = wrote && !fatal && !opts.dry_run && (opts.skip_invalid || errors.is_empty());
            if keep {
                bulk.write(crate::batch_record(
                    BatchKind::Import,
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
        Ok(())
    });
    result?;
    if !summary.written {
        summary.batch = None;
    }
    errors.sort_by_key(|e| e.row);
    warnings.sort_by_key(|e| e.row);
    summary.notes_poor = (errors.iter().chain(&warnings))
        .filter(|e| e.code == RuleCode::NotePoor.code())
        .count() as u64;
    Ok(ImportOutcome {
        summary,
        errors,
        warnings,
    })
}

/// The group the grouper is filling.
struct Current {
    key: (TenantKey, Service),
    records: Records,
    dates: Dates,
    mixed: bool,
}

/// The grouper's side: copy records into groups per tenant × service, unparsed, and follow
/// the file's date format (found in file order, whether a group is parsed or not).
struct Grouper<'a> {
    opts: &'a ImportOptions<'a>,
    rows: Option<RowReader>,
    /// [`Records::salt`] of the header.
    salt: [u8; 32],
    current: Option<Current>,
    out: Vec<Raw>,
    rows_read: u64,
    reported: u64,
    /// The last tenant id text and its key.
    last_tenant: Option<(String, TenantKey)>,
}

impl Grouper<'_> {
    fn header(&mut self, cells: &[CellRef<'_>]) -> Result<(), Vec<FileError>> {
        let lang = self.opts.ctx.lang;
        let columns = status_columns(cells, lang)?;
        self.rows = Some(RowReader {
            columns: Arc::new(columns),
            dates: Dates::new(self.opts.date_format),
            lang,
        });
        self.salt = Records::salt(cells);
        let mut r = Records::default();
        r.push(&RecordInfo { row: 1, bytes: 0 }, cells);
        self.out.push(Raw::Header(r));
        Ok(())
    }

    /// Adds a record to its group; one whose tenant or service cannot be read goes alone
    /// (the reader in the decider rejects it as the rules say).
    fn record(&mut self, info: &RecordInfo, cells: &[CellRef<'_>]) {
        self.rows_read += 1;
        let rr = self.rows.as_ref().expect("header read first");
        let tenant_text = rr.text(cells, Field::TenantId).unwrap_or_default();
        let tenant = match &self.last_tenant {
            Some((text, key)) if text == tenant_text.as_ref() => Some(*key),
            _ => TenantId::parse(&tenant_text).map(|id| {
                let key = tenant_key(&id);
                self.last_tenant = Some((tenant_text.to_string(), key));
                key
            }),
        };
        let service = rr
            .text(cells, Field::Service)
            .and_then(|t| parse_service(&t).ok());
        let (Some(tenant), Some(service)) = (tenant, service) else {
            let mut r = Records::default();
            r.push(info, cells);
            self.out.push(Raw::Alone(r));
            return;
        };
        if self
            .current
            .as_ref()
            .is_none_or(|c| c.key != (tenant, service))
        {
            self.end_group();
            let dates = self.rows.as_ref().expect("header read first").dates.clone();
            self.current = Some(Current {
                key: (tenant, service),
                records: Records::with_capacity(1024),
                dates,
                mixed: false,
            });
        }
        let rr = self.rows.as_mut().expect("header read first");
        let c = self.current.as_mut().expect("set above");
        c.records.push(info, cells);
        // As RowReader::date reads them: ISO dates (and empty cells) leave the format alone.
        for f in [
            Field::EngagementStartDate,
            Field::TargetDate,
            Field::NextActionDate,
        ] {
            if let Some(CellRef::Text(t)) = cell_text(cells, rr.columns.index(f)) {
                let t = trim(t);
                let iso = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
                if !t.is_empty()
                    && !iso
                    && matches!(rr.dates.read(t, info.row), DateCell::Mixed { .. })
                {
                    c.mixed = true;
                }
            }
        }
    }

    fn end_group(&mut self) {
        if let Some(c) = self.current.take() {
            let format = self
                .rows
                .as_ref()
                .expect("header read first")
                .dates
                .format();
            let file = c.records.digest(&self.salt, format);
            self.out.push(Raw::Group(RawGroup {
                key: c.key,
                records: c.records,
                dates: c.dates,
                file,
                mixed: c.mixed,
            }));
        }
    }

    /// Rows read since the last report to the writer.
    fn rows_read_delta(&mut self) -> u64 {
        let n = self.rows_read;
        let reported = self.reported;
        self.reported = n;
        n - reported
    }
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn the_quick_trim_is_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\r",
            "\u{a0}x",
            "x\u{3000}",
            "\u{b}x",
            "x\u{b}",
            "\u{2028}",
            "é",
            " é ",
            "ab cd",
            "\u{85}x",
            "x\u{85}",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }
}
