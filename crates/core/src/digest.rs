//! A fingerprint of a service's total and status rows. Stores keep it beside the state so
//! an import can tell "this service is already exactly so" without reading the rows back.

use crate::model::ServiceState;

/// 128 bits of BLAKE3 over a canonical encoding of the total and the rows (in canonical
/// order). Service-level fields are compared one by one and are not part of it.
pub type Digest = [u8; 16];

/// The digest of `s`, whose rows must be in canonical order.
pub fn status_digest(s: &ServiceState) -> Digest {
    // One contiguous buffer and one hash call: much faster than many small updates.
    let mut buf: Vec<u8> = Vec::with_capacity(64 + 192 * s.rows.len());
    buf.extend_from_slice(&s.total_entitlements.to_le_bytes());
    buf.extend_from_slice(&(s.rows.len() as u64).to_le_bytes());
    fn text(buf: &mut Vec<u8>, v: Option<&str>) {
        match v {
            None => buf.push(0),
            Some(t) => {
                buf.push(1);
                buf.extend_from_slice(&(t.len() as u64).to_le_bytes());
                buf.extend_from_slice(t.as_bytes());
            }
        }
    }
    fn date(buf: &mut Vec<u8>, d: Option<jiff::civil::Date>) {
        match d {
            None => buf.push(0),
            Some(d) => {
                buf.push(1);
                buf.extend_from_slice(&d.year().to_le_bytes());
                buf.push(d.month() as u8);
                buf.push(d.day() as u8);
            }
        }
    }
    for r in &s.rows {
        text(&mut buf, Some(r.l1.code()));
        text(&mut buf, r.l2.map(|x| x.code()));
        text(&mut buf, r.l3.map(|x| x.code()));
        buf.extend_from_slice(&r.entitlements.to_le_bytes());
        date(&mut buf, r.target_date);
        text(&mut buf, r.owner.as_deref());
        text(&mut buf, r.note.as_deref());
        text(&mut buf, r.next_action.as_deref());
        date(&mut buf, r.next_action_date);
    }
    let full = blake3::hash(&buf);
    let mut out = [0u8; 16];
    out.copy_from_slice(&full.as_bytes()[..16]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RowKey, StatusRow, TenantId};
    use crate::taxonomy::{Service, L1};

    fn state(note: Option<&str>) -> ServiceState {
        let t = TenantId::parse("6f9619ff-8b86-d011-b42d-00c04fc964ff").unwrap();
        let mut s = ServiceState::new(t, Service::resolve("exchange").unwrap());
        s.total_entitlements = 10;
        let mut r = StatusRow::new(
            RowKey {
                l1: L1::StatusUnknown,
                l2: None,
                l3: None,
            },
            10,
        );
        r.note = note.map(str::to_string);
        s.rows.push(r);
        s
    }

    #[test]
    fn any_field_changes_the_digest_and_absent_differs_from_empty() {
        let a = status_digest(&state(Some("x")));
        assert_eq!(a, status_digest(&state(Some("x"))));
        assert_ne!(a, status_digest(&state(Some("y"))));
        assert_ne!(status_digest(&state(None)), status_digest(&state(Some(""))));
        let mut other_total = state(Some("x"));
        other_total.total_entitlements = 11;
        assert_ne!(a, status_digest(&other_total));
    }
}
