//! History: every accepted change is one immutable [`Event`] holding the before and after of
//! each field it changed. Events are computed here ([`diff_service`]) and can be replayed
//! ([`apply`]) to rebuild any service's state at any point.

use crate::model::{
    EngagementScenario, Field, Review, RowKey, Scenario, ServicePhase, ServiceState, StatusRow,
    Tenant, TenantId,
};
use crate::taxonomy::Service;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Through which door a change came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Cli,
    Api,
    Ui,
    Import,
    Automation,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Cli => "cli",
            Source::Api => "api",
            Source::Ui => "ui",
            Source::Import => "import",
            Source::Automation => "automation",
        }
    }
    pub fn from_code(s: &str) -> Option<Source> {
        [
            Source::Cli,
            Source::Api,
            Source::Ui,
            Source::Import,
            Source::Automation,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What kind of change an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    #[serde(rename = "tenant.created")]
    TenantCreated,
    #[serde(rename = "entitlement.set")]
    EntitlementSet,
    #[serde(rename = "status.put")]
    StatusPut,
    /// Status rows and totals replaced by a file import.
    #[serde(rename = "status.imported")]
    StatusImported,
    /// Totals changed by the entitlement feed.
    #[serde(rename = "feed.applied")]
    FeedApplied,
    /// A service entitlement taken away (undoing the batch that created it).
    #[serde(rename = "service.removed")]
    ServiceRemoved,
    /// A tenant taken away (undoing the batch that created it).
    #[serde(rename = "tenant.removed")]
    TenantRemoved,
}

impl EventKind {
    pub fn code(self) -> &'static str {
        match self {
            EventKind::TenantCreated => "tenant.created",
            EventKind::EntitlementSet => "entitlement.set",
            EventKind::StatusPut => "status.put",
            EventKind::StatusImported => "status.imported",
            EventKind::FeedApplied => "feed.applied",
            EventKind::ServiceRemoved => "service.removed",
            EventKind::TenantRemoved => "tenant.removed",
        }
    }
    pub fn from_code(s: &str) -> Option<EventKind> {
        [
            EventKind::TenantCreated,
            EventKind::EntitlementSet,
            EventKind::StatusPut,
            EventKind::StatusImported,
            EventKind::FeedApplied,
            EventKind::ServiceRemoved,
            EventKind::TenantRemoved,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
}

/// A status row's identity as written in history: codes, empty for absent levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowRef {
    pub l1: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub l2: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub l3: String,
}

impl From<RowKey> for RowRef {
    fn from(k: RowKey) -> RowRef {
        RowRef {
            l1: k.l1.code().to_string(),
            l2: k.l2.map(|x| x.code().to_string()).unwrap_or_default(),
            l3: k.l3.map(|x| x.code().to_string()).unwrap_or_default(),
        }
    }
}

impl RowRef {
    pub fn key(&self) -> Option<RowKey> {
        RowKey::from_codes(&self.l1, &self.l2, &self.l3)
    }
}

/// The before and after of one field. Values are text in wire form (codes, ISO dates,
/// decimal numbers); absent is `None`. For [`Field::Row`] the values are `"present"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<RowRef>,
    pub field: Field,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One accepted change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Position in the store's history; 0 until stored.
    pub seq: i64,
    pub at: Timestamp,
    pub actor: String,
    pub source: Source,
    pub tenant_id: TenantId,
    /// Service code; absent for tenant events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    pub kind: EventKind,
    /// The version of the service entitlement (or tenant) after this event.
    pub version: u64,
    pub changes: Vec<FieldChange>,
    /// Import batch or request id this event belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
}

const PRESENT: &str = "present";

fn opt<T: ToString>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(|x| x.to_string())
}

fn service_fields(s: &ServiceState) -> [(Field, Option<String>); 6] {
    [
        (
            Field::TotalEntitlements,
            Some(s.total_entitlements.to_string()),
        ),
        (Field::Scenario, opt(&s.scenario)),
        (
            Field::EngagementScenario,
            Some(s.engagement_scenario.to_string()),
        ),
        (Field::ServiceStatus, opt(&s.service_status)),
        (Field::EngagementStartDate, opt(&s.engagement_start_date)),
        (Field::Review, opt(&s.review)),
    ]
}

fn row_fields(r: &StatusRow) -> [(Field, Option<String>); 6] {
    [
        (Field::Entitlements, Some(r.entitlements.to_string())),
        (Field::TargetDate, opt(&r.target_date)),
        (Field::Owner, r.owner.clone()),
        (Field::Note, r.note.clone()),
        (Field::NextAction, r.next_action.clone()),
        (Field::NextActionDate, opt(&r.next_action_date)),
    ]
}

/// The changes of taking a whole service away: every field that has a value, to nothing.
pub fn diff_removal(before: &ServiceState) -> Vec<FieldChange> {
    let mut out: Vec<FieldChange> = service_fields(before)
        .into_iter()
        .filter_map(|(field, v)| {
            v.map(|v| FieldChange {
                row: None,
                field,
                before: Some(v),
                after: None,
            })
        })
        .collect();
    let empty = ServiceState {
        rows: Vec::new(),
        ..before.clone()
    };
    out.extend(
        diff_service(Some(before), &empty)
            .into_iter()
            .filter(|c| c.row.is_some()),
    );
    out
}

/// Every field that differs between `before` (absent for a new service) and `after`.
/// Empty means the change changes nothing.
pub fn diff_service(before: Option<&ServiceState>, after: &ServiceState) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let b_fields = before.map(service_fields);
    for (i, (field, a)) in service_fields(after).into_iter().enumerate() {
        let b = b_fields.as_ref().and_then(|f| f[i].1.clone());
        if b != a {
            out.push(FieldChange {
                row: None,
                field,
                before: b,
                after: a,
            });
        }
    }
    let b_rows: BTreeMap<RowKey, &StatusRow> = before
        .map(|b| b.rows.iter().map(|r| (r.key(), r)).collect())
        .unwrap_or_default();
    let a_rows: BTreeMap<RowKey, &StatusRow> = after.rows.iter().map(|r| (r.key(), r)).collect();
    for (key, b) in &b_rows {
        if !a_rows.contains_key(key) {
            for (field, v) in row_fields(b) {
                if v.is_some() {
                    out.push(FieldChange {
                        row: Some((*key).into()),
                        field,
                        before: v,
                        after: None,
                    });
                }
            }
            out.push(FieldChange {
                row: Some((*key).into()),
                field: Field::Row,
                before: Some(PRESENT.into()),
                after: None,
            });
        }
    }
    for (key, a) in &a_rows {
        match b_rows.get(key) {
            None => {
                out.push(FieldChange {
                    row: Some((*key).into()),
                    field: Field::Row,
                    before: None,
                    after: Some(PRESENT.into()),
                });
                for (field, v) in row_fields(a) {
                    if v.is_some() {
                        out.push(FieldChange {
                            row: Some((*key).into()),
                            field,
                            before: None,
                            after: v,
                        });
                    }
                }
            }
            Some(b) => {
                for ((field, bv), (_, av)) in row_fields(b).into_iter().zip(row_fields(a)) {
                    if bv != av {
                        out.push(FieldChange {
                            row: Some((*key).into()),
                            field,
                            before: bv,
                            after: av,
                        });
                    }
                }
            }
        }
    }
    out
}

/// Why an event could not be replayed (a damaged or foreign history).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {seq} cannot be replayed: {reason}")]
pub struct ReplayError {
    pub seq: i64,
    pub reason: String,
}

/// What replaying a history rebuilds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replayed {
    pub tenants: BTreeMap<TenantId, Tenant>,
    pub services: BTreeMap<(TenantId, Service), ServiceState>,
}

impl Replayed {
    /// Applies one event (events must come in history order).
    pub fn apply(&mut self, e: &Event) -> Result<(), ReplayError> {
        let err = |reason: String| ReplayError { seq: e.seq, reason };
        match e.kind {
            EventKind::TenantCreated => {
                let name = e
                    .changes
                    .iter()
                    .find(|c| c.field == Field::TenantName)
                    .and_then(|c| c.after.clone())
                    .ok_or_else(|| err("tenant event without a name".into()))?;
                self.tenants.insert(
                    e.tenant_id.clone(),
                    Tenant {
                        tenant_id: e.tenant_id.clone(),
                        tenant_name: name,
                    },
                );
            }
            EventKind::TenantRemoved => {
                self.tenants.remove(&e.tenant_id);
            }
            EventKind::ServiceRemoved => {
                let code = e.service.as_deref().unwrap_or_default();
                let service = Service::from_code(code)
                    .ok_or_else(|| err(format!("unknown service {code}")))?;
                self.services.remove(&(e.tenant_id.clone(), service));
            }
            EventKind::EntitlementSet
            | EventKind::StatusPut
            | EventKind::StatusImported
            | EventKind::FeedApplied => {
                let code = e
                    .service
                    .as_deref()
                    .ok_or_else(|| err("no service".into()))?;
                let service = Service::from_code(code)
                    .ok_or_else(|| err(format!("unknown service {code}")))?;
                let key = (e.tenant_id.clone(), service);
                let state = self
                    .services
                    .entry(key)
                    .or_insert_with(|| ServiceState::new(e.tenant_id.clone(), service));
                apply(state, e)?;
            }
        }
        Ok(())
    }
}

/// Applies a service event to a state.
pub fn apply(state: &mut ServiceState, e: &Event) -> Result<(), ReplayError> {
    let err = |reason: String| ReplayError { seq: e.seq, reason };
    for c in &e.changes {
        let value = c.after.as_deref();
        match &c.row {
            None => set_service_field(state, c.field, value).map_err(err)?,
            Some(r) => {
                let key = r
                    .key()
                    .ok_or_else(|| err(format!("unknown row {}/{}/{}", r.l1, r.l2, r.l3)))?;
                if c.field == Field::Row {
                    if value.is_some() {
                        state.rows.push(StatusRow::new(key, 0));
                    } else {
                        state.rows.retain(|x| x.key() != key);
                    }
                    continue;
                }
                let row = state
                    .rows
                    .iter_mut()
                    .find(|x| x.key() == key)
                    .ok_or_else(|| err(format!("change to absent row {}", key)))?;
                set_row_field(row, c.field, value).map_err(err)?;
            }
        }
    }
    state.canonicalize();
    state.version = e.version;
    Ok(())
}

fn date(v: Option<&str>) -> Result<Option<Date>, String> {
    v.map(|s| s.parse::<Date>().map_err(|x| format!("bad date {s}: {x}")))
        .transpose()
}

fn count(v: Option<&str>) -> Result<u64, String> {
    v.unwrap_or("0")
        .parse::<u64>()
        .map_err(|x| format!("bad count: {x}"))
}

fn code<T>(v: Option<&str>, f: fn(&str) -> Option<T>) -> Result<Option<T>, String> {
    v.map(|s| f(s).ok_or_else(|| format!("unknown code {s}")))
        .transpose()
}

fn set_service_field(s: &mut ServiceState, field: Field, v: Option<&str>) -> Result<(), String> {
    match field {
        Field::TotalEntitlements => s.total_entitlements = count(v)?,
        Field::Scenario => s.scenario = code(v, Scenario::from_code)?,
        Field::EngagementScenario => {
            s.engagement_scenario = code(v, EngagementScenario::from_code)?.unwrap_or_default()
        }
        Field::ServiceStatus => s.service_status = code(v, ServicePhase::from_code)?,
        Field::EngagementStartDate => s.engagement_start_date = date(v)?,
        Field::Review => s.review = code(v, Review::parse)?,
        other => return Err(format!("{other} is not a service field")),
    }
    Ok(())
}

fn set_row_field(r: &mut StatusRow, field: Field, v: Option<&str>) -> Result<(), String> {
    let text = v.map(str::to_string);
    match field {
        Field::Entitlements => r.entitlements = count(v)?,
        Field::TargetDate => r.target_date = date(v)?,
        Field::Owner => r.owner = text,
        Field::Note => r.note = text,
        Field::NextAction => r.next_action = text,
        Field::NextActionDate => r.next_action_date = date(v)?,
        other => return Err(format!("{other} is not a row field")),
    }
    Ok(())
}

/// Replays a whole history (oldest first).
pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Result<Replayed, ReplayError> {
    let mut r = Replayed::default();
    for e in events {
        r.apply(e)?;
    }
    Ok(r)
}

/// Undoes a service event on the state it produced: the state before it (`None` when the
/// event created the service). The event's version must be the state's version.
pub fn revert(state: &ServiceState, e: &Event) -> Result<Option<ServiceState>, ReplayError> {
    let err = |reason: String| ReplayError { seq: e.seq, reason };
    if state.version != e.version {
        return Err(err(format!(
            "the service is at version {}, the event at {}",
            state.version, e.version
        )));
    }
    let mut s = state.clone();
    for c in e.changes.iter().rev() {
        let value = c.before.as_deref();
        match &c.row {
            None => set_service_field(&mut s, c.field, value).map_err(err)?,
            Some(r) => {
                let key = r
                    .key()
                    .ok_or_else(|| err(format!("unknown row {}/{}/{}", r.l1, r.l2, r.l3)))?;
                if c.field == Field::Row {
                    if value.is_some() {
                        if s.row(key).is_none() {
                            s.rows.push(StatusRow::new(key, 0));
                        }
                    } else {
                        s.rows.retain(|x| x.key() != key);
                    }
                    continue;
                }
                let row = match s.rows.iter_mut().find(|x| x.key() == key) {
                    Some(row) => row,
                    None => {
                        s.rows.push(StatusRow::new(key, 0));
                        s.rows.last_mut().expect("just pushed")
                    }
                };
                set_row_field(row, c.field, value).map_err(err)?;
            }
        }
    }
    s.canonicalize();
    s.version = e.version.saturating_sub(1);
    let created = e.version == 1
        || e.changes
            .iter()
            .any(|c| c.row.is_none() && c.field == Field::EngagementScenario && c.before.is_none());
    Ok(if created { None } else { Some(s) })
}

/// The stored form of an event's changes, compact: a JSON array of groups, one per status
/// row (and one with path `""` for the service's own fields), each
/// `[path, [field, before, after], …]` with `path` = `l1/l2/l3`. The path is written once
/// per row instead of once per field. [`decode_changes`] also reads the field-named form.
pub fn encode_changes(changes: &[FieldChange]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(48 * changes.len() + 16);
    encode_changes_into(changes, &mut out);
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`encode_changes`] into a reusable buffer (cleared first).
pub fn encode_changes_into(changes: &[FieldChange], out: &mut Vec<u8>) {
    out.clear();
    out.push(b'[');
    let mut current: Option<Option<&RowRef>> = None;
    for c in changes {
        let here = c.row.as_ref();
        if current != Some(here) {
            if current.is_some() {
                out.extend_from_slice(b"],");
            }
            out.extend_from_slice(b"[\"");
            if let Some(r) = here {
                // Codes are lowercase ASCII slugs: nothing to escape.
                out.extend_from_slice(r.l1.as_bytes());
                out.push(b'/');
                out.extend_from_slice(r.l2.as_bytes());
                out.push(b'/');
                out.extend_from_slice(r.l3.as_bytes());
            }
            out.push(b'"');
            current = Some(here);
        }
        out.extend_from_slice(b",[\"");
        out.extend_from_slice(c.field.code().as_bytes());
        out.extend_from_slice(b"\",");
        for (j, v) in [&c.before, &c.after].into_iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            match v {
                None => out.extend_from_slice(b"null"),
                Some(v) => serde_json::to_writer(&mut *out, v).expect("writing to memory"),
            }
        }
        out.push(b']');
    }
    if current.is_some() {
        out.push(b']');
    }
    out.push(b']');
}

fn row_ref(path: &str) -> Option<RowRef> {
    if path.is_empty() {
        return None;
    }
    let mut parts = path.splitn(3, '/');
    let l1 = parts.next().unwrap_or_default().to_string();
    let l2 = parts.next().unwrap_or_default().to_string();
    let l3 = parts.next().unwrap_or_default().to_string();
    Some(RowRef { l1, l2, l3 })
}

/// Reads changes written by [`encode_changes`] or as a list of field-named objects.
pub fn decode_changes(s: &str) -> Result<Vec<FieldChange>, String> {
    if s.trim_start().starts_with("[{") {
        return serde_json::from_str(s).map_err(|e| e.to_string());
    }
    let groups: Vec<Vec<serde_json::Value>> = serde_json::from_str(s).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for g in groups {
        let mut items = g.into_iter();
        let path = match items.next() {
            Some(serde_json::Value::String(p)) => p,
            _ => return Err("a change group starts with its row path".into()),
        };
        let row = row_ref(&path);
        for item in items {
            let (field, before, after): (String, Option<String>, Option<String>) =
                serde_json::from_value(item).map_err(|e| e.to_string())?;
            let field = Field::from_code(&field).ok_or_else(|| format!("unknown field {field}"))?;
            out.push(FieldChange {
                row: row.clone(),
                field,
                before,
                after,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        row: Option<(&str, &str)>,
        field: Field,
        before: Option<&str>,
        after: Option<&str>,
    ) -> FieldChange {
        FieldChange {
            row: row.map(|(l1, l2)| RowRef {
                l1: l1.into(),
                l2: l2.into(),
                l3: String::new(),
            }),
            field,
            before: before.map(Into::into),
            after: after.map(Into::into),
        }
    }

    #[test]
    fn compact_changes_round_trip_and_old_form_still_reads() {
        let changes = vec![
            change(None, Field::TotalEntitlements, Some("10"), Some("12")),
            change(
                Some(("blocked", "network")),
                Field::Row,
                None,
                Some(PRESENT),
            ),
            change(
                Some(("blocked", "network")),
                Field::Note,
                None,
                Some("say \"hi\"\n\u{1}\\ 受阻"),
            ),
            change(
                Some(("in-progress", "")),
                Field::Entitlements,
                Some("4"),
                None,
            ),
        ];
        let encoded = encode_changes(&changes);
        assert_eq!(encoded.matches("blocked/network/").count(), 1, "{encoded}");
        assert_eq!(decode_changes(&encoded).unwrap(), changes);
        let old = serde_json::to_string(&changes).unwrap();
        assert_eq!(decode_changes(&old).unwrap(), changes);
        assert_eq!(decode_changes(&encode_changes(&[])).unwrap(), vec![]);
    }
}
