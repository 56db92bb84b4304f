//! The JSON shapes of a service entitlement and its rows as every door prints them. A row
//! document has exactly the keys a status put reads, so output can be edited and put back.

use crate::model::{ServiceState, StatusRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowDoc {
    pub l1: String,
    pub l2: Option<String>,
    pub l3: Option<String>,
    pub entitlements: u64,
    pub target_date: Option<String>,
    pub owner: Option<String>,
    pub note: Option<String>,
    pub next_action: Option<String>,
    pub next_action_date: Option<String>,
}

impl From<&StatusRow> for RowDoc {
    fn from(r: &StatusRow) -> RowDoc {
        RowDoc {
            l1: r.l1.code().to_string(),
            l2: r.l2.map(|x| x.code().to_string()),
            l3: r.l3.map(|x| x.code().to_string()),
            entitlements: r.entitlements,
            target_date: r.target_date.map(|d| d.to_string()),
            owner: r.owner.clone(),
            note: r.note.clone(),
            next_action: r.next_action.clone(),
            next_action_date: r.next_action_date.map(|d| d.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceDoc {
    pub tenant_id: String,
    pub service: String,
    pub total_entitlements: u64,
    pub scenario: Option<String>,
    pub engagement_scenario: String,
    pub service_status: Option<String>,
    pub engagement_start_date: Option<String>,
    pub version: u64,
    pub rows: Vec<RowDoc>,
}

impl From<&ServiceState> for ServiceDoc {
    fn from(s: &ServiceState) -> ServiceDoc {
        ServiceDoc {
            tenant_id: s.tenant_id.to_string(),
            service: s.service.code().to_string(),
            total_entitlements: s.total_entitlements,
            scenario: s.scenario.map(|x| x.code().to_string()),
            engagement_scenario: s.engagement_scenario.code().to_string(),
            service_status: s.service_status.map(|x| x.code().to_string()),
            engagement_start_date: s.engagement_start_date.map(|d| d.to_string()),
            version: s.version,
            rows: s.rows.iter().map(RowDoc::from).collect(),
        }
    }
}

/// A service entitlement serialised as its [`ServiceDoc`], straight from the state: the
/// same JSON without building the document first.
pub struct ServiceView<'a>(pub &'a ServiceState);

struct RowView<'a>(&'a StatusRow);

/// A value printed with its `Display`, without an intermediate string.
struct Shown<T>(T);

impl<T: std::fmt::Display> Serialize for Shown<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl Serialize for RowView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let r = self.0;
        let mut st = s.serialize_struct("RowDoc", 9)?;
        st.serialize_field("l1", r.l1.code())?;
        st.serialize_field("l2", &r.l2.map(|x| x.code()))?;
        st.serialize_field("l3", &r.l3.map(|x| x.code()))?;
        st.serialize_field("entitlements", &r.entitlements)?;
        st.serialize_field("target_date", &r.target_date.map(Shown))?;
        st.serialize_field("owner", &r.owner)?;
        st.serialize_field("note", &r.note)?;
        st.serialize_field("next_action", &r.next_action)?;
        st.serialize_field("next_action_date", &r.next_action_date.map(Shown))?;
        st.end()
    }
}

impl Serialize for ServiceView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let v = self.0;
        let mut st = s.serialize_struct("ServiceDoc", 9)?;
        st.serialize_field("tenant_id", v.tenant_id.as_str())?;
        st.serialize_field("service", v.service.code())?;
        st.serialize_field("total_entitlements", &v.total_entitlements)?;
        st.serialize_field("scenario", &v.scenario.map(|x| x.code()))?;
        st.serialize_field("engagement_scenario", v.engagement_scenario.code())?;
        st.serialize_field("service_status", &v.service_status.map(|x| x.code()))?;
        st.serialize_field("engagement_start_date", &v.engagement_start_date.map(Shown))?;
        st.serialize_field("version", &v.version)?;
        st.serialize_field("rows", &v.rows.iter().map(RowView).collect::<Vec<_>>())?;
        st.end()
    }
}

#[cfg(test)]
mod view_tests {
    use super::*;
    use crate::model::{EngagementScenario, Scenario, ServicePhase};
    use crate::{Service, TenantId};

    #[test]
    fn the_view_prints_exactly_the_document() {
        let tenant = TenantId::parse("6f9619ff-8b86-d011-b42d-00c04fc964ff").unwrap();
        let mut s = ServiceState::new(tenant, Service::from_code("teams").unwrap());
        s.total_entitlements = 30;
        s.version = 7;
        let bare = serde_json::to_string(&ServiceDoc::from(&s)).unwrap();
        assert_eq!(serde_json::to_string(&ServiceView(&s)).unwrap(), bare);
        s.scenario = Some(Scenario::Delivery);
        s.engagement_scenario = EngagementScenario::default();
        s.service_status = ServicePhase::from_code("migrate");
        s.engagement_start_date = Some(jiff::civil::date(2026, 3, 1));
        let mut row = StatusRow::new(
            crate::model::RowKey::from_codes(
                "blocked",
                "customer-it-infrastructure-remediation",
                "",
            )
            .unwrap(),
            30,
        );
        row.target_date = Some(jiff::civil::date(2027, 1, 31));
        row.owner = Some("Zoë \"Z\" Müller".into());
        row.note = Some("Waiting for the \\ budget\n说明".into());
        row.next_action_date = Some(jiff::civil::date(2026, 12, 1));
        s.rows.push(row);
        let full = serde_json::to_string(&ServiceDoc::from(&s)).unwrap();
        assert_eq!(serde_json::to_string(&ServiceView(&s)).unwrap(), full);
    }
}
