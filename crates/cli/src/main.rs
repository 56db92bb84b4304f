//! The `entrack` binary: parses the command line, opens the store, runs one command through
//! the shared use cases, prints the result and exits with a documented code.

/// `println!` for command output: a reader that went away (`entrack report | head`) ends
/// the command quietly instead of failing the write.
macro_rules! println {
    () => { $crate::output::write_out(format_args!("\n")) };
    ($($t:tt)*) => { $crate::output::write_out(format_args!("{}\n", format_args!($($t)*))) };
}

/// `print!` for command output, like [`println!`] above.
macro_rules! print {
    ($($t:tt)*) => { $crate::output::write_out(format_args!($($t)*)) };
}

mod accounts;
mod args;
mod bulk;
mod commands;
mod demo;
mod output;
mod serve;
mod store;
mod suggest;

use args::Cli;
use clap::Parser;
use entrack_core::messages::{render, report, text};
use entrack_core::rules::Violation;
use entrack_core::Lang;
use entrack_store::ops::OpError;
use entrack_store::StoreError;
use std::process::ExitCode;

// Bulk imports allocate from two threads at once; mimalloc keeps that from contending.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Why a command did not succeed, by exit code.
pub enum Failure {
    /// 1: a rule refused the change; nothing was written.
    Rejected(Vec<Violation>),
    /// 1: the request cannot be carried out (unknown tenant, conflict…); nothing was written.
    Refused(String),
    /// 3: the store or a file could not be used.
    Environment(String),
    /// 2: the command line is incomplete.
    Usage(String),
    /// The details were printed already; exit with this code.
    Quiet(u8),
}

impl Failure {
    pub fn from_op(e: OpError, lang: Lang) -> Failure {
        match e {
            OpError::Rejected(v) => Failure::Rejected(v),
            OpError::TenantNotFound(key) => {
                Failure::Refused(text(lang, "err-tenant-not-found", &[("key", key)]))
            }
            OpError::ServiceNotFound { tenant, service } => Failure::Refused(text(
                lang,
                "err-service-not-found",
                &[
                    ("tenant", tenant.to_string()),
                    ("service", service.code().to_string()),
                ],
            )),
            OpError::AmbiguousTenant { key, count } => Failure::Refused(text(
                lang,
                "err-tenant-ambiguous",
                &[("key", key), ("count", count.to_string())],
            )),
            OpError::Stale {
                what,
                current_version,
            } => Failure::Refused(text(
                lang,
                "err-conflict",
                &[("what", what), ("version", current_version.to_string())],
            )),
            OpError::Forbidden { what } => {
                Failure::Refused(text(lang, "api-forbidden", &[("what", what)]))
            }
            OpError::Store(e) => Failure::from_store(e, lang),
        }
    }

    pub fn from_store(e: StoreError, lang: Lang) -> Failure {
        match e {
            StoreError::Conflict {
                what,
                current_version,
            } => Failure::Refused(text(
                lang,
                "err-conflict",
                &[("what", what), ("version", current_version.to_string())],
            )),
            other => {
                Failure::Environment(text(lang, "err-store", &[("detail", other.to_string())]))
            }
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Environment(format!("{e:#}"))
    }
}

fn env_lang() -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| Lang::from_locale(&v))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang.or_else(env_lang).unwrap_or(Lang::En);
    let format = cli.format;
    match commands::run(cli, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Rejected(violations)) => {
            eprintln!("{}", text(lang, "cli-rejected", &[]));
            for v in &violations {
                eprintln!("  - {}", render(v, lang));
            }
            if format == args::Format::Json {
                let reports: Vec<_> = violations.iter().map(|v| report(v, lang)).collect();
                if let Ok(s) =
                    output::json(&serde_json::json!({ "error": "rejected", "violations": reports }))
                {
                    println!("{s}");
                }
            }
            ExitCode::from(1)
        }
        Err(Failure::Refused(msg)) => {
            eprintln!("entrack: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Environment(msg)) => {
            eprintln!("entrack: {msg}");
            ExitCode::from(3)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("entrack: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Quiet(code)) => ExitCode::from(code),
    }
}
