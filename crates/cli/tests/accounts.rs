//! Accounts from the command line: the first admin, users, tokens and assignments; and
//! once a store has users, CLI changes run as one of them and obey the same rules.

mod common;
use common::{Env, TENANT};
use serde_json::json;

const PW: &str = "copper kettle hums beside the quiet fjord\n";

fn rows(note: &str) -> serde_json::Value {
    json!([{ "l1": "in-progress", "entitlements": 10, "target_date": "2031-06-30",
             "note": note, "next_action": "Kickoff", "next_action_date": "2031-01-15" }])
}

#[test]
fn the_first_admin_then_named_users_who_obey_their_role_and_assignments() {
    let env = Env::with_service(10, &[]);
    // Before any user exists, the local operator works as before.
    env.put_ok(&rows("Pilot agreed with the customer's IT lead"), "anna");

    let r = env.ok(
        &["user", "add", "root", "--role", "admin", "--password-stdin"],
        Some(PW),
    );
    assert!(r.stdout.contains("root"), "{}", r.stdout);
    // A weak password is refused, with the reason.
    let r = env.run(
        &[
            "user",
            "add",
            "weak",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        Some("password1234\n"),
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("easy to guess"), "{}", r.stderr);
    env.ok(&["user", "add", "dora", "--role", "delivery-fm"], None);
    env.ok(&["org", "add", "Fabrikam Partners"], None);
    env.ok(
        &[
            "user",
            "add",
            "fritz",
            "--role",
            "delivery-fm",
            "--org",
            "Fabrikam Partners",
        ],
        None,
    );

    // Now a change names a user of the store…
    let r = env.run(
        &[
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "anna",
        ],
        Some(&rows("x").to_string()),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("entrack user list"), "{}", r.stderr);
    // …whose role comes from the account…
    let r = env.run(
        &[
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "dora",
            "--role",
            "admin",
        ],
        Some(&rows("Rollout planned for two sites").to_string()),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    // …and who must be assigned.
    let r = env.run(
        &[
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "dora",
        ],
        Some(&rows("Rollout planned for two sites").to_string()),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("not assigned"), "{}", r.stderr);
    // Someone of another organisation cannot be assigned here.
    let r = env.run(
        &["assign", "add", TENANT, "fritz", "--role", "delivery-fm"],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    env.ok(
        &[
            "assign",
            "add",
            TENANT,
            "dora",
            "--role",
            "delivery-fm",
            "--primary",
        ],
        None,
    );
    env.ok(
        &[
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "dora",
        ],
        Some(&rows("Rollout planned for two sites").to_string()),
    );
    let show = env.ok(
        &[
            "status",
            "show",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--format",
            "json",
        ],
        None,
    );
    assert!(
        show.stdout.contains("Rollout planned for two sites"),
        "{}",
        show.stdout
    );
    let list = env.ok(&["assign", "list", TENANT, "--format", "json"], None);
    assert!(
        list.stdout.contains("dora") && list.stdout.contains("delivery-fm"),
        "{}",
        list.stdout
    );
    // Fritz's organisation does not see Contoso at all.
    let r = env.run(
        &[
            "status",
            "put",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--as",
            "fritz",
        ],
        Some(&rows("Taking this over").to_string()),
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(TENANT) && !r.stderr.contains("Contoso"),
        "{}",
        r.stderr
    );
    // Imports are organisation-wide: admins only.
    let csv = env.dir.path().join("s.csv");
    std::fs::write(&csv, format!(
        "tenant_id,tenant_name,service,l1,entitlements,note,target_date,next_action,next_action_date\n\
         {TENANT},Contoso GmbH,teams,in-progress,10,Pilot running with 40 users because the partner started early,2031-06-30,Review,2031-01-15\n")).unwrap();
    let r = env.run(&["import", csv.to_str().unwrap(), "--as", "dora"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    env.ok(&["import", csv.to_str().unwrap(), "--as", "root"], None);

    // The history names who did what.
    let h = env.ok(&["history", "--tenant", TENANT, "--format", "json"], None);
    assert!(
        h.stdout.contains("\"dora\"") && h.stdout.contains("\"root\""),
        "{}",
        h.stdout
    );
}

#[test]
fn tokens_are_printed_once_listed_without_secrets_and_revoked() {
    let env = Env::new();
    env.ok(&["user", "add", "bot", "--role", "viewer"], None);
    let r = env.ok(&["token", "create", "bot", "--name", "nightly"], None);
    let token = r.stdout.trim().to_string();
    assert!(token.starts_with("et_") && token.len() == 67, "{token}");
    let list = env.ok(&["token", "list", "bot", "--format", "json"], None);
    assert!(list.stdout.contains("nightly") && !list.stdout.contains(&token[3..]));
    env.ok(&["token", "revoke", "bot", "1"], None);
    let list = env.ok(&["token", "list", "bot", "--format", "json"], None);
    assert!(
        list.stdout.contains("revoked_at") && !list.stdout.contains("\"revoked_at\":\"\""),
        "{}",
        list.stdout
    );
    let users = env.ok(&["user", "list", "--format", "json"], None);
    assert!(
        users.stdout.contains("bot") && users.stdout.contains("default"),
        "{}",
        users.stdout
    );
    let disabled = |env: &Env| -> String {
        let out = env.ok(&["user", "list", "--format", "json"], None).stdout;
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v[0]["disabled"].as_str().unwrap().to_string()
    };
    assert_eq!(disabled(&env), "no");
    let r = env.ok(&["user", "disable", "bot"], None);
    assert!(r.stdout.contains("bot is disabled"), "{}", r.stdout);
    assert_eq!(disabled(&env), "yes");
    env.ok(&["user", "enable", "bot"], None);
    assert_eq!(disabled(&env), "no");
    let r = env.run(&["user", "disable", "nobody"], None);
    assert_ne!(r.code, 0);
}
