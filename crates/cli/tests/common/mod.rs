//! Drives the real `entrack` binary against a fresh store in a temporary directory: the
//! embedded store, or, with `ENTRACK_TEST_STORE=postgres`, a schema of its own on the
//! PostgreSQL server named by `ENTRACK_TEST_POSTGRES` (`.ci/run` runs these tests both ways).
#![allow(dead_code, clippy::new_without_default)]

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

pub const TENANT: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";

pub struct Env {
    pub dir: tempfile::TempDir,
    pub scratch: Option<entrack_store_postgres::Scratch>,
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("ENTRACK_TEST_STORE").is_ok_and(|s| s == "postgres")
}

/// A fresh schema on the test server (a failure to reach it fails the test).
pub fn scratch() -> entrack_store_postgres::Scratch {
    let base = std::env::var("ENTRACK_TEST_POSTGRES")
        .expect("ENTRACK_TEST_STORE=postgres needs ENTRACK_TEST_POSTGRES=postgres://…");
    entrack_store_postgres::Scratch::create(&base)
        .unwrap_or_else(|e| panic!("ENTRACK_TEST_POSTGRES: {e}"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            scratch: on_postgres().then(scratch),
        }
    }

    /// An embedded store, whichever store the other tests use.
    pub fn sqlite() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            scratch: None,
        }
    }

    /// A store on the PostgreSQL server of `ENTRACK_TEST_POSTGRES`, whichever store the
    /// other tests use; `None` when no server is named.
    pub fn postgres() -> Option<Env> {
        std::env::var("ENTRACK_TEST_POSTGRES").ok()?;
        Some(Env {
            dir: tempfile::tempdir().expect("temp dir"),
            scratch: Some(scratch()),
        })
    }

    /// The `--db` value of this store.
    pub fn db(&self) -> String {
        match &self.scratch {
            Some(s) => s.url.clone(),
            None => self.db_file().display().to_string(),
        }
    }

    /// The embedded store's file.
    pub fn db_file(&self) -> PathBuf {
        self.dir.path().join("entrack.db")
    }

    /// Everything the store holds, as a user can read it back: the file itself on the
    /// embedded store; its history, report and export otherwise.
    pub fn fingerprint(&self) -> Vec<u8> {
        if self.scratch.is_none() {
            return std::fs::read(self.db_file()).expect("store file");
        }
        let mut out = Vec::new();
        for args in [
            &["--format", "json", "history"][..],
            &["--format", "json", "report"][..],
        ] {
            out.extend(self.ok(args, None).stdout.into_bytes());
        }
        let file = self.dir.path().join("fingerprint.csv");
        self.ok(&["export", file.to_str().expect("utf-8 path")], None);
        out.extend(std::fs::read(&file).expect("export"));
        out
    }

    /// Runs `entrack` with `args`, feeding `stdin`; LANG is neutral unless `--lang` is given.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Run {
        let mut cmd = Command::cargo_bin("entrack").expect("binary");
        cmd.current_dir(self.dir.path())
            .env_remove("ENTRACK_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .env("ENTRACK_DB", self.db())
            .env_remove("ENTRACK_USER")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn");
        {
            let mut input = child.stdin.take().expect("stdin");
            if let Some(s) = stdin {
                input.write_all(s.as_bytes()).expect("write stdin");
            }
        }
        let out = child.wait_with_output().expect("wait");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn ok(&self, args: &[&str], stdin: Option<&str>) -> Run {
        let r = self.run(args, stdin);
        assert_eq!(
            r.code, 0,
            "entrack {args:?} failed:\n{}\n{}",
            r.stdout, r.stderr
        );
        r
    }

    /// Adds the tenant Contoso GmbH.
    pub fn add_tenant(&self) {
        self.ok(
            &[
                "tenant",
                "add",
                "--id",
                TENANT,
                "--name",
                "Contoso GmbH",
                "--as",
                "anna",
            ],
            None,
        );
    }

    /// Sets a service's total seats of Contoso.
    pub fn set_total(&self, service: &str, total: u64) {
        let total = total.to_string();
        self.ok(
            &[
                "entitlement",
                "set",
                "--tenant",
                TENANT,
                "--service",
                service,
                "--total",
                &total,
                "--as",
                "anna",
            ],
            None,
        );
    }

    /// Replaces Contoso's Teams rows as `actor`; the change must be accepted.
    pub fn put_ok(&self, rows: &Value, actor: &str) -> Run {
        self.ok(
            &[
                "status",
                "put",
                "--tenant",
                TENANT,
                "--service",
                "teams",
                "--as",
                actor,
            ],
            Some(&rows.to_string()),
        )
    }

    /// A store with tenant Contoso and `total` Teams seats.
    pub fn with_service(total: u64, extra: &[&str]) -> Env {
        let env = Env::new();
        env.add_tenant();
        let total = total.to_string();
        let mut args = vec![
            "entitlement",
            "set",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--total",
            &total,
            "--as",
            "anna",
        ];
        args.extend_from_slice(extra);
        env.ok(&args, None);
        env
    }

    pub fn put(&self, rows: &Value, extra: &[&str]) -> Run {
        let mut args = vec![
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "anna",
        ];
        args.extend_from_slice(extra);
        self.run(&args, Some(&rows.to_string()))
    }

    pub fn state(&self) -> Value {
        let r = self.ok(
            &[
                "--format",
                "json",
                "status",
                "show",
                "--tenant",
                TENANT,
                "--service",
                "teams",
            ],
            None,
        );
        serde_json::from_str(&r.stdout).expect("json")
    }

    pub fn history(&self) -> Value {
        let r = self.ok(&["--format", "json", "history"], None);
        serde_json::from_str(&r.stdout).expect("json")
    }
}

/// A small deterministic generator (xorshift), so a failing trial can be run again.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The log of a running server, line by line.
pub type Log = std::io::Lines<std::io::BufReader<std::process::ChildStderr>>;

/// Starts `entrack serve` on a free loopback port of this machine with the log at `level`;
/// returns the process, its base URL and the rest of its log.
pub fn serve_logged(env: &Env, level: &str) -> (std::process::Child, String, Log) {
    serve_db_logged(&env.db(), level)
}

/// [`serve_logged`] on the store at `db`.
pub fn serve_db_logged(db: &str, level: &str) -> (std::process::Child, String, Log) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::cargo_bin("entrack")
        .expect("the entrack binary")
        .args(["--db", db, "serve", "--listen", "127.0.0.1:0"])
        .env("ENTRACK_LOG", level)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn entrack serve");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let first = lines.next().expect("a first log line").expect("log");
    let address = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    (child, format!("http://{address}"), lines)
}

/// [`serve_logged`] at `warn`, its log read and dropped so that the server never blocks on
/// a full pipe.
pub fn serve(env: &Env) -> (std::process::Child, String) {
    let (child, base, lines) = serve_logged(env, "warn");
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
    (child, base)
}

impl Env {
    /// The store for processes a test kills. On PostgreSQL their connections carry a name
    /// of their own, so that a check can wait until every one of a killed process is gone:
    /// a COMMIT it sent just before it died still lands after the kill, and reading one
    /// part of the store before it and another after it would compare two different points.
    pub fn killable_db(&self) -> String {
        let db = self.db();
        if self.scratch.is_none() {
            return db;
        }
        let sep = if db.contains('?') { '&' } else { '?' };
        format!("{db}{sep}application_name={}", connection_name(&db))
    }

    /// On PostgreSQL, waits until the connections of a killed process that used
    /// [`Env::killable_db`] have ended.
    pub fn wait_for_killed(&self, db: &str) {
        if self.scratch.is_none() {
            return;
        }
        let (name, url, db) = (connection_name(&self.db()), self.db(), db.to_string());
        // The blocking client runs a runtime of its own: not on a test's.
        std::thread::spawn(move || wait_until_gone(&url, &name, &db))
            .join()
            .expect("the wait");
    }
}

/// A name for the killed processes' connections, the same for every trial of a store.
fn connection_name(db: &str) -> String {
    // FNV-1a of the store's address: short and stable.
    let h = db.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("crash-{h:x}")
}

fn wait_until_gone(url: &str, name: &str, db: &str) {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    let start = std::time::Instant::now();
    loop {
        let left: i64 = client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
                &[&name.to_string()],
            )
            .expect("pg_stat_activity")
            .get(0);
        if left == 0 {
            return;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "{left} connections of the killed process ({db}) still open after a minute"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
