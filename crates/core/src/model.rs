//! Tenants, service entitlements and their status rows, as closed types.

use crate::taxonomy::{Service, L1, L2, L3};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A tenant id: a GUID, kept in lowercase hyphenated form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantId(String);

impl TenantId {
    /// Accepts a GUID with or without braces, in any case.
    pub fn parse(s: &str) -> Option<TenantId> {
        let t = s.trim();
        let t = t
            .strip_prefix('{')
            .and_then(|x| x.strip_suffix('}'))
            .unwrap_or(t);
        let b = t.as_bytes();
        if b.len() != 36 {
            return None;
        }
        for (i, c) in b.iter().enumerate() {
            let ok = if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            };
            if !ok {
                return None;
            }
        }
        Some(TenantId(t.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TenantId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        TenantId::parse(&s).ok_or_else(|| format!("`{s}` is not a GUID"))
    }
}

impl From<TenantId> for String {
    fn from(t: TenantId) -> String {
        t.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A customer tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub tenant_id: TenantId,
    pub tenant_name: String,
}

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn from_code(s: &str) -> Option<$name> {
                let s = s.trim();
                $name::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(s))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_enum! {
    /// The lifecycle phase in which the service is being updated (the playbook's scenario
    /// tables): assignment or delivery.
    Scenario { Assignment = "assignment", Delivery = "delivery" }
}

code_enum! {
    /// Service engagement scenario: the delivery channel of the service.
    EngagementScenario {
        CustomerLedWithFtpAssist = "customer-led-with-ftp-assist",
        CustomerLed = "customer-led",
        PartnerLed = "partner-led",
        FtcCssLed = "ftc-css-led",
        FtcFtpLed = "ftc-ftp-led",
        FtcCxpLed = "ftc-cxp-led",
        CxpLedWithCssAssist = "cxp-led-with-css-assist",
    }
}

code_enum! {
    /// Why the entitlement feed flagged a service for a person to look at.
    ReviewReason {
        FeedBelowClassified = "feed-below-classified",
        MissingFromFeed = "missing-from-feed",
    }
}

/// A flag set by the entitlement feed: the feed disagrees with the service and a person has
/// to decide. Wire form: `feed-below-classified:80` (the feed's total) or `missing-from-feed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Review {
    pub reason: ReviewReason,
    /// The total the feed reported, when it reported one.
    pub feed_total: Option<u64>,
}

impl Review {
    pub fn parse(s: &str) -> Option<Review> {
        let (reason, total) = match s.split_once(':') {
            Some((r, t)) => (r, Some(t.trim().parse::<u64>().ok()?)),
            None => (s, None),
        };
        Some(Review {
            reason: ReviewReason::from_code(reason)?,
            feed_total: total,
        })
    }
}

impl fmt::Display for Review {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.feed_total {
            Some(t) => write!(f, "{}:{t}", self.reason),
            None => write!(f, "{}", self.reason),
        }
    }
}

#[allow(clippy::derivable_impls)] // the enum is declared by `code_enum!`
impl Default for EngagementScenario {
    fn default() -> Self {
        EngagementScenario::CustomerLedWithFtpAssist
    }
}

code_enum! {
    /// Service status: the adoption phase of the service.
    ServicePhase {
        Initiate = "initiate",
        InitiateSerialized = "initiate-serialized",
        Assess = "assess",
        Remediate = "remediate",
        Enable = "enable",
        Migrate = "migrate",
        Adoption = "adoption",
        AdoptionCompleted = "adoption-completed",
        Operate = "operate",
    }
}

/// The identity of a status row within its service: no two rows share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey {
    pub l1: L1,
    pub l2: Option<L2>,
    pub l3: Option<L3>,
}

impl RowKey {
    /// `l1/l2/l3`, empty parts for absent levels.
    pub fn path(&self) -> String {
        format!(
            "{}/{}/{}",
            self.l1.code(),
            self.l2.map(|x| x.code()).unwrap_or(""),
            self.l3.map(|x| x.code()).unwrap_or("")
        )
    }

    /// Reads a key back from its codes.
    pub fn from_codes(l1: &str, l2: &str, l3: &str) -> Option<RowKey> {
        let l1 = L1::from_code(l1)?;
        let l2 = if l2.is_empty() {
            None
        } else {
            Some(l1.l2s().find(|x| x.code() == l2)?)
        };
        let l3 = match (l2, l3.is_empty()) {
            (_, true) => None,
            (Some(l2), false) => Some(l2.l3s().find(|x| x.code() == l3)?),
            (None, false) => return None,
        };
        Some(RowKey { l1, l2, l3 })
    }
}

impl fmt::Display for RowKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

/// One status row: how many seats of a service sit in one L1/L2/L3, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow {
    pub l1: L1,
    pub l2: Option<L2>,
    pub l3: Option<L3>,
    pub entitlements: u64,
    pub target_date: Option<Date>,
    pub owner: Option<String>,
    pub note: Option<String>,
    pub next_action: Option<String>,
    pub next_action_date: Option<Date>,
}

impl StatusRow {
    pub fn key(&self) -> RowKey {
        RowKey {
            l1: self.l1,
            l2: self.l2,
            l3: self.l3,
        }
    }

    pub fn new(key: RowKey, entitlements: u64) -> StatusRow {
        StatusRow {
            l1: key.l1,
            l2: key.l2,
            l3: key.l3,
            entitlements,
            target_date: None,
            owner: None,
            note: None,
            next_action: None,
            next_action_date: None,
        }
    }
}

/// A service entitlement (tenant × service) with its status rows: the unit that changes
/// as a whole, like FTOP's Save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceState {
    pub tenant_id: TenantId,
    pub service: Service,
    /// Total seats, including any approved override.
    pub total_entitlements: u64,
    pub scenario: Option<Scenario>,
    pub engagement_scenario: EngagementScenario,
    pub service_status: Option<ServicePhase>,
    pub engagement_start_date: Option<Date>,
    /// Set by the entitlement feed when a person has to look at the service.
    pub review: Option<Review>,
    pub rows: Vec<StatusRow>,
    /// Incremented by every accepted change; 0 means "not stored yet".
    pub version: u64,
}

impl ServiceState {
    pub fn new(tenant_id: TenantId, service: Service) -> ServiceState {
        ServiceState {
            tenant_id,
            service,
            total_entitlements: 0,
            scenario: None,
            engagement_scenario: EngagementScenario::default(),
            service_status: None,
            engagement_start_date: None,
            review: None,
            rows: Vec::new(),
            version: 0,
        }
    }

    /// Sorts the rows into taxonomy order, the order in which stores keep and show them.
    pub fn canonicalize(&mut self) {
        self.rows.sort_by_key(|r| r.key());
    }

    pub fn row(&self, key: RowKey) -> Option<&StatusRow> {
        self.rows.iter().find(|r| r.key() == key)
    }

    pub fn seats_in(&self, l1: L1) -> u64 {
        self.rows
            .iter()
            .filter(|r| r.l1 == l1)
            .map(|r| r.entitlements)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_ids_are_guids() {
        let id = TenantId::parse("{6F9619FF-8B86-D011-B42D-00C04FC964FF}").unwrap();
        assert_eq!(id.as_str(), "6f9619ff-8b86-d011-b42d-00c04fc964ff");
        assert!(TenantId::parse("contoso").is_none());
        assert!(TenantId::parse("6f9619ff-8b86-d011-b42d-00c04fc964fg").is_none());
        assert!(TenantId::parse("6f9619ff8b86-d011-b42d-00c04fc964ff0").is_none());
    }
}

/// The named fields of tenants, service entitlements and status rows, as spelt on every
/// wire (JSON keys, CSV columns, history entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    TenantId,
    TenantName,
    Service,
    TotalEntitlements,
    Scenario,
    EngagementScenario,
    ServiceStatus,
    EngagementStartDate,
    /// The entitlement feed's review flag of a service.
    Review,
    /// The presence of a whole status row (history only).
    Row,
    L1,
    L2,
    L3,
    Entitlements,
    TargetDate,
    Owner,
    Note,
    NextAction,
    NextActionDate,
}

impl Field {
    pub const ALL: [Field; 19] = [
        Field::TenantId,
        Field::TenantName,
        Field::Service,
        Field::TotalEntitlements,
        Field::Scenario,
        Field::EngagementScenario,
        Field::ServiceStatus,
        Field::EngagementStartDate,
        Field::Review,
        Field::Row,
        Field::L1,
        Field::L2,
        Field::L3,
        Field::Entitlements,
        Field::TargetDate,
        Field::Owner,
        Field::Note,
        Field::NextAction,
        Field::NextActionDate,
    ];

    /// The fields of a status row, in wire order.
    pub const ROW: [Field; 9] = [
        Field::L1,
        Field::L2,
        Field::L3,
        Field::Entitlements,
        Field::TargetDate,
        Field::Owner,
        Field::Note,
        Field::NextAction,
        Field::NextActionDate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Field::TenantId => "tenant_id",
            Field::TenantName => "tenant_name",
            Field::Service => "service",
            Field::TotalEntitlements => "total_entitlements",
            Field::Scenario => "scenario",
            Field::EngagementScenario => "engagement_scenario",
            Field::ServiceStatus => "service_status",
            Field::EngagementStartDate => "engagement_start_date",
            Field::Review => "review",
            Field::Row => "row",
            Field::L1 => "l1",
            Field::L2 => "l2",
            Field::L3 => "l3",
            Field::Entitlements => "entitlements",
            Field::TargetDate => "target_date",
            Field::Owner => "owner",
            Field::Note => "note",
            Field::NextAction => "next_action",
            Field::NextActionDate => "next_action_date",
        }
    }

    pub fn from_code(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == s)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

code_enum! {
    /// The role in which someone changes data.
    Role {
        Admin = "admin",
        AssignmentFm = "assignment-fm",
        DeliveryFm = "delivery-fm",
        AccountTeam = "account-team",
        Viewer = "viewer",
    }
}
