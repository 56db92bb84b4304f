//! The FastTrack L1/L2/L3 status playbook as a validated model.
//!
//! This crate does no IO: no database, network, filesystem or clock. Time, actor and
//! language come in as arguments. Every door of entrack (CLI, import, API, UI) plans a
//! change with [`change`], which checks it with [`rules`] and describes it as history
//! ([`history`]); a store then writes the planned state and its event together.

pub mod change;
pub mod digest;
pub mod history;
pub mod lang;
pub mod messages;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;
pub mod taxonomy;
pub mod wire;

pub use lang::Lang;
pub use model::{
    EngagementScenario, Field, Review, ReviewReason, Role, RowKey, Scenario, ServicePhase,
    ServiceState, StatusRow, Tenant, TenantId,
};
pub use rules::{RuleCode, Violation};
pub use taxonomy::{taxonomy, Service, L1, L2, L3};
