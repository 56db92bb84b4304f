//! The playbook's rules. Every change to a service entitlement is checked here as a whole
//! (all rows together, like FTOP's Save), and every refusal is a [`Violation`] with a stable
//! code, the row, field and value it concerns, and a message in four languages.

use crate::model::{Field, Role, Scenario, ServiceState, StatusRow};
use crate::taxonomy::{Service, L1};
use jiff::civil::Date;
use serde::Serialize;
use std::fmt;

/// Longest accepted texts, in characters.
pub const MAX_NOTE: usize = 4000;
pub const MAX_OWNER: usize = 200;
/// FTOP's Notes editor limit for next actions.
pub const MAX_NEXT_ACTION: usize = 500;
pub const MAX_TENANT_NAME: usize = 256;

macro_rules! rule_codes {
    ($($variant:ident = $code:literal),+ $(,)?) => {
        /// Stable identifier of a rule; never renamed once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleCode { $($variant),+ }
        impl RuleCode {
            pub const ALL: &'static [RuleCode] = &[$(RuleCode::$variant),+];
            pub fn code(self) -> &'static str { match self { $(RuleCode::$variant => $code),+ } }
        }
    };
}

rule_codes! {
    MissingValue = "missing-value",
    UnknownField = "unknown-field",
    InvalidValue = "invalid-value",
    InvalidNumber = "invalid-number",
    InvalidDate = "invalid-date",
    InvalidTenantId = "invalid-tenant-id",
    UnknownService = "unknown-service",
    UnknownL1 = "unknown-l1",
    L2NotInL1 = "l2-not-in-l1",
    L3NotInL2 = "l3-not-in-l2",
    L3WithoutL2 = "l3-without-l2",
    L3NotForService = "l3-not-for-service",
    L2Required = "l2-required",
    L2NotAllowed = "l2-not-allowed",
    L3NotAllowed = "l3-not-allowed",
    TargetDateRequired = "target-date-required",
    TargetDateNotAllowed = "target-date-not-allowed",
    TargetDateInPast = "target-date-in-past",
    TargetDateBeforeEngagementStart = "target-date-before-engagement-start",
    OwnerRequired = "owner-required",
    OwnerNotAllowed = "owner-not-allowed",
    NoteRequired = "note-required",
    NotePoor = "note-poor",
    NextActionRequired = "next-action-required",
    NextActionDateRequired = "next-action-date-required",
    NextActionDateWithoutAction = "next-action-date-without-action",
    TextTooLong = "text-too-long",
    InvalidCharacters = "invalid-characters",
    RowWithoutEntitlements = "row-without-entitlements",
    DuplicateRow = "duplicate-row",
    EntitlementsSumMismatch = "entitlements-sum-mismatch",
    TotalBelowClassified = "total-below-classified",
    ServiceStatusWithoutInProgress = "service-status-without-in-progress",
    UpdaterNotAllowed = "updater-not-allowed",
    EngagementScenarioLocked = "engagement-scenario-locked",
    EngagementScenarioNotPermitted = "engagement-scenario-not-permitted",
    TenantNameRequired = "tenant-name-required",
    TenantExists = "tenant-exists",
    TenantUnavailable = "tenant-unavailable",
    UnknownColumn = "unknown-column",
    MissingColumn = "missing-column",
    ServiceRowsSplit = "service-rows-split",
    ConflictingValue = "conflicting-value",
    MixedDateFormats = "mixed-date-formats",
    ChangedSinceBatch = "changed-since-batch",
    BatchAlreadyUndone = "batch-already-undone",
    UnknownBatch = "unknown-batch",
    UnreadableFile = "unreadable-file",
}

impl fmt::Display for RuleCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A value carried into a message; L1s and fields are named in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Num(u64),
    L1(L1),
    Field(Field),
    /// Messages of the catalogue (id and arguments), rendered in the reader's language and
    /// listed: e.g. the reasons Suggest gives for a poor note.
    Messages(Vec<(String, Vec<(&'static str, String)>)>),
}

/// One refusal: which rule, where, and with which value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub code: RuleCode,
    /// 1-based position of the status row in the submitted list.
    pub row: Option<usize>,
    pub field: Option<Field>,
    pub value: Option<String>,
    pub args: Vec<(&'static str, Arg)>,
}

impl Violation {
    pub fn new(code: RuleCode) -> Violation {
        Violation {
            code,
            row: None,
            field: None,
            value: None,
            args: Vec::new(),
        }
    }
    pub fn row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
    pub fn field(mut self, field: Field) -> Self {
        self.field = Some(field);
        self
    }
    pub fn value(mut self, value: impl fmt::Display) -> Self {
        self.value = Some(value.to_string());
        self
    }
    pub fn arg(mut self, name: &'static str, arg: Arg) -> Self {
        self.args.push((name, arg));
        self
    }
    pub fn text(self, name: &'static str, s: impl fmt::Display) -> Self {
        self.arg(name, Arg::Text(s.to_string()))
    }
    pub fn num(self, name: &'static str, n: u64) -> Self {
        self.arg(name, Arg::Num(n))
    }
    pub fn l1(self, l1: L1) -> Self {
        self.arg("l1", Arg::L1(l1))
    }
}

/// The wire form of a violation, with its message in one language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ViolationReport {
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub message: String,
}

/// Whether a field must, may or must not be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Need {
    Required,
    Optional,
    Forbidden,
}

/// Which fields a row of one L1 requires, allows or forbids, in a lifecycle scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FieldRules {
    pub l2: Need,
    pub target_date: Need,
    pub owner: Need,
    pub next_action: Need,
    pub next_action_date: Need,
}

/// The field matrix (domain.md 4.3 with the scenario tables of 4.2; decisions D3–D7).
pub fn field_rules(l1: L1, scenario: Option<Scenario>) -> FieldRules {
    use Need::*;
    let base = FieldRules {
        l2: Required,
        target_date: Forbidden,
        owner: Optional,
        next_action: Optional,
        next_action_date: Optional,
    };
    match l1 {
        L1::StatusUnknown => base,
        L1::InProgress => FieldRules {
            l2: Optional,
            target_date: Required,
            owner: Forbidden,
            ..base
        },
        L1::NoIntent => FieldRules {
            owner: Required,
            ..base
        },
        L1::Blocked => match scenario {
            None => FieldRules {
                target_date: Optional,
                owner: Required,
                ..base
            },
            Some(Scenario::Assignment) => FieldRules {
                owner: Required,
                next_action: Required,
                next_action_date: Required,
                ..base
            },
            Some(Scenario::Delivery) => FieldRules {
                target_date: Required,
                owner: Required,
                ..base
            },
        },
        L1::DuplicateInvalid => FieldRules {
            l2: Forbidden,
            ..base
        },
    }
}

/// What a rule check needs besides the states: today's date and the role of the person
/// making the change (`None`: a local operator with every right).
#[derive(Debug, Clone, Copy)]
pub struct RuleContext {
    pub today: Date,
    pub role: Option<Role>,
}

/// Checks `after` as the new state of a service entitlement that was `before`.
/// Returns every violation found, in row order; empty means the change is accepted.
pub fn check_service(
    before: Option<&ServiceState>,
    after: &ServiceState,
    ctx: &RuleContext,
) -> Vec<Violation> {
    let mut out = Vec::new();
    let scenario = after.scenario;
    // Where each status first appears; a service has few rows, so a list is searched.
    let mut seen: Vec<(crate::model::RowKey, usize)> = Vec::with_capacity(after.rows.len());

    for (i, row) in after.rows.iter().enumerate() {
        let n = i + 1;
        let previous = before.and_then(|b| b.row(row.key()));
        check_row(row, n, previous, after, ctx, &mut out);
        let key = row.key();
        match seen.iter().find(|(k, _)| *k == key) {
            Some((_, first)) => out.push(
                Violation::new(RuleCode::DuplicateRow)
                    .row(n)
                    .value(key.path())
                    .num("other", *first as u64),
            ),
            None => seen.push((key, n)),
        }
    }

    let sum: u64 = after.rows.iter().map(|r| r.entitlements).sum();
    if sum != after.total_entitlements {
        out.push(
            Violation::new(RuleCode::EntitlementsSumMismatch)
                .field(Field::Entitlements)
                .value(sum)
                .num("sum", sum)
                .num("total", after.total_entitlements),
        );
    }

    if let Some(phase) = after.service_status {
        if !after.rows.iter().any(|r| r.l1 == L1::InProgress) {
            out.push(
                Violation::new(RuleCode::ServiceStatusWithoutInProgress)
                    .field(Field::ServiceStatus)
                    .value(phase)
                    .l1(L1::InProgress),
            );
        }
    }

    let rows_changed = before
        .map(|b| b.rows != after.rows)
        .unwrap_or(!after.rows.is_empty());
    if rows_changed {
        if let Some(role) = ctx.role {
            let allowed = match role {
                Role::Admin => true,
                Role::AccountTeam | Role::Viewer => false,
                Role::AssignmentFm => scenario != Some(Scenario::Delivery),
                Role::DeliveryFm => scenario != Some(Scenario::Assignment),
            };
            if !allowed {
                out.push(
                    Violation::new(RuleCode::UpdaterNotAllowed)
                        .field(Field::Scenario)
                        .value(role)
                        .text("role", role)
                        .text("scenario", scenario.map(|s| s.code()).unwrap_or("-")),
                );
            }
        }
    }

    if let (Some(b), Some(role)) = (before, ctx.role) {
        // The delivery channel allocates credit: only an admin or the Assignment FM, who
        // routes the service to its channel, may change it.
        let permitted = matches!(role, Role::Admin | Role::AssignmentFm);
        if !permitted && b.engagement_scenario != after.engagement_scenario {
            out.push(
                Violation::new(RuleCode::EngagementScenarioNotPermitted)
                    .field(Field::EngagementScenario)
                    .value(after.engagement_scenario)
                    .text("role", role),
            );
        }
    }

    if let Some(b) = before {
        let locked = after.scenario == Some(Scenario::Delivery)
            && b.scenario == Some(Scenario::Delivery)
            && b.rows.iter().any(|r| r.l1 == L1::Blocked)
            && b.engagement_scenario != after.engagement_scenario;
        if locked {
            out.push(
                Violation::new(RuleCode::EngagementScenarioLocked)
                    .field(Field::EngagementScenario)
                    .value(after.engagement_scenario)
                    .text("previous", b.engagement_scenario),
            );
        }
    }
    out
}

fn check_row(
    row: &StatusRow,
    n: usize,
    previous: Option<&StatusRow>,
    service: &ServiceState,
    ctx: &RuleContext,
    out: &mut Vec<Violation>,
) {
    let rules = field_rules(row.l1, service.scenario);
    // Only Blocked rows differ between the phases; other L1s are worded without one.
    let sc = if row.l1 == L1::Blocked {
        service.scenario
    } else {
        None
    };
    let v = |code: RuleCode, field: Field| Violation::new(code).row(n).field(field).l1(row.l1);

    match (rules.l2, row.l2) {
        (Need::Required, None) => out.push(v(RuleCode::L2Required, Field::L2)),
        (Need::Forbidden, Some(l2)) => {
            out.push(v(RuleCode::L2NotAllowed, Field::L2).value(l2.code()))
        }
        _ => {}
    }
    if let Some(l3) = row.l3 {
        if rules.l2 == Need::Forbidden {
            out.push(v(RuleCode::L3NotAllowed, Field::L3).value(l3.code()));
        } else if !l3.applies_to(service.service) {
            out.push(
                v(RuleCode::L3NotForService, Field::L3)
                    .value(l3.code())
                    .text("service", service.service.name())
                    .text("services", l3_services(l3)),
            );
        }
    }

    if row.entitlements == 0 {
        out.push(v(RuleCode::RowWithoutEntitlements, Field::Entitlements).value(0));
    }

    need(
        rules.target_date,
        row.target_date
            .as_ref()
            .map(|d| d as &dyn std::fmt::Display),
        n,
        row.l1,
        Field::TargetDate,
        RuleCode::TargetDateRequired,
        RuleCode::TargetDateNotAllowed,
        sc,
        out,
    );
    need(
        rules.owner,
        row.owner.as_ref().map(|d| d as &dyn std::fmt::Display),
        n,
        row.l1,
        Field::Owner,
        RuleCode::OwnerRequired,
        RuleCode::OwnerNotAllowed,
        sc,
        out,
    );
    need(
        rules.next_action,
        row.next_action
            .as_ref()
            .map(|d| d as &dyn std::fmt::Display),
        n,
        row.l1,
        Field::NextAction,
        RuleCode::NextActionRequired,
        RuleCode::InvalidValue,
        sc,
        out,
    );
    need(
        rules.next_action_date,
        row.next_action_date
            .as_ref()
            .map(|d| d as &dyn std::fmt::Display),
        n,
        row.l1,
        Field::NextActionDate,
        RuleCode::NextActionDateRequired,
        RuleCode::InvalidValue,
        sc,
        out,
    );

    if let Some(date) = row.target_date {
        let changed = previous
            .map(|p| p.target_date != row.target_date)
            .unwrap_or(true);
        if changed && date < ctx.today && rules.target_date != Need::Forbidden {
            out.push(
                v(RuleCode::TargetDateInPast, Field::TargetDate)
                    .value(date)
                    .text("today", ctx.today),
            );
        }
        if let (L1::InProgress, Some(start)) = (row.l1, service.engagement_start_date) {
            if date < start {
                out.push(
                    v(RuleCode::TargetDateBeforeEngagementStart, Field::TargetDate)
                        .value(date)
                        .text("start", start),
                );
            }
        }
    }

    if row.note.is_none() {
        out.push(v(RuleCode::NoteRequired, Field::Note));
    }
    if row.next_action_date.is_some() && row.next_action.is_none() {
        out.push(
            v(RuleCode::NextActionDateWithoutAction, Field::NextActionDate).value(
                row.next_action_date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
        );
    }

    text_limits(
        row.note.as_deref(),
        Field::Note,
        MAX_NOTE,
        true,
        Some(n),
        out,
    );
    text_limits(
        row.owner.as_deref(),
        Field::Owner,
        MAX_OWNER,
        false,
        Some(n),
        out,
    );
    text_limits(
        row.next_action.as_deref(),
        Field::NextAction,
        MAX_NEXT_ACTION,
        false,
        Some(n),
        out,
    );
}

#[allow(clippy::too_many_arguments)]
fn need(
    need: Need,
    value: Option<&dyn std::fmt::Display>,
    n: usize,
    l1: L1,
    field: Field,
    required: RuleCode,
    forbidden: RuleCode,
    scenario: Option<Scenario>,
    out: &mut Vec<Violation>,
) {
    let scenario = scenario.map(|s| s.code()).unwrap_or("-");
    match (need, value) {
        (Need::Required, None) => out.push(
            Violation::new(required)
                .row(n)
                .field(field)
                .l1(l1)
                .text("scenario", scenario),
        ),
        (Need::Forbidden, Some(v)) => out.push(
            Violation::new(forbidden)
                .row(n)
                .field(field)
                .value(v.to_string())
                .l1(l1)
                .text("scenario", scenario),
        ),
        _ => {}
    }
}

/// Length and character checks shared by every free-text field. Multi-line texts may hold
/// line breaks and tabs; single-line texts no control characters at all.
pub fn text_limits(
    text: Option<&str>,
    field: Field,
    max: usize,
    multiline: bool,
    row: Option<usize>,
    out: &mut Vec<Violation>,
) {
    let Some(text) = text else { return };
    // No more characters than bytes: most texts need no counting.
    let len = if text.len() <= max {
        0
    } else {
        text.chars().count()
    };
    let with_row = |v: Violation| match row {
        Some(n) => v.row(n),
        None => v,
    };
    if len > max {
        out.push(with_row(
            Violation::new(RuleCode::TextTooLong)
                .field(field)
                .num("length", len as u64)
                .num("max", max as u64),
        ));
    }
    // Control characters are all below U+00A0; a text of printable ASCII and letters
    // beyond that has none (checked a byte at a time, without decoding).
    let suspect = text
        .bytes()
        .fold(false, |any, b| any | (b < 0x20) | (b == 0x7f) | (b == 0xc2));
    let bad = if suspect {
        text.chars()
            .find(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
    } else {
        None
    };
    if let Some(c) = bad {
        out.push(with_row(
            Violation::new(RuleCode::InvalidCharacters)
                .field(field)
                .value(format!("U+{:04X}", c as u32)),
        ));
    }
}

/// The services an L3 applies to, for messages.
fn l3_services(l3: crate::taxonomy::L3) -> String {
    l3.def()
        .services
        .iter()
        .map(|s| {
            Service::from_code(s)
                .map(|x| x.name())
                .unwrap_or(s.as_str())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EngagementScenario, TenantId};

    #[test]
    fn only_an_admin_or_the_assignment_fm_changes_the_engagement_scenario() {
        let t = TenantId::parse("6f9619ff-8b86-d011-b42d-00c04fc964ff").unwrap();
        let before = ServiceState::new(t, Service::from_code("teams").unwrap());
        let mut after = before.clone();
        after.engagement_scenario = EngagementScenario::FtcCssLed;
        let today = Date::constant(2026, 6, 1);
        let codes = |role: Option<Role>| -> Vec<RuleCode> {
            check_service(Some(&before), &after, &RuleContext { today, role })
                .iter()
                .map(|v| v.code)
                .collect()
        };
        for role in [None, Some(Role::Admin), Some(Role::AssignmentFm)] {
            assert!(
                !codes(role).contains(&RuleCode::EngagementScenarioNotPermitted),
                "{role:?}"
            );
        }
        for role in [Role::DeliveryFm, Role::AccountTeam, Role::Viewer] {
            assert!(
                codes(Some(role)).contains(&RuleCode::EngagementScenarioNotPermitted),
                "{role:?}"
            );
        }
        // Leaving it as it is needs no permission.
        let same = check_service(
            Some(&before),
            &before,
            &RuleContext {
                today,
                role: Some(Role::DeliveryFm),
            },
        );
        assert!(same.is_empty(), "{same:?}");
    }
}
