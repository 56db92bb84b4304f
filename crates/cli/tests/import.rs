//! `entrack import`: real-world files (BOM, `;`, CRLF, quoted newlines, German and US dates,
//! localised labels, XLSX written by LibreOffice), dry runs, errors, all-or-nothing,
//! idempotence and undo — through the binary.

mod common;

use common::Env;
use std::path::{Path, PathBuf};

const T1: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
const T2: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

/// The reference file: codes, `,`, LF, ISO dates.
fn reference() -> String {
    format!(
        "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n\
         {T1},Contoso GmbH,exchange,100,in-progress,migration,,60,2027-03-31,,\"Pilot done,\nwave 2 planned\",Kickoff meeting,2027-01-15\n\
         {T1},Contoso GmbH,exchange,100,blocked,legal-regulatory,,40,2027-06-30,Account Team,Works council review,,\n\
         {T1},Contoso GmbH,teams,50,status-unknown,customer-unresponsive,,50,,,No answer after 3 calls,,\n\
         {T2},Fabrikam Inc.,intune,20,status-unknown,customer-unresponsive,,20,,@attacker,=SUM(1+2) no answer after 3 calls because the IT lead left,,\n"
    )
}

/// The same content as German Excel writes it: BOM, `;`, CRLF, dd.mm.yyyy, German headers
/// and names, a service alias.
fn german() -> Vec<u8> {
    let text = format!(
        "Mandanten-ID;Mandantenname;Dienst;Gesamtzahl der Lizenzen;L1;L2;L3;Lizenzen;Zieldatum;Inhaber;Notiz;Nächste Aktion;Nächstes Aktionsdatum\r\n\
         {T1};Contoso GmbH;EXO;100;In Bearbeitung;Migration;;60;31.03.2027;;\"Pilot done,\r\nwave 2 planned\";Kickoff meeting;15.01.2027\r\n\
         {T1};Contoso GmbH;EXO;100;Blockiert;Gesetzlich/Regulatorisch;;40;30.06.2027;Account Team;Works council review;;\r\n\
         {T1};Contoso GmbH;Microsoft Teams;50;Unbekannter Status;Kunde reagiert nicht;;50;;;No answer after 3 calls;;\r\n\
         {T2};Fabrikam Inc.;intune;20;unbekannter   STATUS;kunde reagiert nicht;;20;;@attacker;=SUM(1+2) no answer after 3 calls because the IT lead left;;\r\n\r\n;;;;;;;;;;;;\r\n"
    );
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// US dates with Spanish and Chinese names.
fn us() -> String {
    format!(
        "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n\
         {T1},Contoso GmbH,Exchange,100,En curso,Migración,,60,3/31/2027,,\"Pilot done,\nwave 2 planned\",Kickoff meeting,1/15/2027\n\
         {T1},Contoso GmbH,Exchange,100,受阻,法律/法规,,40,6/30/2027,Account Team,Works council review,,\n\
         {T1},Contoso GmbH,teams,50,Estado desconocido,El cliente no responde,,50,,,No answer after 3 calls,,\n\
         {T2},Fabrikam Inc.,intune,20,状态未知,客户无响应,,20,,@attacker,=SUM(1+2) no answer after 3 calls because the IT lead left,,\n"
    )
}

fn write(env: &Env, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = env.dir.path().join(name);
    std::fs::write(&p, bytes).expect("write file");
    p
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The whole store as a CSV export (the state users compare).
fn dump(env: &Env) -> String {
    let out = env.dir.path().join("dump.csv");
    env.ok(&["export", path(&out)], None);
    std::fs::read_to_string(out).expect("read dump")
}

/// The batch id an import prints ("Written as batch ID (undo with …)").
fn batch_of(stdout: &str) -> String {
    stdout
        .split("batch ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .expect("a batch id")
        .to_string()
}

fn events(env: &Env) -> usize {
    env.history().as_array().expect("array").len()
}

fn import(env: &Env, file: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["import", path(file), "--as", "anna"];
    args.extend_from_slice(extra);
    env.run(&args, None)
}

#[test]
fn real_world_csv_variants_import_to_the_same_state() {
    let a = Env::new();
    let f = write(&a, "ref.csv", reference());
    let r = import(&a, &f, &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("4 rows read: 2 tenants and 3 services created"),
        "{}",
        r.stdout
    );
    let expected = dump(&a);
    assert!(
        expected.contains("\"Pilot done,\nwave 2 planned\""),
        "{expected}"
    );

    for (name, bytes) in [("de.csv", german()), ("us.csv", us().into_bytes())] {
        let b = Env::new();
        let f = write(&b, name, &bytes);
        let r = import(&b, &f, &[]);
        assert_eq!(r.code, 0, "{name}: {}{}", r.stdout, r.stderr);
        assert_eq!(dump(&b), expected, "{name} imports to another state");
    }
}

#[test]
fn history_records_the_import_and_its_batch() {
    let env = Env::new();
    let f = write(&env, "ref.csv", reference());
    import(&env, &f, &[]);
    let h = env.history();
    let all = h.as_array().unwrap();
    // 2 tenants and 3 services.
    assert_eq!(all.len(), 5);
    let batch = all[0]["batch"].as_str().expect("batch id").to_string();
    for e in all {
        assert_eq!(e["source"], "import");
        assert_eq!(e["batch"], batch.as_str());
        assert_eq!(e["actor"], "anna");
    }
    let b = env.ok(&["--format", "json", "import", "batches"], None);
    assert!(
        b.stdout.contains(&batch) && b.stdout.contains("\"events\": \"5\""),
        "{}",
        b.stdout
    );
}

#[test]
fn importing_the_same_file_twice_writes_nothing_the_second_time() {
    let env = Env::new();
    let f = write(&env, "ref.csv", reference());
    import(&env, &f, &[]);
    let before = (dump(&env), events(&env));
    let r = import(&env, &f, &[]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("3 unchanged") && r.stdout.contains("Nothing was written"),
        "{}",
        r.stdout
    );
    assert_eq!((dump(&env), events(&env)), before);
    // The German file holds the same: also nothing.
    let g = write(&env, "de.csv", german());
    let r = import(&env, &g, &[]);
    assert!(r.stdout.contains("3 unchanged"), "{}", r.stdout);
    assert_eq!(events(&env), before.1);
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let env = Env::new();
    env.ok(&["init"], None);
    let f = write(&env, "ref.csv", reference());
    let r = import(&env, &f, &["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("2 tenants and 3 services created"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Dry run"), "{}", r.stdout);
    assert_eq!(events(&env), 0);
    assert!(
        env.ok(&["tenant", "list", "--format", "json"], None)
            .stdout
            .trim()
            == "[]"
    );
}

fn with_errors() -> String {
    reference()
        + &format!(
            "{T2},Fabrikam Inc.,teams,10,blockiert,,,10,,Account Team,Works council stopped the rollout until the privacy review ends,,\n\
             {T2},Fabrikam Inc.,yammer,5,in-progress,,,5,2020-01-01,,Pilot with 40 users done because the partner started early,,\n\
             {T2},Fabrikam Inc.,nosuchservice,5,in-progress,,,5,2027-01-01,,x,,\n"
        )
}

#[test]
fn errors_name_row_column_value_and_rule_and_nothing_is_written() {
    let env = Env::new();
    env.ok(&["init"], None);
    let f = write(&env, "bad.csv", with_errors());
    let errs = env.dir.path().join("errors.csv");
    let r = import(&env, &f, &["--errors", path(&errs)]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // Rows as a spreadsheet numbers them: the quoted two-line note is one row.
    assert!(
        r.stderr.contains("row 6, l2: ") && r.stderr.contains("[l2-required]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("row 7, target_date (“2020-01-01”)")
            && r.stderr.contains("[target-date-in-past]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("row 8, service (“nosuchservice”)")
            && r.stderr.contains("[unknown-service]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout
            .contains("Nothing was written because of the errors"),
        "{}",
        r.stdout
    );
    assert_eq!(events(&env), 0);
    let csv = std::fs::read_to_string(&errs).unwrap();
    assert!(csv.starts_with("row,column,value,code,message\n"), "{csv}");
    assert!(
        csv.contains("7,target_date,2020-01-01,target-date-in-past,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 4, "{csv}");

    // In German, with the file's own column names.
    let g = env.run(&["--lang", "de", "import", path(&f), "--as", "anna"], None);
    assert!(g.stderr.contains("Zeile 7, target_date"), "{}", g.stderr);
    assert!(g.stdout.contains("nichts gespeichert"), "{}", g.stdout);
}

#[test]
fn skip_invalid_imports_the_valid_services_and_reports_the_rest() {
    let env = Env::new();
    let f = write(&env, "bad.csv", with_errors());
    let r = import(&env, &f, &["--skip-invalid"]);
    assert_eq!(r.code, 1, "rejected rows still make the exit status 1");
    assert!(
        r.stdout.contains("3 services created") && r.stdout.contains("3 rejected"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Written as batch"), "{}", r.stdout);
    let state = dump(&env);
    assert!(
        state.contains("exchange") && !state.contains("yammer"),
        "{state}"
    );
}

#[test]
fn rows_of_a_service_must_be_together_and_dates_of_one_format() {
    let env = Env::new();
    let split = format!(
        "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n\
         {T1},Contoso,exchange,2,status-unknown,customer-unresponsive,,1,,,No answer after 3 calls by mail and phone,,\n\
         {T1},Contoso,teams,1,status-unknown,customer-unresponsive,,1,,,No answer after 4 calls by mail and phone,,\n\
         {T1},Contoso,exchange,2,in-progress,migration,,1,31.12.2027,,Mailboxes move in waves because the partner works per site,,\n\
         {T1},Contoso,teams,1,status-unknown,customer-unresponsive,,1,,,No answer after 5 calls by mail and phone,Call,12/31/2027\n"
    );
    let f = write(&env, "split.csv", split);
    let r = import(&env, &f, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("row 4, service")
            && r.stderr.contains("first seen at row 2")
            && r.stderr.contains("[service-rows-split]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("row 5, next_action_date (“12/31/2027”)")
            && r.stderr.contains("[mixed-date-formats]"),
        "{}",
        r.stderr
    );
    // Forcing a format reads 31/12/2027 as a day-first date.
    let uk = format!(
        "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n\
         {T1},Contoso,exchange,1,in-progress,migration,,1,31/12/2027,,Mailboxes move in waves because the partner works per site,,\n"
    );
    let f = write(&env, "uk.csv", uk);
    assert_eq!(import(&env, &f, &[]).code, 1, "31/12/2027 is no US date");
    let r = import(&env, &f, &["--date-format", "d/m/yyyy"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dump(&env).contains("2027-12-31"));
}

#[test]
fn undo_restores_the_state_before_the_batch_as_new_events() {
    let env = Env::new();
    let f = write(&env, "ref.csv", reference());
    import(&env, &f, &[]);
    let after_first = dump(&env);
    let changed = reference().replace("No answer after 3 calls", "No answer after 4 calls");
    let f2 = write(&env, "changed.csv", changed);
    let r = import(&env, &f2, &[]);
    assert!(r.stdout.contains("1 services changed"), "{}", r.stdout);
    let batch = batch_of(&r.stdout);
    let n = events(&env);
    let u = env.ok(&["import", "undo", &batch, "--as", "ben"], None);
    assert!(u.stdout.contains("1 services restored"), "{}", u.stdout);
    assert_eq!(dump(&env), after_first);
    assert_eq!(events(&env), n + 1, "the undo is a new event");
    // Once undone, never twice.
    let again = env.run(&["import", "undo", &batch, "--as", "ben"], None);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("[batch-already-undone]"),
        "{}",
        again.stderr
    );
    // The first import's services changed since (the change and its undo): refused.
    let first = env.ok(&["--format", "csv", "import", "batches"], None);
    let first_id = first
        .stdout
        .lines()
        .last()
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    let u = env.run(&["import", "undo", &first_id, "--as", "ben"], None);
    assert!(
        u.stderr
            .contains("teams changed after the batch (now version 3, the batch left version 1)"),
        "{}",
        u.stderr
    );
}

#[test]
fn undoing_a_creating_import_removes_its_tenants_and_undoing_that_brings_them_back() {
    let env = Env::new();
    let f = write(&env, "ref.csv", reference());
    let r = import(&env, &f, &[]);
    let batch = batch_of(&r.stdout);
    let full = dump(&env);
    let u = env.ok(&["import", "undo", &batch, "--as", "ben"], None);
    assert!(
        u.stdout.contains("3 services and 2 tenants removed"),
        "{}",
        u.stdout
    );
    assert_eq!(dump(&env).lines().count(), 1, "only the header is left");
    assert!(
        env.ok(&["tenant", "list", "--format", "json"], None)
            .stdout
            .trim()
            == "[]"
    );
    let undo_id = u
        .stdout
        .split("as batch ")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .to_string();
    env.ok(&["import", "undo", &undo_id, "--as", "ben"], None);
    assert_eq!(dump(&env), full);
    // Importing the file once more finds everything in place.
    let again = import(&env, &f, &[]);
    assert!(again.stdout.contains("3 unchanged"), "{}", again.stdout);
}

#[test]
fn undo_is_refused_when_the_batch_changed_since() {
    let env = Env::new();
    let f = write(&env, "ref.csv", reference());
    let r = import(&env, &f, &[]);
    let batch = batch_of(&r.stdout);
    let later = reference().replace("No answer after 3 calls", "Answered at last");
    import(&env, &write(&env, "later.csv", later), &[]);
    let before = (dump(&env), events(&env));
    let u = env.run(&["import", "undo", &batch, "--as", "ben"], None);
    assert_eq!(u.code, 1);
    assert!(
        u.stderr.contains("[changed-since-batch]") && u.stderr.contains("teams"),
        "{}",
        u.stderr
    );
    assert_eq!((dump(&env), events(&env)), before);
    let unknown = env.run(&["import", "undo", "no-such-batch", "--as", "ben"], None);
    assert!(
        unknown.stderr.contains("[unknown-batch]"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn an_xlsx_written_by_libreoffice_imports_like_its_csv() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/libreoffice-status.xlsx");
    let env = Env::new();
    let r = import(&env, &fixture, &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let csv = Env::new();
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/libreoffice-status.csv");
    assert_eq!(import(&csv, &source, &[]).code, 0);
    assert_eq!(dump(&env), dump(&csv));
}

#[test]
fn errors_in_a_changed_service_name_the_files_own_columns() {
    let env = Env::new();
    import(&env, &write(&env, "ref.csv", reference()), &[]);
    // The German file again, with Exchange's target date moved into the past.
    let bad = String::from_utf8(german())
        .unwrap()
        .replace("31.03.2027", "31.03.2020");
    let r = import(&env, &write(&env, "de.csv", bad), &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("row 2, Zieldatum (“2020-03-31”)")
            && r.stderr.contains("[target-date-in-past]"),
        "{}",
        r.stderr
    );
}

/// German dates, so the file's date format is found in its first service.
fn dotted() -> String {
    format!(
        "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n\
         {T1},Contoso,exchange,2,in-progress,migration,,2,31.12.2027,,Mailboxes move in waves because the partner works per site,,\n\
         {T1},Contoso,teams,1,status-unknown,customer-unresponsive,,1,,,No answer after 3 calls by mail and phone,,\n\
         {T2},Fabrikam,intune,5,status-unknown,customer-unresponsive,,5,,,No answer after 4 calls by mail and phone,Call,15.01.2027\n"
    )
}

#[test]
fn a_service_is_skipped_unread_only_while_it_is_what_the_same_rows_made_it() {
    let env = Env::new();
    let f = write(&env, "dotted.csv", dotted());
    assert_eq!(import(&env, &f, &[]).code, 0);
    let imported = dump(&env);
    let written = events(&env);

    // Changed since by another file: the same rows again change it back.
    let other = dotted().replace("No answer after 3 calls", "No answer after 9 calls");
    let o = write(&env, "other.csv", other);
    let r = import(&env, &o, &[]);
    assert!(
        r.stdout.contains("1 services changed, 2 unchanged"),
        "{}",
        r.stdout
    );
    let r = import(&env, &f, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("1 services changed, 2 unchanged"),
        "{}",
        r.stdout
    );
    assert_eq!(dump(&env), imported);
    let written = written + 2;
    assert_eq!(events(&env), written);

    // Rows of a service that came earlier are refused, though the earlier ones are the
    // stored ones.
    let split = format!(
        "{}{T1},Contoso,exchange,2,in-progress,migration,,2,31.12.2027,,Mailboxes move in waves because the partner works per site,,\n",
        dotted()
    );
    let s = write(&env, "split.csv", split);
    let r = import(&env, &s, &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains("row 5, service")
            && r.stderr.contains("first seen at row 2")
            && r.stderr.contains("[service-rows-split]"),
        "{}",
        r.stderr
    );

    // The date format found in a stored service still rules the file's later dates.
    let mixed = format!(
        "{}{T2},Fabrikam,teams,1,status-unknown,customer-unresponsive,,1,,,No answer after 5 calls by mail and phone,Call,12/31/2027\n",
        dotted()
    );
    let m = write(&env, "mixed.csv", mixed);
    let r = import(&env, &m, &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains("row 5, next_action_date (“12/31/2027”)")
            && r.stderr.contains("dd.mm.yyyy, first seen at row 2")
            && r.stderr.contains("[mixed-date-formats]"),
        "{}",
        r.stderr
    );

    // The same rows read with another date format are other rows: here, not dates at all.
    let r = import(&env, &f, &["--date-format", "d/m/yyyy"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains("row 2, target_date (“31.12.2027”)")
            && r.stderr.contains("[invalid-date]"),
        "{}",
        r.stderr
    );

    // Columns in another order: read, found equal, nothing written.
    let swapped: String = dotted()
        .lines()
        .map(|l| {
            let mut c: Vec<&str> = l.split(',').collect();
            c.swap(9, 11);
            c.join(",") + "\n"
        })
        .collect();
    let w = write(&env, "swapped.csv", swapped);
    let r = import(&env, &w, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("3 unchanged"), "{}", r.stdout);
    assert_eq!((dump(&env), events(&env)), (imported, written));
}

/// On PostgreSQL an import numbers its events and tenants in blocks, drawn beside its
/// transaction by stepping the sequence once. While another transaction that drew from the
/// sequence is still open, the import neither waits for it nor fails: it draws its numbers
/// one by one. Either way the sequences step by one again afterwards, and what is written
/// next is numbered after everything the imports wrote.
#[test]
fn an_import_on_postgresql_numbers_in_blocks_and_waits_for_no_open_transaction() {
    let Some(env) = Env::postgres() else {
        return;
    };
    let url = env.scratch.as_ref().expect("a schema").url.clone();
    env.ok(&["tenant", "list"], None);
    let mut holder = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    let mut open = holder.transaction().expect("begin");
    open.query(
        "SELECT nextval('events_seq'), nextval('tenants_tenant_no_seq')",
        &[],
    )
    .expect("draw");
    let first = write(&env, "first.csv", reference());
    env.ok(&["import", path(&first), "--as", "bulk", "--quiet"], None);
    open.commit().expect("commit");

    const T3: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    let second = write(
        &env,
        "second.csv",
        format!(
            "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n\
             {T3},Northwind,teams,30,status-unknown,customer-unresponsive,,30,,,No answer after 3 calls,,\n\
             {T3},Northwind,exchange,10,in-progress,migration,,10,2027-03-31,,Pilot with 10 users done,,\n"
        ),
    );
    env.ok(&["import", path(&second), "--as", "bulk", "--quiet"], None);
    env.put_ok(
        &serde_json::json!([{"l1": "in-progress", "l2": "migration", "entitlements": 50,
            "target_date": "2027-05-31", "note": "Wave 1 of the mailbox migration is scheduled"}]),
        "fm@example.com",
    );

    let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    let steps: Vec<i64> = c
        .query(
            "SELECT increment_by FROM pg_sequences WHERE schemaname = current_schema()
               AND sequencename IN ('events_seq', 'tenants_tenant_no_seq')",
            &[],
        )
        .expect("sequences")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(steps, vec![1, 1]);
    let r = c
        .query_one(
            "SELECT (SELECT max(seq) FROM events),
                    (SELECT e.seq FROM events e JOIN event_meta m USING (meta_no)
                      WHERE m.source <> 'import' ORDER BY e.seq DESC LIMIT 1),
                    (SELECT count(*) FROM events e JOIN event_meta m USING (meta_no)
                      WHERE m.source = 'import'),
                    (SELECT count(DISTINCT tenant_no) FROM tenants)",
            &[],
        )
        .expect("numbers");
    let (max, put, imported, tenants): (i64, i64, i64, i64) =
        (r.get(0), r.get(1), r.get(2), r.get(3));
    assert_eq!(put, max, "the put's event is numbered after the imports'");
    assert_eq!(tenants, 3);
    // Two tenants and three services, then a tenant and two services.
    assert_eq!(imported, 8);
    let history = env.history();
    assert_eq!(history.as_array().expect("events").len(), 9);
}
