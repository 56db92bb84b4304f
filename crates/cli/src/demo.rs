//! `entrack demo`: a server on a store of its own with a few hundred generated tenants,
//! written through the same use cases (and rules, and note grading) as every other door,
//! at instants spread over the past eight months so that ages, passed targets and overdue
//! next actions show.

use crate::args::DemoArgs;
use crate::Failure;
use entrack_core::change::{EntitlementSet, Meta, StatusPut};
use entrack_core::history::Source;
use entrack_core::messages::text;
use entrack_core::parse::RowInput;
use entrack_core::{Lang, Role, Service, TenantId, L1};
use entrack_store::accounts::{Assignment, NewUser, DEFAULT_ORG};
use entrack_store::ops::{self, Ctx};
use entrack_store::{Store, TenantQuery};
use jiff::{SignedDuration, Timestamp};

/// The demo's sign-in name.
pub const DEMO_USER: &str = "demo";

/// A small deterministic generator (SplitMix64), so a seed gives the same book every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

const NAMES: [&str; 30] = [
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Tailspin",
    "Woodgrove",
    "Litware",
    "Adventure Works",
    "Alpine Ski House",
    "Coho",
    "Wide World",
    "Proseware",
    "Lamna",
    "Trey Research",
    "Wingtip",
    "Fourth Coffee",
    "Margie's",
    "Relecloud",
    "VanArsdel",
    "Lucerne",
    "Humongous",
    "Datum",
    "Blue Yonder",
    "Graphic Design Institute",
    "Southridge",
    "Consolidated Messenger",
    "Bellows",
    "Munson's",
    "School of Fine Art",
    "First Up",
    "Nod",
];
const SECTORS: [&str; 10] = [
    "Logistics",
    "Retail",
    "Health",
    "Energy",
    "Bank",
    "Foods",
    "Media",
    "Motors",
    "Pharma",
    "Telecom",
];
const FORMS: [&str; 8] = [
    "GmbH",
    "AG",
    "S.A.",
    "Ltd",
    "Inc.",
    "SE",
    "S.L.",
    "有限公司",
];
const SERVICES: [&str; 8] = [
    "exchange",
    "teams",
    "sharepoint",
    "onedrive",
    "intune",
    "officeproplus",
    "aadp",
    "power-bi",
];
const OWNERS: [&str; 5] = [
    "Customer IT",
    "Account Team",
    "Partner",
    "Customer security team",
    "Procurement",
];

/// A status as FMs record it: L1, L2, a note that gives the reason, and how often it occurs.
struct Template {
    l1: &'static str,
    l2: &'static str,
    notes: &'static [&'static str],
    weight: u64,
}

const TEMPLATES: &[Template] = &[
    Template { l1: "status-unknown", l2: "new-subscription-or-workload", weight: 14, notes: &[
        "Licences arrived with the renewal; the customer has not been contacted about this workload yet",
        "New seats from the true-up; kickoff with the customer's IT lead is being arranged by the FM",
    ]},
    Template { l1: "status-unknown", l2: "customer-unresponsive", weight: 6, notes: &[
        "Three mails and two calls to the IT lead since the kickoff went unanswered; escalated to the account team",
        "Customer contact left the company and nobody answers the FastTrack mails since",
    ]},
    Template { l1: "in-progress", l2: "migration", weight: 16, notes: &[
        "Mailboxes move in four waves; the first 200 users are migrated and wave two is scheduled",
        "File shares move to SharePoint by department; finance and HR are done, sales follows",
    ]},
    Template { l1: "in-progress", l2: "technical-onboarding-deployment", weight: 12, notes: &[
        "Enrolment of the pilot group of 50 devices runs this month, then the rollout site by site",
        "Hybrid identity is configured; licences are assigned to the first business unit",
    ]},
    Template { l1: "in-progress", l2: "solution-or-user-adoption", weight: 10, notes: &[
        "Champions programme started; meetings move from the old conferencing bridge department by department",
        "Training sessions for all staff are planned; usage reports are reviewed with the customer monthly",
    ]},
    Template { l1: "no-intent", l2: "using-competitive-solution", weight: 6, notes: &[
        "Customer renewed its Zoom contract for three years and will not move meetings before it ends",
        "Customer keeps Google Workspace for mail and calendar; only the desktop apps are in use",
    ]},
    Template { l1: "no-intent", l2: "executive-sponsorship", weight: 5, notes: &[
        "No business sponsor: the CIO sees no driver to move the file shares this fiscal year",
    ]},
    Template { l1: "no-intent", l2: "using-microsoft-on-premises-solution", weight: 4, notes: &[
        "Customer keeps Exchange Server on premises for regulatory control of the mail archive",
    ]},
    Template { l1: "blocked", l2: "customer-it-infrastructure-remediation", weight: 7, notes: &[
        "Proxy in the branch offices drops traffic to Microsoft 365 until the firewall upgrade in spring",
        "Old domain controllers must be replaced before directory synchronisation can start",
    ]},
    Template { l1: "blocked", l2: "legal-regulatory", weight: 4, notes: &[
        "Works council has not approved the rollout; the agreement on usage data is in negotiation",
    ]},
    Template { l1: "blocked", l2: "billing-licensing-subscription", weight: 3, notes: &[
        "Licences were bought on the wrong tenant; the reseller is moving them to the production tenant",
    ]},
    Template { l1: "blocked", l2: "security-privacy-non-product-feature", weight: 3, notes: &[
        "Security team requires a data residency review before any mailbox moves",
    ]},
    Template { l1: "duplicate-invalid", l2: "", weight: 2, notes: &[
        "Duplicate of the tenant the customer uses for production; the seats are tracked there",
    ]},
];

fn template(rng: &mut Rng) -> &'static Template {
    let total: u64 = TEMPLATES.iter().map(|t| t.weight).sum();
    let mut n = rng.below(total);
    for t in TEMPLATES {
        if n < t.weight {
            return t;
        }
        n -= t.weight;
    }
    &TEMPLATES[0]
}

fn guid(rng: &mut Rng) -> String {
    let (a, b) = (rng.next(), rng.next());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | (b >> 48 & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

fn ctx_at(at: Timestamp) -> Ctx {
    Ctx {
        meta: Meta {
            at,
            actor: "demo-generator".into(),
            source: Source::Import,
            batch: None,
        },
        role: None,
        lang: Lang::En,
        principal: None,
    }
}

fn days(n: u64) -> SignedDuration {
    SignedDuration::from_hours(24 * n as i64)
}

/// Rows for a service of `total` seats, written at `at`.
fn rows(rng: &mut Rng, service: Service, total: u64, at: Timestamp) -> Vec<RowInput> {
    let date = |t: Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string();
    let parts = 1 + rng.below(3).min(total.saturating_sub(1));
    let mut left = total;
    let mut out: Vec<RowInput> = Vec::new();
    let mut used = Vec::new();
    for i in 0..parts {
        let t = template(rng);
        if used.contains(&(t.l1, t.l2)) {
            continue;
        }
        used.push((t.l1, t.l2));
        let seats = if i + 1 == parts {
            left
        } else {
            1 + rng.below(left.saturating_sub(parts - i).max(1))
        };
        left -= seats;
        let l1 = L1::from_code(t.l1).expect("a known L1");
        let mut row = RowInput {
            l1: Some(t.l1.into()),
            l2: (!t.l2.is_empty()).then(|| t.l2.into()),
            entitlements: Some(seats.to_string()),
            note: Some(rng.pick(t.notes).to_string()),
            ..Default::default()
        };
        let later = |rng: &mut Rng, lo: u64, hi: u64| date(at + days(lo + rng.below(hi - lo)));
        match l1 {
            L1::InProgress => row.target_date = Some(later(rng, 20, 180)),
            L1::Blocked => {
                row.owner = Some(rng.pick(&OWNERS).to_string());
                if rng.chance(50) {
                    row.target_date = Some(later(rng, 30, 150));
                }
                if t.l2 == "customer-it-infrastructure-remediation" {
                    row.l3 = entrack_core::L2::resolve(l1, t.l2)
                        .and_then(|l2| l2.l3s().find(|l3| l3.applies_to(service)))
                        .map(|l3| l3.code().to_string());
                }
            }
            L1::NoIntent => row.owner = Some(rng.pick(&OWNERS).to_string()),
            _ => {}
        }
        if l1 != L1::DuplicateInvalid && rng.chance(60) {
            row.next_action = Some(
                rng.pick(&[
                    "Call the customer's IT lead about the next wave",
                    "Send the readiness checklist and agree the dates",
                    "Review progress with the partner",
                    "Meet the security team about the open questions",
                ])
                .to_string(),
            );
            row.next_action_date = Some(later(rng, 3, 60));
        }
        out.push(row);
    }
    // Seats of skipped duplicates go to the first row.
    if left > 0 {
        if let Some(first) = out.first_mut() {
            let n: u64 = first
                .entitlements
                .as_deref()
                .unwrap_or("0")
                .parse()
                .unwrap_or(0);
            first.entitlements = Some((n + left).to_string());
        }
    }
    out
}

/// Fills an empty store with `tenants` generated tenants; answers the number of services.
pub fn generate(
    store: &dyn Store,
    tenants: usize,
    seed: u64,
    now: Timestamp,
) -> Result<usize, ops::OpError> {
    let mut rng = Rng(seed);
    let mut services = 0;
    let bar = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
        let pb = indicatif::ProgressBar::new(tenants as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{wide_bar} {pos}/{len} tenants (ETA {eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb
    });
    for i in 0..tenants {
        let name = format!(
            "{} {} {}",
            NAMES[i % NAMES.len()],
            SECTORS[(i / NAMES.len()) % SECTORS.len()],
            FORMS[(i + i / NAMES.len()) % FORMS.len()]
        );
        let id = guid(&mut rng);
        let born = now - days(30 + rng.below(210));
        ops::add_tenant(store, &ctx_at(born), &id, &name)?;
        let tenant = TenantId::parse(&id).expect("a generated GUID");
        let count = 1 + rng.below(4) as usize;
        let mut codes: Vec<&str> = SERVICES.to_vec();
        for k in 0..count {
            let j = k + rng.below((codes.len() - k) as u64) as usize;
            codes.swap(k, j);
            let service = Service::from_code(codes[k]).expect("a known service");
            let total = *rng.pick(&[25u64, 50, 120, 250, 400, 800, 1500, 3000]) + rng.below(40);
            let start = born + days(rng.below(20));
            ops::set_entitlement(
                store,
                &ctx_at(start),
                &tenant,
                service,
                &EntitlementSet {
                    total: Some(total),
                    ..Default::default()
                },
            )?;
            services += 1;
            // Most services have been worked on since; some still wait in Status Unknown.
            if rng.chance(85) {
                let elapsed = (now - start).get_seconds().max(0) as u64 / 86_400;
                let at = start + days(rng.below(elapsed.max(1)));
                let put = StatusPut {
                    rows: rows(&mut rng, service, total, at),
                    ..Default::default()
                };
                ops::put_status(store, &ctx_at(at), &tenant, service, &put)?;
            }
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(services)
}

/// The demo user (an admin), created or given a new password; assigned to every fifth tenant
/// so that "my tenants" shows something.
fn demo_user(store: &dyn Store, password: &str) -> Result<(), Failure> {
    let env = |e: String| Failure::Environment(e);
    let hash = entrack_web::auth::hash_password(password).map_err(env)?;
    let user = match store
        .user_by_name(DEMO_USER)
        .map_err(|e| env(e.to_string()))?
    {
        Some(u) => {
            store
                .set_password(u.id, &hash)
                .map_err(|e| env(e.to_string()))?;
            return Ok(());
        }
        None => store
            .create_user(&NewUser {
                org: DEFAULT_ORG,
                username: DEMO_USER.into(),
                display_name: "Demo FM".into(),
                role: Role::Admin,
                password_hash: Some(hash),
            })
            .map_err(|e| env(e.to_string()))?,
    };
    let tenants = store
        .tenants(&TenantQuery::default())
        .map_err(|e| env(e.to_string()))?;
    for t in tenants.iter().step_by(5) {
        store
            .assign(&Assignment {
                id: 0,
                tenant: t.tenant_id.clone(),
                user: user.id,
                role: Role::DeliveryFm,
                service: None,
                primary: false,
                assigned_by: "demo-generator".into(),
                assigned_at: Timestamp::now(),
            })
            .map_err(|e| env(e.to_string()))?;
    }
    Ok(())
}

/// Prepares the demo store (generating into it when it is empty), then serves it.
pub fn demo_cmd(
    opened: crate::store::Opened,
    db: &str,
    a: DemoArgs,
    lang: Lang,
) -> Result<(), Failure> {
    let store = opened.store();
    let existing = store
        .tenants(&TenantQuery {
            limit: Some(1),
            ..Default::default()
        })
        .map_err(|e| Failure::from_store(e, lang))?;
    let has_demo_user = store
        .user_by_name(DEMO_USER)
        .map_err(|e| Failure::from_store(e, lang))?
        .is_some();
    if !existing.is_empty() && !has_demo_user {
        // Someone's real store: no demo user with a printed password goes into it.
        return Err(Failure::Refused(text(
            lang,
            "cli-demo-not-empty",
            &[("db", db.to_string())],
        )));
    }
    if existing.is_empty() {
        eprintln!(
            "{}",
            text(
                lang,
                "cli-demo-generating",
                &[("tenants", a.tenants.to_string())]
            )
        );
        let services = generate(store, a.tenants, a.seed, Timestamp::now())
            .map_err(|e| Failure::from_op(e, lang))?;
        eprintln!(
            "{}",
            text(
                lang,
                "cli-demo-generated",
                &[
                    ("tenants", a.tenants.to_string()),
                    ("services", services.to_string())
                ]
            )
        );
    }
    let password = a
        .password
        .clone()
        .unwrap_or_else(|| entrack_web::auth::new_secret()[..16].to_string());
    demo_user(store, &password)?;
    let db = db.to_string();
    crate::serve::serve_cmd(opened, a.serve, lang, move |address| {
        println!(
            "{}",
            text(
                lang,
                "cli-demo-ready",
                &[
                    ("url", format!("http://{address}/")),
                    ("user", DEMO_USER.to_string()),
                    ("password", password),
                    ("db", db),
                ]
            )
        );
    })
}
