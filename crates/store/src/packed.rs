//! A service's state packed into one value, as both stores keep it: the `state` column of
//! `services` (with since when each row has had its status) and the states kept in
//! `event_states` (without).
//!
//! A big import writes one record per service instead of one per row, and binds one value
//! instead of a column per field; reading a service is one lookup. The format is small and
//! explicit:
//!
//! ```text
//! state   := 0x01 total:varint scenario:opt engagement_scenario:text service_status:opt
//!            engagement_start_date:opt review:opt count:varint row*
//! row     := l1:text l2:text l3:text entitlements:varint
//!            target_date:opt owner:opt note:opt next_action:opt next_action_date:opt
//!            since:varint            (0: not recorded, else zigzag(seconds) + 1)
//! text    := length:varint UTF-8 bytes
//! opt     := 0 (absent) | length + 1:varint UTF-8 bytes
//! varint  := unsigned LEB128
//! ```
//!
//! Codes are kept as text (the taxonomy's codes never change; their order may), dates in
//! ISO form. Reading never trusts the bytes: a damaged value is an invariant error, never
//! a panic.

use crate::{Result, StoreError};
use entrack_core::model::{EngagementScenario, Review, RowKey, Scenario, ServicePhase};
use entrack_core::{Service, ServiceState, StatusRow, TenantId};
use jiff::civil::Date;

const FORMAT: u8 = 1;

/// Stored text checked for UTF-8 (the vectorised check is several times faster than the
/// standard one on notes).
fn utf8(b: &[u8]) -> Result<&str> {
    simdutf8::basic::from_utf8(b).map_err(|_| damaged("a text that is not UTF-8"))
}

/// A date as the stores write it, `YYYY-MM-DD`, read without the general parser; `None`
/// for anything else (which the general parser then judges).
pub use entrack_core::parse::iso_digits as iso_date;

fn damaged(what: &str) -> StoreError {
    StoreError::Invariant(format!("a packed status value is damaged: {what}"))
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn text(out: &mut Vec<u8>, s: &str) {
    varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            varint(out, s.len() as u64 + 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

/// A date as the store writes it, into a stack buffer.
struct IsoDate([u8; 10]);

impl IsoDate {
    fn new(d: Date) -> Option<IsoDate> {
        let (y, m, day) = (d.year(), d.month(), d.day());
        if !(0..=9999).contains(&y) {
            return None;
        }
        let mut b = *b"0000-00-00";
        let y = y as u16;
        b[0] = b'0' + (y / 1000) as u8;
        b[1] = b'0' + (y / 100 % 10) as u8;
        b[2] = b'0' + (y / 10 % 10) as u8;
        b[3] = b'0' + (y % 10) as u8;
        b[5] = b'0' + (m / 10) as u8;
        b[6] = b'0' + (m % 10) as u8;
        b[8] = b'0' + (day / 10) as u8;
        b[9] = b'0' + (day % 10) as u8;
        Some(IsoDate(b))
    }
}

fn opt_date(out: &mut Vec<u8>, d: Option<Date>) {
    match d {
        None => out.push(0),
        Some(d) => match IsoDate::new(d) {
            Some(iso) => {
                out.push(11);
                out.extend_from_slice(&iso.0);
            }
            // Years outside 0000–9999 cannot come through the parsers; keep them exact.
            None => opt(out, Some(&d.to_string())),
        },
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Appends one row.
fn row(out: &mut Vec<u8>, r: &StatusRow, since: Option<i64>) {
    text(out, r.l1.code());
    text(out, r.l2.map(|x| x.code()).unwrap_or(""));
    text(out, r.l3.map(|x| x.code()).unwrap_or(""));
    varint(out, r.entitlements);
    opt_date(out, r.target_date);
    opt(out, r.owner.as_deref());
    opt(out, r.note.as_deref());
    opt(out, r.next_action.as_deref());
    opt_date(out, r.next_action_date);
    varint(out, since.map(|s| zigzag(s) + 1).unwrap_or(0));
}

/// Packs a state: its service-level fields and its rows (in the order they have, which
/// should be the canonical one), each with since when it has had its status.
pub fn encode_state(
    s: &ServiceState,
    since: impl Fn(&StatusRow) -> Option<i64>,
    out: &mut Vec<u8>,
) {
    out.clear();
    out.push(FORMAT);
    varint(out, s.total_entitlements);
    opt(out, s.scenario.map(|x| x.code()));
    text(out, s.engagement_scenario.code());
    opt(out, s.service_status.map(|x| x.code()));
    opt_date(out, s.engagement_start_date);
    match &s.review {
        None => out.push(0),
        Some(r) => opt(out, Some(&r.to_string())),
    }
    varint(out, s.rows.len() as u64);
    for r in &s.rows {
        row(out, r, since(r));
    }
}

/// A reader over packed bytes.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Result<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.b.get(self.at).ok_or_else(|| damaged("cut short"))?;
            self.at += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(damaged("a number too long"))
    }

    fn bytes(&mut self, n: u64) -> Result<&'a [u8]> {
        let n = usize::try_from(n).map_err(|_| damaged("a length too large"))?;
        let end = self
            .at
            .checked_add(n)
            .filter(|e| *e <= self.b.len())
            .ok_or_else(|| damaged("a text past the end"))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn text(&mut self) -> Result<&'a str> {
        let n = self.varint()?;
        utf8(self.bytes(n)?)
    }

    fn opt(&mut self) -> Result<Option<&'a str>> {
        match self.varint()? {
            0 => Ok(None),
            n => utf8(self.bytes(n - 1)?).map(Some),
        }
    }

    fn end(&self) -> Result<()> {
        if self.at == self.b.len() {
            Ok(())
        } else {
            Err(damaged("bytes after the end"))
        }
    }
}

/// One packed row, borrowed: what the filters look at without building a [`StatusRow`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowView<'a> {
    pub l1: &'a str,
    pub l2: &'a str,
    pub l3: &'a str,
    pub entitlements: u64,
    pub target_date: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub note: Option<&'a str>,
    pub next_action: Option<&'a str>,
    pub next_action_date: Option<&'a str>,
    pub since: Option<i64>,
}

impl<'a> RowView<'a> {
    fn read(r: &mut Reader<'a>) -> Result<RowView<'a>> {
        Ok(RowView {
            l1: r.text()?,
            l2: r.text()?,
            l3: r.text()?,
            entitlements: r.varint()?,
            target_date: r.opt()?,
            owner: r.opt()?,
            note: r.opt()?,
            next_action: r.opt()?,
            next_action_date: r.opt()?,
            since: match r.varint()? {
                0 => None,
                n => Some(unzigzag(n - 1)),
            },
        })
    }

    /// The row as the domain has it.
    pub fn to_row(self) -> Result<StatusRow> {
        let key = RowKey::from_codes(self.l1, self.l2, self.l3).ok_or_else(|| {
            StoreError::Invariant(format!(
                "unknown status {}/{}/{}",
                self.l1, self.l2, self.l3
            ))
        })?;
        let mut row = StatusRow::new(key, self.entitlements);
        row.target_date = date(self.target_date)?;
        row.owner = self.owner.map(str::to_owned);
        row.note = self.note.map(str::to_owned);
        row.next_action = self.next_action.map(str::to_owned);
        row.next_action_date = date(self.next_action_date)?;
        Ok(row)
    }
}

fn date(s: Option<&str>) -> Result<Option<Date>> {
    s.map(|s| {
        iso_date(s)
            .map(Ok)
            .unwrap_or_else(|| s.parse::<Date>())
            .map_err(|e| StoreError::Invariant(format!("bad date {s}: {e}")))
    })
    .transpose()
}

/// The service-level fields of a packed state, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    pub total: u64,
    pub scenario: Option<&'a str>,
    pub engagement_scenario: &'a str,
    pub service_status: Option<&'a str>,
    pub engagement_start_date: Option<&'a str>,
    pub review: Option<&'a str>,
}

impl Fields<'_> {
    /// Sets the fields of a state.
    pub fn apply(&self, s: &mut ServiceState) -> Result<()> {
        fn code<T>(v: Option<&str>, f: fn(&str) -> Option<T>) -> Result<Option<T>> {
            v.map(|x| f(x).ok_or_else(|| StoreError::Invariant(format!("unknown code {x}"))))
                .transpose()
        }
        s.total_entitlements = self.total;
        s.scenario = code(self.scenario, Scenario::from_code)?;
        s.engagement_scenario = code(
            Some(self.engagement_scenario),
            EngagementScenario::from_code,
        )?
        .unwrap_or_default();
        s.service_status = code(self.service_status, ServicePhase::from_code)?;
        s.engagement_start_date = date(self.engagement_start_date)?;
        s.review = code(self.review, Review::parse)?;
        Ok(())
    }
}

/// The rows of a packed state, in order.
pub struct Rows<'a> {
    r: Reader<'a>,
    left: u64,
}

fn header<'a>(r: &mut Reader<'a>) -> Result<Fields<'a>> {
    let format = r.bytes(1)?[0];
    if format != FORMAT {
        return Err(damaged(&format!("unknown format {format}")));
    }
    Ok(Fields {
        total: r.varint()?,
        scenario: r.opt()?,
        engagement_scenario: r.text()?,
        service_status: r.opt()?,
        engagement_start_date: r.opt()?,
        review: r.opt()?,
    })
}

/// The service-level fields of a packed state from its first bytes (the rows after them
/// may be cut off): what an index of every service reads.
pub fn fields(b: &[u8]) -> Result<Fields<'_>> {
    header(&mut Reader { b, at: 0 })
}

/// Reads a packed state's fields and gives its rows.
pub fn open(b: &[u8]) -> Result<(Fields<'_>, Rows<'_>)> {
    let mut r = Reader { b, at: 0 };
    let fields = header(&mut r)?;
    let left = r.varint()?;
    if left > b.len() as u64 {
        return Err(damaged("more rows than bytes"));
    }
    Ok((fields, Rows { r, left }))
}

impl<'a> Iterator for Rows<'a> {
    type Item = Result<RowView<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return match self.r.end() {
                Ok(()) => None,
                Err(e) => {
                    // Report the trailing bytes once.
                    self.r.at = self.r.b.len();
                    Some(Err(e))
                }
            };
        }
        self.left -= 1;
        let out = RowView::read(&mut self.r);
        if out.is_err() {
            self.left = 0;
            self.r.at = self.r.b.len();
        }
        Some(out)
    }
}

/// Unpacks a state (its rows in the stored order) of version `version`, and answers since
/// when each row had its status, in the same order.
pub fn decode_state(
    b: &[u8],
    tenant: TenantId,
    service: Service,
    version: u64,
) -> Result<(ServiceState, Vec<Option<i64>>)> {
    let (fields, rows) = open(b)?;
    let mut s = ServiceState::new(tenant, service);
    fields.apply(&mut s)?;
    s.version = version;
    let mut since = Vec::new();
    for v in rows {
        let v = v?;
        since.push(v.since);
        s.rows.push(v.to_row()?);
    }
    Ok((s, since))
}

/// What the tenant list and the export look for in a service's rows; every condition
/// that is set must hold on one and the same row.
#[derive(Debug, Clone, Default)]
pub struct RowFilter<'a> {
    pub l1: Option<&'a str>,
    pub l2: Option<&'a str>,
    pub l3: Option<&'a str>,
    /// A part of the owner, ASCII letters in either case (as SQL's `LIKE`).
    pub owner: Option<&'a str>,
    /// A next action dated before this day (ISO).
    pub next_action_before: Option<&'a str>,
    pub target_from: Option<&'a str>,
    pub target_to: Option<&'a str>,
    pub target_before: Option<&'a str>,
    /// In its status since before this instant (unix seconds).
    pub since_before: Option<i64>,
}

fn contains_ascii_nocase(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

impl RowFilter<'_> {
    pub fn matches(&self, r: &RowView<'_>) -> bool {
        let is = |want: Option<&str>, have: &str| want.is_none_or(|w| w == have);
        let before =
            |limit: Option<&str>, d: Option<&str>| limit.is_none_or(|l| d.is_some_and(|d| d < l));
        is(self.l1, r.l1)
            && is(self.l2, r.l2)
            && is(self.l3, r.l3)
            && self
                .owner
                .is_none_or(|o| r.owner.is_some_and(|x| contains_ascii_nocase(x, o)))
            && before(self.next_action_before, r.next_action_date)
            && before(self.target_before, r.target_date)
            && self
                .target_from
                .is_none_or(|f| r.target_date.is_some_and(|d| d >= f))
            && self
                .target_to
                .is_none_or(|t| r.target_date.is_some_and(|d| d <= t))
            && self
                .since_before
                .is_none_or(|s| r.since.is_some_and(|x| x < s))
    }

    /// Whether some row of a packed state passes (a damaged value is an error).
    pub fn any(&self, b: &[u8]) -> Result<bool> {
        for r in open(b)?.1 {
            if self.matches(&r?) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entrack_core::{L1, L2};

    fn state() -> ServiceState {
        let t = TenantId::parse("6f9619ff-8b86-d011-b42d-00c04fc964ff").unwrap();
        let mut s = ServiceState::new(t, Service::from_code("exchange").unwrap());
        s.total_entitlements = 300;
        s.version = 7;
        s.engagement_start_date = Some(jiff::civil::date(2026, 1, 31));
        let blocked = L2::resolve(L1::Blocked, "legal-regulatory").unwrap();
        let mut a = StatusRow::new(
            RowKey {
                l1: L1::Blocked,
                l2: Some(blocked),
                l3: None,
            },
            5,
        );
        a.owner = Some("Account Team".into());
        a.note = Some("say \"hi\"\n受阻 \u{1}".into());
        a.target_date = Some(jiff::civil::date(2030, 1, 15));
        let mut b = StatusRow::new(
            RowKey {
                l1: L1::InProgress,
                l2: None,
                l3: None,
            },
            295,
        );
        b.note = Some(String::new());
        b.next_action_date = Some(jiff::civil::date(2027, 2, 9));
        s.rows = vec![b, a];
        s.canonicalize();
        s
    }

    fn since(s: &ServiceState, at: [Option<i64>; 2]) -> impl Fn(&StatusRow) -> Option<i64> + '_ {
        move |r| at[s.rows.iter().position(|x| x == r).unwrap()]
    }

    #[test]
    fn states_read_back_as_written() {
        let mut s = state();
        s.review = Some(Review::parse("feed-below-classified:12").unwrap());
        let mut b = Vec::new();
        encode_state(&s, since(&s, [Some(-5), None]), &mut b);
        let (back, at) = decode_state(&b, s.tenant_id.clone(), s.service, 7).unwrap();
        assert_eq!(back, s);
        assert_eq!(at, vec![Some(-5), None]);
    }

    #[test]
    fn damaged_values_are_errors_not_panics() {
        let s = state();
        let mut b = Vec::new();
        encode_state(&s, |_| Some(1_780_272_000), &mut b);
        let read = |b: &[u8]| decode_state(b, s.tenant_id.clone(), s.service, 7);
        for cut in 0..b.len() {
            assert!(read(&b[..cut]).is_err());
        }
        let mut longer = b.clone();
        longer.push(0);
        assert!(read(&longer).is_err());
        for i in 0..b.len() {
            for x in [0x00, 0x7f, 0x80, 0xff] {
                let mut bent = b.clone();
                bent[i] = x;
                let _ = read(&bent);
                let _ = RowFilter::default().any(&bent);
            }
        }
        assert!(RowFilter::default().any(&[2, 0]).is_err());
        assert!(RowFilter::default().any(&[1, 0xff, 0xff]).is_err());
    }

    #[test]
    fn a_filter_holds_on_one_row() {
        let s = state();
        let mut b = Vec::new();
        encode_state(&s, since(&s, [Some(100), Some(10)]), &mut b);
        let f = |f: RowFilter<'_>| f.any(&b).unwrap();
        assert!(f(RowFilter {
            l1: Some("blocked"),
            owner: Some("account"),
            ..Default::default()
        }));
        // The owner is on the Blocked row, the next action on the other one.
        assert!(!f(RowFilter {
            owner: Some("team"),
            next_action_before: Some("2030-01-01"),
            ..Default::default()
        }));
        assert!(f(RowFilter {
            next_action_before: Some("2027-02-10"),
            ..Default::default()
        }));
        assert!(!f(RowFilter {
            next_action_before: Some("2027-02-09"),
            ..Default::default()
        }));
        assert!(f(RowFilter {
            target_from: Some("2030-01-15"),
            target_to: Some("2030-01-15"),
            ..Default::default()
        }));
        assert!(f(RowFilter {
            l1: Some("blocked"),
            since_before: Some(11),
            ..Default::default()
        }));
        assert!(!f(RowFilter {
            l1: Some("in-progress"),
            since_before: Some(11),
            ..Default::default()
        }));
        assert!(f(RowFilter {
            since_before: Some(11),
            ..Default::default()
        }));
    }
}
