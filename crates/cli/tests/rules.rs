//! Every rule of the playbook, through the CLI as a user calls it: a valid change is
//! accepted (exit 0) and an invalid one refused (exit 1) with the rule's code, leaving the
//! state and the history exactly as they were.

mod common;
use common::{Env, TENANT};
use serde_json::{json, Value};

fn in_progress(n: u64) -> Value {
    json!({"l1": "in-progress", "l2": "technical-onboarding-deployment", "entitlements": n,
           "target_date": "2030-06-30", "note": "Customer deploys with its partner; pilot of 50 users done"})
}

fn blocked(n: u64) -> Value {
    json!({"l1": "blocked", "l2": "customer-it-infrastructure-remediation", "l3": "network", "entitlements": n,
           "target_date": "2030-03-31", "owner": "Account Team",
           "note": "Proxy drops media traffic for the branches until the firewall upgrade"})
}

fn no_intent(n: u64) -> Value {
    json!({"l1": "no-intent", "l2": "using-competitive-solution", "l3": "slack", "entitlements": n,
           "owner": "Account Team", "note": "Standardised on Slack last year; contract runs to 2029"})
}

fn unknown(n: u64) -> Value {
    json!({"l1": "status-unknown", "l2": "customer-unresponsive", "entitlements": n,
           "note": "No answer after 4 attempts by mail and phone; managed account"})
}

fn invalid(n: u64) -> Value {
    json!({"l1": "duplicate-invalid", "entitlements": n, "note": "Test tenant, never used in production"})
}

fn with(mut row: Value, key: &str, value: Value) -> Value {
    if value.is_null() {
        row.as_object_mut().unwrap().remove(key);
    } else {
        row[key] = value;
    }
    row
}

/// Puts `good` (must be accepted) on one fresh store and `bad` (must be refused with
/// `code`) on another, and checks that the refusal changed nothing.
fn check(setup: &[&str], put_args: &[&str], good: Value, bad: Value, code: &str) {
    let env = Env::with_service(100, setup);
    let r = env.put(&good, put_args);
    assert_eq!(r.code, 0, "valid change refused: {}", r.stderr);

    let env = Env::with_service(100, setup);
    let (state, history) = (env.state(), env.history());
    let r = env.put(&bad, put_args);
    assert_eq!(r.code, 1, "invalid change accepted: {}", r.stdout);
    assert!(
        r.stderr.contains(&format!("[{code}]")),
        "expected {code}:\n{}",
        r.stderr
    );
    assert_eq!(env.state(), state, "a rejected change altered the state");
    assert_eq!(
        env.history(),
        history,
        "a rejected change altered the history"
    );
}

#[test]
fn l2_belongs_to_the_l1() {
    check(
        &[],
        &[],
        json!([in_progress(100)]),
        json!([with(in_progress(100), "l2", json!("legal-regulatory"))]),
        "l2-not-in-l1",
    );
}

#[test]
fn l3_belongs_to_the_l2() {
    check(
        &[],
        &[],
        json!([blocked(100)]),
        json!([with(blocked(100), "l3", json!("slack"))]),
        "l3-not-in-l2",
    );
}

#[test]
fn l3_applies_to_the_service() {
    check(
        &[],
        &[],
        json!([with(blocked(100), "l3", json!("vdi"))]),
        json!([with(
            blocked(100),
            "l3",
            json!("opp-package-deployment-solution")
        )]),
        "l3-not-for-service",
    );
}

#[test]
fn duplicate_invalid_has_no_l2() {
    check(
        &[],
        &[],
        json!([invalid(100)]),
        json!([with(invalid(100), "l2", json!("migration"))]),
        "l2-not-allowed",
    );
}

#[test]
fn duplicate_invalid_has_no_l3() {
    check(
        &[],
        &[],
        json!([invalid(100)]),
        json!([with(invalid(100), "l3", json!("other"))]),
        "l3-not-allowed",
    );
}

#[test]
fn l2_is_required_for_blocked_no_intent_and_status_unknown() {
    for row in [blocked(100), no_intent(100), unknown(100)] {
        let bare = with(with(row.clone(), "l2", Value::Null), "l3", Value::Null);
        check(&[], &[], json!([row]), json!([bare]), "l2-required");
    }
}

#[test]
fn in_progress_requires_a_target_date() {
    check(
        &[],
        &[],
        json!([in_progress(100)]),
        json!([with(in_progress(100), "target_date", Value::Null)]),
        "target-date-required",
    );
}

#[test]
fn blocked_in_delivery_requires_the_projected_unblock_date() {
    check(
        &["--scenario", "delivery"],
        &[],
        json!([blocked(100)]),
        json!([with(blocked(100), "target_date", Value::Null)]),
        "target-date-required",
    );
}

#[test]
fn no_target_date_for_status_unknown_no_intent_and_duplicate_invalid() {
    for row in [unknown(100), no_intent(100), invalid(100)] {
        check(
            &[],
            &[],
            json!([row.clone()]),
            json!([with(row, "target_date", json!("2030-01-01"))]),
            "target-date-not-allowed",
        );
    }
}

#[test]
fn blocked_in_assignment_has_no_target_date_but_a_kickoff() {
    let assignment = |r: Value| {
        with(
            with(r, "next_action", json!("Kickoff meeting")),
            "next_action_date",
            json!("2030-01-10"),
        )
    };
    let good = assignment(with(blocked(100), "target_date", Value::Null));
    check(
        &["--scenario", "assignment"],
        &[],
        json!([good.clone()]),
        json!([assignment(blocked(100))]),
        "target-date-not-allowed",
    );
    check(
        &["--scenario", "assignment"],
        &[],
        json!([good.clone()]),
        json!([with(good.clone(), "next_action", Value::Null)]),
        "next-action-required",
    );
    check(
        &["--scenario", "assignment"],
        &[],
        json!([good.clone()]),
        json!([with(good, "next_action_date", Value::Null)]),
        "next-action-date-required",
    );
}

#[test]
fn no_owner_on_in_progress() {
    check(
        &[],
        &[],
        json!([in_progress(100)]),
        json!([with(in_progress(100), "owner", json!("Account Team"))]),
        "owner-not-allowed",
    );
}

#[test]
fn owner_required_on_blocked_and_no_intent() {
    for row in [blocked(100), no_intent(100)] {
        check(
            &[],
            &[],
            json!([row.clone()]),
            json!([with(row, "owner", Value::Null)]),
            "owner-required",
        );
    }
}

#[test]
fn every_row_needs_a_note() {
    check(
        &[],
        &[],
        json!([unknown(100)]),
        json!([with(unknown(100), "note", json!("  "))]),
        "note-required",
    );
}

#[test]
fn who_updates_follows_the_scenario() {
    let env = Env::with_service(100, &["--scenario", "assignment"]);
    assert_eq!(
        env.put(&json!([in_progress(100)]), &["--role", "assignment-fm"])
            .code,
        0
    );
    let env = Env::with_service(100, &["--scenario", "assignment"]);
    let r = env.put(&json!([in_progress(100)]), &["--role", "delivery-fm"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("[updater-not-allowed]"), "{}", r.stderr);
    let env = Env::with_service(100, &["--scenario", "delivery"]);
    assert_eq!(
        env.put(&json!([in_progress(100)]), &["--role", "delivery-fm"])
            .code,
        0
    );
    let r = env.put(&json!([blocked(100)]), &["--role", "assignment-fm"]);
    assert!(r.stderr.contains("[updater-not-allowed]"), "{}", r.stderr);
    let r = env.put(&json!([blocked(100)]), &["--role", "account-team"]);
    assert!(r.stderr.contains("[updater-not-allowed]"), "{}", r.stderr);
}

#[test]
fn target_date_not_before_the_engagement_start() {
    check(
        &["--engagement-start-date", "2030-01-01"],
        &[],
        json!([in_progress(100)]),
        json!([with(in_progress(100), "target_date", json!("2029-12-31"))]),
        "target-date-before-engagement-start",
    );
}

#[test]
fn a_new_target_date_is_not_in_the_past() {
    check(
        &[],
        &[],
        json!([in_progress(100)]),
        json!([with(in_progress(100), "target_date", json!("2020-01-01"))]),
        "target-date-in-past",
    );
}

#[test]
fn row_counts_add_up_to_the_total() {
    check(
        &[],
        &[],
        json!([in_progress(95), blocked(5)]),
        json!([in_progress(95), blocked(4)]),
        "entitlements-sum-mismatch",
    );
}

#[test]
fn no_two_rows_with_the_same_l1_l2_l3() {
    check(
        &[],
        &[],
        json!([in_progress(60), blocked(40)]),
        json!([in_progress(60), in_progress(40)]),
        "duplicate-row",
    );
}

#[test]
fn same_l1_with_different_reasons_may_split_a_service() {
    let other = with(blocked(30), "l3", json!("identity"));
    let env = Env::with_service(100, &[]);
    assert_eq!(
        env.put(&json!([in_progress(40), blocked(30), other]), &[])
            .code,
        0
    );
    assert_eq!(env.state()["rows"].as_array().unwrap().len(), 3);
}

#[test]
fn service_status_needs_in_progress_seats() {
    check(
        &[],
        &["--service-status", "enable"],
        json!([in_progress(100)]),
        json!([blocked(100)]),
        "service-status-without-in-progress",
    );
}

#[test]
fn engagement_scenario_is_kept_while_blocked_in_delivery() {
    let env = Env::with_service(100, &["--scenario", "delivery"]);
    env.put_ok(&json!([blocked(100)]), "anna");
    let r = env.run(
        &[
            "entitlement",
            "set",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--engagement-scenario",
            "ftc-css-led",
            "--as",
            "anna",
        ],
        None,
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("[engagement-scenario-locked]"),
        "{}",
        r.stderr
    );
    env.put_ok(&json!([in_progress(100)]), "anna");
    env.ok(
        &[
            "entitlement",
            "set",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--engagement-scenario",
            "ftc-css-led",
            "--as",
            "anna",
        ],
        None,
    );
}

#[test]
fn fewer_seats_than_classified_are_refused() {
    let env = Env::with_service(100, &[]);
    env.put_ok(&json!([in_progress(80), unknown(20)]), "anna");
    env.set_total("teams", 85);
    let r = env.run(
        &[
            "entitlement",
            "set",
            "--tenant",
            TENANT,
            "--service",
            "teams",
            "--total",
            "70",
            "--as",
            "anna",
        ],
        None,
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("[total-below-classified]"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_json_keys_and_bad_values_name_row_field_and_value() {
    let env = Env::with_service(100, &[]);
    let r = env.put(&json!([in_progress(50), {"l1": "blocked", "entitlments": 50, "target_date": "31.12.2030"}]), &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("Row 2: “entitlments” is not a field of a status row"),
        "{}",
        r.stderr
    );
    let r = env.put(
        &json!([
            in_progress(50),
            with(blocked(50), "target_date", json!("31.12.2030"))
        ]),
        &[],
    );
    assert!(
        r.stderr
            .contains("Row 2, target date (target_date): “31.12.2030” is not a date"),
        "{}",
        r.stderr
    );
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
        Some("[{"),
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not valid JSON"), "{}", r.stderr);
}

#[test]
fn names_in_any_language_are_accepted_and_stored_as_codes() {
    let env = Env::with_service(100, &[]);
    let row = json!({"l1": "Blockiert", "l2": "Partnerunterstützung", "l3": "Partner Unresponsive", "entitlements": 100,
                     "owner": "Account Team", "note": "Partner antwortet seit drei Wochen nicht"});
    env.ok(
        &[
            "status",
            "put",
            "--tenant",
            "Contoso GmbH",
            "--service",
            "Microsoft Teams",
            "--as",
            "anna",
        ],
        Some(&json!([row]).to_string()),
    );
    let rows = &env.state()["rows"];
    assert_eq!(rows[0]["l2"], "partner-engagement");
    assert_eq!(rows[0]["l3"], "partner-unresponsive");
}

#[test]
fn usage_errors_exit_2_and_unknown_tenants_exit_1() {
    let env = Env::with_service(100, &[]);
    assert_eq!(
        env.run(&["status", "put", "--tenant", TENANT], None).code,
        2
    );
    assert_eq!(
        env.run(
            &[
                "entitlement",
                "set",
                "--tenant",
                TENANT,
                "--service",
                "teams",
                "--scenario",
                "later",
                "--as",
                "a"
            ],
            None
        )
        .code,
        2
    );
    let r = env.run(
        &[
            "status",
            "show",
            "--tenant",
            "Nobody Inc",
            "--service",
            "teams",
        ],
        None,
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("no tenant has the id or name “Nobody Inc”"),
        "{}",
        r.stderr
    );
    let r = env.run(
        &[
            "status",
            "show",
            "--tenant",
            TENANT,
            "--service",
            "exchange",
        ],
        None,
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("entrack entitlement set"), "{}", r.stderr);
}
