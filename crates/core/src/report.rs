//! The FTC reporting pivot: entitlements and rows by service × L1 × L2, Duplicate/Invalid
//! left out unless asked for.

use crate::model::{RowKey, ServiceState};
use crate::taxonomy::L1;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportLine {
    pub service: String,
    pub l1: String,
    /// Empty where rows have no L2.
    pub l2: String,
    pub rows: u64,
    pub entitlements: u64,
}

/// Orders lines by service code, then L1 and L2 in playbook order.
pub fn sort(lines: &mut [ReportLine]) {
    lines.sort_by_cached_key(|l| {
        (
            l.service.clone(),
            RowKey::from_codes(&l.l1, &l.l2, ""),
            l.l1.clone(),
            l.l2.clone(),
        )
    });
}

/// Computes the pivot from states (the reference that stores' own queries must equal).
pub fn aggregate<'a>(
    states: impl IntoIterator<Item = &'a ServiceState>,
    include_invalid: bool,
) -> Vec<ReportLine> {
    let mut acc: BTreeMap<(String, String, String), (u64, u64)> = BTreeMap::new();
    for s in states {
        for r in &s.rows {
            if r.l1 == L1::DuplicateInvalid && !include_invalid {
                continue;
            }
            let key = (
                s.service.code().to_string(),
                r.l1.code().to_string(),
                r.l2.map(|x| x.code().to_string()).unwrap_or_default(),
            );
            let e = acc.entry(key).or_default();
            e.0 += 1;
            e.1 += r.entitlements;
        }
    }
    let mut lines: Vec<_> = acc
        .into_iter()
        .map(|((service, l1, l2), (rows, entitlements))| ReportLine {
            service,
            l1,
            l2,
            rows,
            entitlements,
        })
        .collect();
    sort(&mut lines);
    lines
}
