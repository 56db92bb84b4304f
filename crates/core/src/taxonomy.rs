//! The built-in taxonomy (5 L1, 18 L2, 265 L3) and service catalogue, read once from the
//! embedded data file `data/taxonomy.json`, and the closed types that point into it.
//!
//! `L1`, `L2`, `L3` and `Service` can only be made by resolving a code or name against the
//! data, so a value of these types is always valid.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/taxonomy.json");

/// Names of one entry per language; absent where neither the playbook nor entrack has one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Names {
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub de: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<String>,
}

impl Names {
    /// The name in `lang`, if there is one.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => Some(&self.en),
            Lang::De => self.de.as_deref(),
            Lang::Es => self.es.as_deref(),
            Lang::Zh => self.zh.as_deref(),
        }
    }

    /// The name in `lang`, falling back to English.
    pub fn name(&self, lang: Lang) -> &str {
        self.get(lang).unwrap_or(&self.en)
    }

    fn all(&self) -> impl Iterator<Item = &str> {
        Lang::ALL.into_iter().filter_map(|l| self.get(l))
    }
}

/// Where a name comes from: the playbook's own pages, or written by the entrack project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NameSource {
    Playbook,
    Entrack,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NameSources {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<NameSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub de: Option<NameSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es: Option<NameSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<NameSource>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceDef {
    pub code: String,
    pub name: String,
    pub family: String,
    pub aliases: Vec<String>,
    pub in_ftop_service_list: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct L3Def {
    pub code: String,
    pub names: Names,
    pub names_source: NameSources,
    /// `["all"]` or service codes.
    pub services: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub name_variants_en: Vec<String>,
}

impl L3Def {
    pub fn applies_to_all(&self) -> bool {
        self.services.iter().any(|s| s == "all")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct L2Def {
    pub code: String,
    pub names: Names,
    pub names_source: NameSources,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub name_variants_en: Vec<String>,
    pub l3: Vec<L3Def>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct L1Def {
    pub code: String,
    pub names: Names,
    pub names_source: NameSources,
    pub l2: Vec<L2Def>,
}

/// The whole data file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Taxonomy {
    pub version: String,
    pub date: String,
    pub about: String,
    pub services: Vec<ServiceDef>,
    pub l1: Vec<L1Def>,
}

static TAXONOMY: LazyLock<Taxonomy> = LazyLock::new(|| {
    let t: Taxonomy = serde_json::from_str(DATA).expect("embedded taxonomy.json is valid");
    for (i, l1) in L1::ALL.iter().enumerate() {
        assert_eq!(
            t.l1[i].code,
            l1.code(),
            "taxonomy.json lists the L1s in playbook order"
        );
    }
    t
});

/// The built-in taxonomy and service catalogue.
pub fn taxonomy() -> &'static Taxonomy {
    &TAXONOMY
}

/// Equal ignoring case and runs of white space ("Status  unknown" = "status unknown").
/// Allocation-free: it runs for every cell of an import.
/// Letters and digits only, in lower case.
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn same(a: &str, b: &str) -> bool {
    let mut x = a.split_whitespace();
    let mut y = b.split_whitespace();
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) => {
                let equal = if p.is_ascii() && q.is_ascii() {
                    p.eq_ignore_ascii_case(q)
                } else {
                    p.chars()
                        .flat_map(char::to_lowercase)
                        .eq(q.chars().flat_map(char::to_lowercase))
                };
                if !equal {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// L1 — consumption status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum L1 {
    StatusUnknown,
    InProgress,
    NoIntent,
    Blocked,
    DuplicateInvalid,
}

impl L1 {
    pub const ALL: [L1; 5] = [
        L1::StatusUnknown,
        L1::InProgress,
        L1::NoIntent,
        L1::Blocked,
        L1::DuplicateInvalid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            L1::StatusUnknown => "status-unknown",
            L1::InProgress => "in-progress",
            L1::NoIntent => "no-intent",
            L1::Blocked => "blocked",
            L1::DuplicateInvalid => "duplicate-invalid",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    pub fn def(self) -> &'static L1Def {
        &taxonomy().l1[self.index()]
    }

    pub fn name(self, lang: Lang) -> &'static str {
        self.def().names.name(lang)
    }

    pub fn from_code(code: &str) -> Option<L1> {
        L1::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Resolves a code or a name in any language (case-insensitive).
    pub fn resolve(s: &str) -> Option<L1> {
        if let Some(l1) = L1::from_code(s) {
            return Some(l1);
        }
        L1::ALL
            .into_iter()
            .find(|l| same(l.code(), s) || l.def().names.all().any(|n| same(n, s)))
    }

    pub fn l2s(self) -> impl Iterator<Item = L2> {
        (0..self.def().l2.len()).map(move |i| L2 {
            l1: self,
            idx: i as u8,
        })
    }
}

impl fmt::Display for L1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// L2 — reason, always belonging to one L1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct L2 {
    l1: L1,
    idx: u8,
}

impl L2 {
    pub fn l1(self) -> L1 {
        self.l1
    }

    pub fn def(self) -> &'static L2Def {
        &self.l1.def().l2[self.idx as usize]
    }

    pub fn code(self) -> &'static str {
        &self.def().code
    }

    pub fn name(self, lang: Lang) -> &'static str {
        self.def().names.name(lang)
    }

    /// Resolves a code or name among the L2s of `l1`.
    pub fn resolve(l1: L1, s: &str) -> Option<L2> {
        if let Some(l2) = l1.l2s().find(|l2| l2.code() == s) {
            return Some(l2);
        }
        l1.l2s().find(|l2| {
            let d = l2.def();
            same(&d.code, s)
                || d.names.all().any(|n| same(n, s))
                || d.name_variants_en.iter().any(|n| same(n, s))
        })
    }

    /// The L1s under which a code or name would be a valid L2 (for helpful messages).
    pub fn owners_of(s: &str) -> Vec<L1> {
        L1::ALL
            .into_iter()
            .filter(|l1| L2::resolve(*l1, s).is_some())
            .collect()
    }

    pub fn l3s(self) -> impl Iterator<Item = L3> {
        (0..self.def().l3.len()).map(move |i| L3 {
            l2: self,
            idx: i as u16,
        })
    }
}

impl PartialOrd for L2 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for L2 {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.l1, self.idx).cmp(&(other.l1, other.idx))
    }
}

/// L3 — engineering reason, belonging to one L2, applicable to all or some services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct L3 {
    l2: L2,
    idx: u16,
}

impl L3 {
    pub fn l2(self) -> L2 {
        self.l2
    }

    pub fn def(self) -> &'static L3Def {
        &self.l2.def().l3[self.idx as usize]
    }

    pub fn code(self) -> &'static str {
        &self.def().code
    }

    pub fn name(self, lang: Lang) -> &'static str {
        self.def().names.name(lang)
    }

    pub fn applies_to(self, service: Service) -> bool {
        let d = self.def();
        d.applies_to_all() || d.services.iter().any(|s| s == service.code())
    }

    /// Resolves a code or name among the L3s of `l2`.
    pub fn resolve(l2: L2, s: &str) -> Option<L3> {
        if let Some(l3) = l2.l3s().find(|l3| l3.code() == s) {
            return Some(l3);
        }
        l2.l3s().find(|l3| {
            let d = l3.def();
            same(&d.code, s)
                || d.names.all().any(|n| same(n, s))
                || d.name_variants_en.iter().any(|n| same(n, s))
        })
    }
}

impl PartialOrd for L3 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for L3 {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.l2, self.idx).cmp(&(other.l2, other.idx))
    }
}

/// A service (workload) of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Service(u16);

impl Service {
    pub fn all() -> impl Iterator<Item = Service> {
        (0..taxonomy().services.len()).map(|i| Service(i as u16))
    }

    pub fn def(self) -> &'static ServiceDef {
        &taxonomy().services[self.0 as usize]
    }

    /// The service's place in the catalogue, from 0. The catalogue only ever grows at its
    /// end, so a store may keep this number as a compact key (and checks on opening that
    /// its numbers still name the same codes).
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The service at a place in the catalogue.
    pub fn from_index(i: usize) -> Option<Service> {
        (i < taxonomy().services.len()).then_some(Service(i as u16))
    }

    pub fn code(self) -> &'static str {
        &self.def().code
    }

    pub fn name(self) -> &'static str {
        &self.def().name
    }

    pub fn from_code(code: &str) -> Option<Service> {
        // Read for every row of an import: the codes sorted once, searched by halves.
        static BY_CODE: std::sync::OnceLock<Vec<(&'static str, Service)>> =
            std::sync::OnceLock::new();
        let by_code = BY_CODE.get_or_init(|| {
            let mut v: Vec<_> = Service::all().map(|s| (s.code(), s)).collect();
            v.sort_unstable();
            v
        });
        by_code
            .binary_search_by(|(c, _)| (*c).cmp(code))
            .ok()
            .map(|i| by_code[i].1)
    }

    /// Resolves a code, the catalogue name or an alias (`EXO`, `SPO`, `OD4B`, `MDATP`…),
    /// case-insensitively.
    pub fn resolve(s: &str) -> Option<Service> {
        if let Some(svc) = Service::from_code(s) {
            return Some(svc);
        }
        if let Some(svc) = Service::all().find(|svc| {
            let d = svc.def();
            same(&d.code, s) || same(&d.name, s) || d.aliases.iter().any(|a| same(a, s))
        }) {
            return Some(svc);
        }
        // Written without its spaces and punctuation ("office365proplus", "power_bi"): the
        // one service whose code, name or alias reads the same so.
        let key = compact(s);
        if key.is_empty() {
            return None;
        }
        let mut found = Service::all().filter(|svc| {
            let d = svc.def();
            compact(&d.code) == key
                || compact(&d.name) == key
                || d.aliases.iter().any(|a| compact(a) == key)
        });
        match (found.next(), found.next()) {
            (Some(svc), None) => Some(svc),
            _ => None,
        }
    }

    pub fn l3s_for(self, l2: L2) -> impl Iterator<Item = L3> {
        l2.l3s().filter(move |l3| l3.applies_to(self))
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One entry without a name in a language.
#[derive(Debug, Clone, Serialize)]
pub struct MissingName {
    pub level: &'static str,
    pub code: String,
    pub lang: Lang,
    pub en: String,
}

/// Every L1, L2 and L3 that has no name in one of the four languages.
pub fn missing_translations() -> Vec<MissingName> {
    let mut out = Vec::new();
    let mut check = |level: &'static str, code: String, names: &Names| {
        for lang in Lang::ALL {
            if names.get(lang).is_none() {
                out.push(MissingName {
                    level,
                    code: code.clone(),
                    lang,
                    en: names.en.clone(),
                });
            }
        }
    };
    for l1 in L1::ALL {
        check("l1", l1.code().to_string(), &l1.def().names);
        for l2 in l1.l2s() {
            check(
                "l2",
                format!("{}/{}", l1.code(), l2.code()),
                &l2.def().names,
            );
            for l3 in l2.l3s() {
                check(
                    "l3",
                    format!("{}/{}/{}", l1.code(), l2.code(), l3.code()),
                    &l3.def().names,
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_playbook() {
        let l2: usize = L1::ALL.iter().map(|l| l.l2s().count()).sum();
        let l3: usize = L1::ALL
            .iter()
            .flat_map(|l| l.l2s())
            .map(|l2| l2.l3s().count())
            .sum();
        assert_eq!((L1::ALL.len(), l2, l3), (5, 18, 265));
    }

    #[test]
    fn every_l1_and_l2_has_four_names() {
        for l1 in L1::ALL {
            for lang in Lang::ALL {
                assert!(l1.def().names.get(lang).is_some(), "{l1} {lang}");
            }
            for l2 in l1.l2s() {
                for lang in Lang::ALL {
                    assert!(l2.def().names.get(lang).is_some(), "{} {lang}", l2.code());
                }
            }
        }
    }

    #[test]
    fn every_l3_service_is_in_the_catalogue() {
        for l1 in L1::ALL {
            for l2 in l1.l2s() {
                for l3 in l2.l3s() {
                    for s in &l3.def().services {
                        assert!(s == "all" || Service::from_code(s).is_some(), "{s}");
                    }
                }
            }
        }
    }

    #[test]
    fn resolves_codes_names_and_aliases() {
        assert_eq!(L1::resolve("Blockiert"), Some(L1::Blocked));
        assert_eq!(L1::resolve("受阻"), Some(L1::Blocked));
        assert_eq!(L1::resolve("in progress"), Some(L1::InProgress));
        let l2 = L2::resolve(L1::Blocked, "Billing, Licensing, Subscription").unwrap();
        assert_eq!(l2.code(), "billing-licensing-subscription");
        assert!(L2::resolve(L1::InProgress, "legal-regulatory").is_none());
        assert_eq!(L2::owners_of("legal-regulatory"), vec![L1::Blocked]);
        for (alias, code) in [
            ("EXO", "exchange"),
            ("spo", "sharepoint"),
            ("OD4B", "onedrive"),
            ("MDATP", "microsoft-defender-atp"),
            // Today's product names (D69).
            ("Entra ID P1", "aadp"),
            ("Viva Engage", "yammer"),
            ("Defender for Endpoint", "microsoft-defender-atp"),
            ("Teams Phone", "sfb-cloud-pbx"),
            ("M365 Apps", "officeproplus"),
            ("School Data Sync", "classroom-sds"),
            ("Shifts", "staffhub"),
            ("Project Online", "project-online-professional-premium"),
            // FMs' shorthand in notes and sheets.
            ("ODB", "onedrive"),
            ("AAD", "aadp"),
            ("Entra ID", "aadp"),
            ("Skype for Business Online", "sfb"),
            ("PBI", "power-bi"),
            ("ProPlus", "officeproplus"),
            ("O365 ProPlus", "officeproplus"),
            ("W10", "windows-10"),
            ("Win 10", "windows-10"),
            // Names the products are sold by, as an evaluation or a sheet writes them (D248).
            ("Windows 11", "windows-10"),
            ("MS Teams", "teams"),
            ("M365 Apps for enterprise", "officeproplus"),
            ("Microsoft Power BI", "power-bi"),
            ("Azure Rights Management", "azrms"),
            ("Microsoft Entra ID", "aadp"),
            ("MDCA", "mcas"),
            ("Office 365 Advanced Threat Protection", "office-365-atp"),
            ("Microsoft Endpoint Manager", "intune"),
            ("Outlook for iOS and Android", "exchange-outlook-mobile"),
            ("Project Plan 3", "project-online-professional-premium"),
        ] {
            assert_eq!(Service::resolve(alias).map(|s| s.code()), Some(code));
        }
        // Without spaces or with other punctuation, as spreadsheets and scripts write them.
        for (written, code) in [
            ("office365proplus", "officeproplus"),
            ("Office_365_ProPlus", "officeproplus"),
            ("power_bi", "power-bi"),
            ("ProjectProfessional", "project-professional"),
        ] {
            assert_eq!(Service::resolve(written).map(|s| s.code()), Some(code));
        }
        assert_eq!(Service::resolve("office"), None);
        assert_eq!(Service::resolve("--"), None);
        // No two services read the same without spaces and punctuation.
        let mut seen = std::collections::HashMap::new();
        for svc in Service::all() {
            let d = svc.def();
            let mut keys: Vec<String> = std::iter::once(&d.code)
                .chain(std::iter::once(&d.name))
                .chain(d.aliases.iter())
                .map(|t| compact(t))
                .collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                if let Some(other) = seen.insert(k.clone(), svc.code()) {
                    panic!("{k} names both {other} and {}", svc.code());
                }
            }
        }
        let vdi = L3::resolve(
            L2::resolve(L1::Blocked, "customer-it-infrastructure-remediation").unwrap(),
            "VDI",
        )
        .unwrap();
        assert!(vdi.applies_to(Service::resolve("teams").unwrap()));
        assert!(!vdi.applies_to(Service::resolve("exchange").unwrap()));
    }
}
