//! The command line: every command, option and help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use entrack_core::model::{EngagementScenario, Role, Scenario, ServicePhase};
use entrack_core::Lang;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "entrack",
    version,
    about = "Track customer entitlements through the FastTrack L1/L2/L3 status playbook",
    long_about = "Track customer entitlements through the FastTrack L1/L2/L3 status playbook.\n\n\
        Every change is checked against the playbook's rules and kept in an append-only history.\n\
        Exit codes: 0 success, 1 rejected (a rule, an unknown tenant, a conflict; nothing was \
        written), 2 usage error, 3 the store could not be used."
)]
pub struct Cli {
    /// The store: a SQLite file (or sqlite://PATH), or a PostgreSQL database
    /// (postgres://USER@HOST:PORT/DATABASE); created and migrated on first use.
    #[arg(
        long,
        global = true,
        env = "ENTRACK_DB",
        default_value = "entrack.db",
        value_name = "PATH|URL"
    )]
    pub db: String,

    /// Language of messages and names: en, de, es or zh [default: from LANG, else en].
    #[arg(long, global = true, env = "ENTRACK_LANG", value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Output format for data.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start the web UI on demo data: a store of its own (entrack-demo.db unless --db or
    /// ENTRACK_DB names another), a few hundred generated tenants written through the
    /// playbook's rules, and a user `demo`; prints the address and how to sign in.
    Demo(DemoArgs),
    /// Create (or migrate) the store and say where it is.
    Init,
    /// Write a consistent copy of the embedded store to FILE while it stays in use (for
    /// PostgreSQL, use pg_dump).
    Backup {
        /// The copy to write; it must not exist yet.
        file: PathBuf,
    },
    /// Copy everything (tenants, statuses, history, batches, users, tokens, assignments)
    /// from one store into an empty one, SQLite or PostgreSQL either way, then read both
    /// back and compare. Sessions are not copied: users sign in again.
    MigrateStore {
        /// The store to copy (a path, sqlite://PATH or postgres://…).
        #[arg(long, value_name = "PATH|URL")]
        from: String,
        /// The empty store to copy into (created and migrated if needed).
        #[arg(long, value_name = "PATH|URL")]
        to: String,
    },
    /// Grade a status note (great, marginal, poor, with the reasons) and propose L1/L2/L3;
    /// or score the engine on labelled notes with --eval. Offline; exit 1 for a poor note.
    Suggest(SuggestArgs),
    /// Print the built-in L1/L2/L3 taxonomy.
    Taxonomy(TaxonomyArgs),
    /// Print the service catalogue with its aliases.
    Services,
    /// Add, list and show tenants.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Set a service's entitlements and service-level fields.
    #[command(subcommand)]
    Entitlement(EntitlementCommand),
    /// Replace or show a service's status rows.
    #[command(subcommand)]
    Status(StatusCommand),
    /// Show the change history, newest first, or a service's state at a past instant.
    History(HistoryArgs),
    /// Entitlements and rows by service × L1 × L2 (Duplicate/Invalid excluded by default).
    Report(ReportArgs),
    /// Import a status file (CSV or XLSX) as one batch; or undo a batch, or list batches.
    Import(ImportArgs),
    /// Apply the entitlement feed (tenant_id, tenant_name, service, total_entitlements).
    Feed(FeedArgs),
    /// Export status rows to CSV or XLSX (by the file's extension); importing the file again
    /// changes nothing.
    Export(ExportArgs),
    /// List the services the entitlement feed flagged for review.
    Review,
    /// Serve the JSON API (/api/v1, /api/openapi.json, /healthz, /readyz, /metrics) until
    /// Ctrl-C or SIGTERM; requests in flight finish first.
    Serve(ServeArgs),
    /// Partner organisations: each sees only its own tenants.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Users of an organisation, with their role.
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens for scripts (the token is shown once; only its hash is kept).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Assignments of users to tenants: only assigned users change a tenant's statuses.
    #[command(subcommand)]
    Assign(AssignCommand),
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on. Without --behind-tls only loopback addresses are
    /// accepted: passwords and session cookies must not cross a network in the clear.
    #[arg(long, default_value = "127.0.0.1:8080", env = "ENTRACK_LISTEN")]
    pub listen: std::net::SocketAddr,
    /// A TLS-terminating proxy stands in front: session cookies get `Secure` and the
    /// `__Host-` prefix, and other addresses than loopback may be used.
    #[arg(long, env = "ENTRACK_BEHIND_TLS")]
    pub behind_tls: bool,
    /// Answer /metrics without credentials (for a scraper on a private network); by default
    /// only an admin reads it.
    #[arg(long, env = "ENTRACK_PUBLIC_METRICS")]
    pub public_metrics: bool,
    /// Minutes a session lives after sign-in, however much it is used.
    #[arg(long, default_value_t = 720, value_parser = clap::value_parser!(u64).range(1..=43_200), env = "ENTRACK_SESSION_MINUTES")]
    pub session_minutes: u64,
    /// Minutes without a request after which a session ends.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=43_200), env = "ENTRACK_SESSION_IDLE_MINUTES")]
    pub idle_minutes: u64,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// How many tenants to generate into an empty demo store.
    #[arg(long, default_value_t = 300)]
    pub tenants: usize,
    /// The generator's seed: the same seed gives the same tenants.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The demo user's password [default: a new random one, printed].
    #[arg(long, env = "ENTRACK_DEMO_PASSWORD")]
    pub password: Option<String>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
pub enum OrgCommand {
    /// Create an organisation.
    Add { name: String },
    /// List the organisations.
    List,
    /// Change an organisation's settings.
    Set {
        /// The organisation (name or number).
        org: String,
        /// Whether status rows may be saved with a note Suggest grades poor: `refuse` (the
        /// default for every organisation, as FTOP does) or `allow` (saved, and imports
        /// report them as warnings).
        #[arg(long, value_parser = ["allow", "refuse"])]
        poor_notes: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user; the first one is usually an admin. The password is read from standard
    /// input (one line) with --password-stdin; without it the user signs in with API tokens only.
    Add {
        username: String,
        /// admin, assignment-fm, delivery-fm, account-team or viewer.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The organisation (name or number) [default: the default organisation].
        #[arg(long)]
        org: Option<String>,
        /// The name shown to others [default: the user name].
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users (of one organisation, or all).
    List {
        #[arg(long)]
        org: Option<String>,
    },
    /// Set a user's password (read from standard input, one line).
    Passwd { username: String },
    /// Remove a user's second factor (a lost phone): the next sign-in takes the password
    /// alone, and every session of the user ends.
    RemoveMfa { username: String },
    /// Disable a user (someone who left): every session ends at once and the user's API
    /// tokens are refused; history keeps the name.
    Disable { username: String },
    /// Enable a disabled user again.
    Enable { username: String },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token for a user and print it (the only time it is shown).
    Create {
        username: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
    },
    /// List a user's tokens (without secrets).
    List { username: String },
    /// Revoke a token: it stops working at once.
    Revoke { username: String, id: i64 },
}

#[derive(Subcommand, Debug)]
pub enum AssignCommand {
    /// Assign a user to a tenant in a role, for all its services or one.
    Add {
        /// Tenant id or exact name.
        tenant: String,
        username: String,
        /// assignment-fm, delivery-fm or account-team.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// One service (code or alias) [default: every service of the tenant].
        #[arg(long)]
        service: Option<String>,
        /// The primary of this tenant, service and role (at most one).
        #[arg(long)]
        primary: bool,
        /// Who assigns (recorded in the assignment log).
        #[arg(
            long = "as",
            env = "ENTRACK_USER",
            value_name = "USER",
            default_value = "operator"
        )]
        actor: String,
    },
    /// List a tenant's assignments.
    List { tenant: String },
    /// Remove an assignment (by the id `assign list` shows).
    Remove {
        tenant: String,
        id: i64,
        #[arg(
            long = "as",
            env = "ENTRACK_USER",
            value_name = "USER",
            default_value = "operator"
        )]
        actor: String,
    },
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub action: Option<ImportAction>,
    /// The status file: CSV (`,` or `;`, UTF-8 with or without BOM) or XLSX. Rows of one
    /// tenant × service are that service's complete status and must be next to each other.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub opts: FileOpts,
    /// Import the valid services and report the others (default: all or nothing).
    #[arg(long)]
    pub skip_invalid: bool,
    /// How non-ISO dates are written: dd.mm.yyyy, m/d/yyyy or d/m/yyyy [default: detected].
    #[arg(long, value_name = "FORMAT", value_parser = parse_date_format)]
    pub date_format: Option<entrack_bulk::format::DateFormat>,
    /// Who imports (recorded in the history; required to import a file).
    #[arg(long = "as", env = "ENTRACK_USER", value_name = "USER")]
    pub actor: Option<String>,
    /// The role in which the rows are changed (see `entrack status put --help`).
    #[arg(long, value_parser = parse_role)]
    pub role: Option<Role>,
}

/// Options shared by the commands that read a file.
#[derive(Args, Debug)]
pub struct FileOpts {
    /// Check everything and print what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also write every error to this CSV file (row, column, value, code, message).
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// No progress bar (it is shown only on a terminal anyway).
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum ImportAction {
    /// Restore the state before a batch, as new events; refused if anything in the batch
    /// changed since.
    Undo {
        #[arg(value_name = "BATCH")]
        batch: String,
        #[command(flatten)]
        who: Who,
    },
    /// List import, feed and undo batches, newest first.
    Batches {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Args, Debug)]
pub struct FeedArgs {
    /// The feed: CSV or XLSX with tenant_id, tenant_name, service, total_entitlements.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The feed lists every service: flag the stored services it does not list.
    #[arg(long)]
    pub full: bool,
    #[command(flatten)]
    pub opts: FileOpts,
    #[command(flatten)]
    pub who: Who,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Where to write: `.csv` or `.xlsx`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Only this tenant (id or exact name).
    #[arg(long)]
    pub tenant: Option<String>,
    /// Only this service (code, name or alias).
    #[arg(long)]
    pub service: Option<String>,
    /// Only services with a row in this L1 (code or name); their other rows come too.
    #[arg(long)]
    pub l1: Option<String>,
    /// Only services with a row in this L2 (needs --l1).
    #[arg(long, requires = "l1")]
    pub l2: Option<String>,
}

#[derive(Args, Debug)]
pub struct SuggestArgs {
    /// The note (default: read from standard input).
    pub note: Option<String>,
    /// The service the note is about (code, name or alias), for the L3.
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,
    /// Score the engine on labelled notes, one JSON object per line: lang, workload, note,
    /// l1, l2, l3, grade. Prints accuracy per language and overall, and the L2 confusion.
    #[arg(long, value_name = "FILE.jsonl", conflicts_with_all = ["note", "service"])]
    pub eval: Option<std::path::PathBuf>,
    /// With --eval: also list every note answered otherwise than labelled (line, note,
    /// labelled and proposed L1, L2 and grade).
    #[arg(long, requires = "eval", conflicts_with_all = ["note", "service"])]
    pub misses: bool,
}

#[derive(Args, Debug)]
pub struct TaxonomyArgs {
    /// List every L1, L2 and L3 without a name in a language instead.
    #[arg(long)]
    pub missing_translations: bool,
    /// Show only the L3s that apply to this service.
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum TenantCommand {
    /// Add a tenant.
    Add {
        /// The tenant id (a GUID).
        #[arg(long)]
        id: String,
        /// The tenant's name.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        who: Who,
    },
    /// List tenants, by name.
    List {
        /// Part of the name, or the start of the id.
        #[arg(long)]
        search: Option<String>,
    },
    /// Show a tenant with every service and its status rows.
    Show {
        /// Tenant id, or its exact name.
        tenant: String,
    },
}

#[derive(Args, Debug)]
pub struct Who {
    /// Who makes the change (recorded in the history). Once the store has users, this must
    /// be one of them, and their role and assignments decide what they may change.
    #[arg(long = "as", env = "ENTRACK_USER", value_name = "USER")]
    pub actor: String,
    /// Only for a store without users: the role in which the change is made; the playbook's
    /// scenario rules apply to it (assignment-fm, delivery-fm, account-team, viewer, admin).
    /// Without it the change is made as the store's local operator.
    #[arg(long, value_parser = parse_role)]
    pub role: Option<Role>,
}

#[derive(Subcommand, Debug)]
pub enum EntitlementCommand {
    /// Set a service's total entitlements (creating the service if new). Added seats land in
    /// Status Unknown / New Subscription or Workload; removed seats leave Status Unknown first.
    Set {
        #[command(flatten)]
        target: Target,
        /// Total entitlements, including any approved override.
        #[arg(long)]
        total: Option<u64>,
        /// Lifecycle scenario: assignment, delivery or none.
        #[arg(long, value_parser = parse_scenario)]
        scenario: Option<Clearable<Scenario>>,
        /// Service engagement scenario (delivery channel).
        #[arg(long, value_parser = parse_engagement)]
        engagement_scenario: Option<EngagementScenario>,
        /// Service status (adoption phase), or none.
        #[arg(long, value_parser = parse_phase)]
        service_status: Option<Clearable<ServicePhase>>,
        /// Engagement start date (YYYY-MM-DD), or none.
        #[arg(long, value_parser = parse_opt_date)]
        engagement_start_date: Option<Clearable<jiff::civil::Date>>,
        #[command(flatten)]
        who: Who,
    },
}

#[derive(Args, Debug)]
pub struct Target {
    /// Tenant id, or its exact name.
    #[arg(long)]
    pub tenant: String,
    /// Service code, name or alias (EXO, SPO, OD4B, MDATP…).
    #[arg(long)]
    pub service: String,
}

#[derive(Subcommand, Debug)]
pub enum StatusCommand {
    /// Replace all status rows of a service with the JSON array read from stdin or --file.
    /// The rows are checked together, as FTOP's Save does: either all are accepted or none.
    Put {
        #[command(flatten)]
        target: Target,
        /// Read the rows from this file instead of standard input.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Lifecycle scenario: assignment, delivery or none.
        #[arg(long, value_parser = parse_scenario)]
        scenario: Option<Clearable<Scenario>>,
        /// Service status (adoption phase), or none.
        #[arg(long, value_parser = parse_phase)]
        service_status: Option<Clearable<ServicePhase>>,
        #[command(flatten)]
        who: Who,
    },
    /// Show a service's status rows.
    Show {
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// Tenant id, or its exact name.
    #[arg(long)]
    pub tenant: Option<String>,
    /// Only this service.
    #[arg(long)]
    pub service: Option<String>,
    /// Show the service's state at this instant (RFC 3339, or a date meaning the end of that
    /// day, UTC) instead of the events. Needs --tenant and --service.
    #[arg(long, value_name = "WHEN", requires_all = ["tenant", "service"], value_parser = parse_instant)]
    pub as_of: Option<jiff::Timestamp>,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Count Duplicate/Invalid too (FTC reporting leaves it out).
    #[arg(long)]
    pub include_invalid: bool,
    /// Only this service.
    #[arg(long)]
    pub service: Option<String>,
}

/// A value that may also be `none`, to clear a field.
#[derive(Debug, Clone, Copy)]
pub struct Clearable<T>(pub Option<T>);

/// Unwraps an optional clearable flag into the core's "leave / clear / set" form.
pub fn update<T>(v: Option<Clearable<T>>) -> Option<Option<T>> {
    v.map(|c| c.0)
}

fn parse_date_format(s: &str) -> Result<entrack_bulk::format::DateFormat, String> {
    entrack_bulk::format::DateFormat::parse(s).ok_or_else(|| {
        format!(
            "`{s}` is not a date format; use one of {}",
            entrack_bulk::format::DateFormat::NAMES.join(", ")
        )
    })
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

fn none_or<T>(
    s: &str,
    f: fn(&str) -> Option<T>,
    what: &str,
    all: &[&str],
) -> Result<Clearable<T>, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(Clearable(None));
    }
    f(s).map(|v| Clearable(Some(v))).ok_or_else(|| {
        format!(
            "unknown {what} `{s}`; expected one of: {}, none",
            all.join(", ")
        )
    })
}

fn parse_scenario(s: &str) -> Result<Clearable<Scenario>, String> {
    let all: Vec<_> = Scenario::ALL.iter().map(|x| x.code()).collect();
    none_or(s, Scenario::from_code, "scenario", &all)
}

fn parse_phase(s: &str) -> Result<Clearable<ServicePhase>, String> {
    let all: Vec<_> = ServicePhase::ALL.iter().map(|x| x.code()).collect();
    none_or(s, ServicePhase::from_code, "service status", &all)
}

fn parse_engagement(s: &str) -> Result<EngagementScenario, String> {
    EngagementScenario::from_code(s).ok_or_else(|| {
        let all: Vec<_> = EngagementScenario::ALL.iter().map(|x| x.code()).collect();
        format!(
            "unknown engagement scenario `{s}`; expected one of: {}",
            all.join(", ")
        )
    })
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::from_code(s).ok_or_else(|| {
        let all: Vec<_> = Role::ALL.iter().map(|x| x.code()).collect();
        format!("unknown role `{s}`; expected one of: {}", all.join(", "))
    })
}

fn parse_opt_date(s: &str) -> Result<Clearable<jiff::civil::Date>, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(Clearable(None));
    }
    entrack_core::parse::parse_date(s, entrack_core::Field::EngagementStartDate)
        .map(|d| Clearable(Some(d)))
        .map_err(|_| format!("`{s}` is not a date; write it as YYYY-MM-DD (or none)"))
}

fn parse_instant(s: &str) -> Result<jiff::Timestamp, String> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let d: jiff::civil::Date = s
        .parse()
        .map_err(|_| format!("`{s}` is neither an RFC 3339 instant nor a date (YYYY-MM-DD)"))?;
    d.at(23, 59, 59, 999_999_999)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .map_err(|e| e.to_string())
}
