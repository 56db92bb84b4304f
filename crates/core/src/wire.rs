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
