//! Organisations, users, API tokens and assignments from the command line, and the
//! principal a CLI change runs as once a store has users.

use crate::args::{AssignCommand, Format, OrgCommand, TokenCommand, UserCommand};
use crate::output::{json, print_records};
use crate::Failure;
use entrack_core::messages::text;
use entrack_core::{Lang, Role};
use entrack_store::accounts::{Assignment, NewUser, Org, User};
use entrack_store::ops::{self, Principal};
use entrack_store::{Store, DEFAULT_ORG};
use std::io::BufRead;

type Res = Result<(), Failure>;

fn store_err(lang: Lang) -> impl Fn(entrack_store::StoreError) -> Failure {
    move |e| Failure::from_store(e, lang)
}

/// The principal of a CLI change: `None` (the local operator, with `--role` if given)
/// while the store has no users; afterwards the user named by `--as`, whose role and
/// assignments decide, as they do over HTTP.
pub fn principal(
    store: &dyn Store,
    actor: &str,
    role: Option<Role>,
    lang: Lang,
) -> Result<Option<Principal>, Failure> {
    if store.count_users().map_err(store_err(lang))? == 0 {
        return Ok(None);
    }
    let user = store
        .user_by_name(actor.trim())
        .map_err(store_err(lang))?
        .filter(|u| !u.disabled)
        .ok_or_else(|| {
            Failure::Usage(text(
                lang,
                "cli-unknown-user",
                &[("user", actor.trim().to_string())],
            ))
        })?;
    if role.is_some_and(|r| r != user.role) {
        return Err(Failure::Usage(text(
            lang,
            "cli-role-from-account",
            &[
                ("user", user.username.clone()),
                ("role", user.role.code().to_string()),
            ],
        )));
    }
    Ok(Some(Principal::of(&user)))
}

fn find_org(store: &dyn Store, key: Option<&str>, lang: Lang) -> Result<Org, Failure> {
    let orgs = store.orgs().map_err(store_err(lang))?;
    let found = match key.map(str::trim) {
        None => orgs.into_iter().find(|o| o.id == DEFAULT_ORG),
        Some(k) => orgs
            .into_iter()
            .find(|o| o.name.eq_ignore_ascii_case(k) || o.id.to_string() == k),
    };
    found.ok_or_else(|| {
        Failure::Refused(text(
            lang,
            "cli-unknown-org",
            &[("org", key.unwrap_or("").to_string())],
        ))
    })
}

fn find_user(store: &dyn Store, name: &str, lang: Lang) -> Result<User, Failure> {
    store
        .user_by_name(name.trim())
        .map_err(store_err(lang))?
        .ok_or_else(|| {
            Failure::Refused(text(
                lang,
                "cli-unknown-user",
                &[("user", name.trim().to_string())],
            ))
        })
}

/// One line of standard input, without its line end.
fn read_password(lang: Lang) -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::Environment(e.to_string()))?;
    let pw = line.strip_suffix('\n').unwrap_or(&line);
    let pw = pw.strip_suffix('\r').unwrap_or(pw).to_string();
    if pw.is_empty() {
        return Err(Failure::Usage(text(lang, "cli-password-empty", &[])));
    }
    Ok(pw)
}

fn hash(pw: &str, username: &str, lang: Lang) -> Result<String, Failure> {
    if let Some(why) = entrack_web::auth::password_problem(pw, username) {
        return Err(Failure::Refused(text(
            lang,
            "api-password-weak",
            &[("detail", why)],
        )));
    }
    entrack_web::auth::hash_password(pw).map_err(Failure::Environment)
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn user_rows(users: &[User], orgs: &[Org]) -> Vec<Vec<String>> {
    users
        .iter()
        .map(|u| {
            vec![
                u.id.to_string(),
                u.username.clone(),
                u.display_name.clone(),
                u.role.code().to_string(),
                orgs.iter()
                    .find(|o| o.id == u.org)
                    .map(|o| o.name.clone())
                    .unwrap_or_else(|| u.org.to_string()),
                yes_no(u.password_hash.is_some()),
                yes_no(u.disabled),
            ]
        })
        .collect()
}

pub fn org_cmd(store: &dyn Store, c: OrgCommand, format: Format, lang: Lang) -> Res {
    match c {
        OrgCommand::Add { name } => {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
                return Err(Failure::Usage(text(lang, "cli-bad-name", &[])));
            }
            let o = store.create_org(name).map_err(store_err(lang))?;
            println!(
                "{}",
                text(
                    lang,
                    "cli-org-added",
                    &[("org", o.name), ("id", o.id.to_string())]
                )
            );
        }
        OrgCommand::List => {
            let orgs = store.orgs().map_err(store_err(lang))?;
            let rows: Vec<Vec<String>> = orgs
                .iter()
                .map(|o| {
                    let notes = if o.allow_poor_notes {
                        "allow"
                    } else {
                        "refuse"
                    };
                    vec![o.id.to_string(), o.name.clone(), notes.to_string()]
                })
                .collect();
            print_records(
                format,
                &["id", "name", "poor_notes"],
                &[
                    "id".to_string(),
                    "name".to_string(),
                    "poor_notes".to_string(),
                ],
                &rows,
            )?;
        }
        OrgCommand::Set { org, poor_notes } => {
            let o = find_org(store, Some(&org), lang)?;
            let allow = poor_notes == "allow";
            store
                .set_allow_poor_notes(o.id, allow)
                .map_err(store_err(lang))?;
            let key = if allow {
                "cli-org-poor-notes-allowed"
            } else {
                "cli-org-poor-notes-refused"
            };
            println!("{}", text(lang, key, &[("org", o.name)]));
        }
    }
    Ok(())
}

pub fn user_cmd(store: &dyn Store, c: UserCommand, format: Format, lang: Lang) -> Res {
    match c {
        UserCommand::Add {
            username,
            role,
            org,
            name,
            password_stdin,
        } => {
            let username = username.trim().to_string();
            if !entrack_web::account::valid_username(&username) {
                return Err(Failure::Usage(text(lang, "cli-bad-username", &[])));
            }
            let org = find_org(store, org.as_deref(), lang)?;
            let password_hash = if password_stdin {
                Some(hash(&read_password(lang)?, &username, lang)?)
            } else {
                None
            };
            let u = store
                .create_user(&NewUser {
                    org: org.id,
                    display_name: name.unwrap_or_else(|| username.clone()).trim().to_string(),
                    username,
                    role,
                    password_hash,
                })
                .map_err(store_err(lang))?;
            println!(
                "{}",
                text(
                    lang,
                    "cli-user-added",
                    &[
                        ("user", u.username),
                        ("role", u.role.code().to_string()),
                        ("org", org.name)
                    ]
                )
            );
        }
        UserCommand::List { org } => {
            let orgs = store.orgs().map_err(store_err(lang))?;
            let org = org.map(|o| find_org(store, Some(&o), lang)).transpose()?;
            let users = store.users(org.map(|o| o.id)).map_err(store_err(lang))?;
            let cols = [
                "id",
                "username",
                "display_name",
                "role",
                "organisation",
                "password",
                "disabled",
            ];
            print_records(
                format,
                &cols,
                &cols.map(String::from),
                &user_rows(&users, &orgs),
            )?;
        }
        UserCommand::Passwd { username } => {
            let u = find_user(store, &username, lang)?;
            let h = hash(&read_password(lang)?, &u.username, lang)?;
            store.set_password(u.id, &h).map_err(store_err(lang))?;
            println!(
                "{}",
                text(lang, "cli-password-set", &[("user", u.username)])
            );
        }
        UserCommand::Disable { ref username } | UserCommand::Enable { ref username } => {
            let disable = matches!(c, UserCommand::Disable { .. });
            let username = username.clone();
            let u = find_user(store, &username, lang)?;
            store.set_disabled(u.id, disable).map_err(store_err(lang))?;
            let key = if disable {
                "cli-user-disabled"
            } else {
                "cli-user-enabled"
            };
            println!("{}", text(lang, key, &[("user", u.username)]));
        }
        UserCommand::RemoveMfa { username } => {
            let u = find_user(store, &username, lang)?;
            store.remove_factor(u.id).map_err(store_err(lang))?;
            // Sessions end as with a new password: whoever held the lost device is out.
            let live = store
                .user_sessions(u.id, jiff::Timestamp::now())
                .map_err(store_err(lang))?;
            for (hash, _) in live {
                store.delete_session(&hash).map_err(store_err(lang))?;
            }
            println!("{}", text(lang, "cli-mfa-removed", &[("user", u.username)]));
        }
    }
    Ok(())
}

pub fn token_cmd(store: &dyn Store, c: TokenCommand, format: Format, lang: Lang) -> Res {
    match c {
        TokenCommand::Create { username, name } => {
            let u = find_user(store, &username, lang)?;
            let secret = entrack_web::auth::new_token();
            let t = store
                .create_token(
                    u.id,
                    name.trim(),
                    &entrack_web::auth::secret_hash(&secret),
                    jiff::Timestamp::now(),
                )
                .map_err(store_err(lang))?;
            match format {
                Format::Json => println!(
                    "{}",
                    json(&serde_json::json!({ "id": t.id, "name": t.name, "token": secret }))?
                ),
                _ => {
                    // The token alone on standard output, so scripts can capture it.
                    println!("{secret}");
                    eprintln!(
                        "{}",
                        text(
                            lang,
                            "cli-token-created",
                            &[("user", u.username), ("id", t.id.to_string())]
                        )
                    );
                }
            }
        }
        TokenCommand::List { username } => {
            let u = find_user(store, &username, lang)?;
            let tokens = store.tokens(u.id).map_err(store_err(lang))?;
            let rows: Vec<Vec<String>> = tokens
                .iter()
                .map(|t| {
                    vec![
                        t.id.to_string(),
                        t.name.clone(),
                        t.created_at.to_string(),
                        t.last_used_at.map(|x| x.to_string()).unwrap_or_default(),
                        t.revoked_at.map(|x| x.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            let cols = ["id", "name", "created_at", "last_used_at", "revoked_at"];
            print_records(format, &cols, &cols.map(String::from), &rows)?;
        }
        TokenCommand::Revoke { username, id } => {
            let u = find_user(store, &username, lang)?;
            store
                .revoke_token(u.id, id, jiff::Timestamp::now())
                .map_err(store_err(lang))?;
            println!(
                "{}",
                text(lang, "cli-token-revoked", &[("id", id.to_string())])
            );
        }
    }
    Ok(())
}

pub fn assign_cmd(store: &dyn Store, c: AssignCommand, format: Format, lang: Lang) -> Res {
    let op = |e| Failure::from_op(e, lang);
    let operator = crate::commands::operator_ctx(lang);
    match c {
        AssignCommand::Add {
            tenant,
            username,
            role,
            service,
            primary,
            actor,
        } => {
            if !matches!(
                role,
                Role::AssignmentFm | Role::DeliveryFm | Role::AccountTeam
            ) {
                return Err(Failure::Usage(text(lang, "cli-assign-role", &[])));
            }
            let t = ops::find_tenant(store, &operator, &tenant).map_err(op)?;
            let u = find_user(store, &username, lang)?;
            if store.tenant_org(&t.tenant_id).map_err(store_err(lang))? != Some(u.org) {
                return Err(Failure::Refused(text(
                    lang,
                    "cli-assign-other-org",
                    &[
                        ("user", u.username.clone()),
                        ("tenant", t.tenant_id.to_string()),
                    ],
                )));
            }
            let service = service
                .map(|s| ops::resolve_service(&s))
                .transpose()
                .map_err(op)?;
            let a = store
                .assign(&Assignment {
                    id: 0,
                    tenant: t.tenant_id.clone(),
                    user: u.id,
                    role,
                    service,
                    primary,
                    assigned_by: actor.trim().to_string(),
                    assigned_at: jiff::Timestamp::now(),
                })
                .map_err(store_err(lang))?;
            println!(
                "{}",
                text(
                    lang,
                    "cli-assigned",
                    &[
                        ("user", u.username),
                        ("tenant", t.tenant_name),
                        ("role", role.code().to_string()),
                        ("id", a.id.to_string())
                    ]
                )
            );
        }
        AssignCommand::List { tenant } => {
            let t = ops::find_tenant(store, &operator, &tenant).map_err(op)?;
            let list = store.assignments(&t.tenant_id).map_err(store_err(lang))?;
            let users = store.users(None).map_err(store_err(lang))?;
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|a| {
                    vec![
                        a.id.to_string(),
                        users
                            .iter()
                            .find(|u| u.id == a.user)
                            .map(|u| u.username.clone())
                            .unwrap_or_else(|| a.user.to_string()),
                        a.role.code().to_string(),
                        a.service
                            .map(|s| s.code().to_string())
                            .unwrap_or_else(|| "*".into()),
                        a.primary.to_string(),
                        a.assigned_by.clone(),
                        a.assigned_at.to_string(),
                    ]
                })
                .collect();
            let cols = [
                "id",
                "user",
                "role",
                "service",
                "primary",
                "assigned_by",
                "assigned_at",
            ];
            print_records(format, &cols, &cols.map(String::from), &rows)?;
        }
        AssignCommand::Remove { tenant, id, actor } => {
            let t = ops::find_tenant(store, &operator, &tenant).map_err(op)?;
            store
                .unassign(&t.tenant_id, id, actor.trim(), jiff::Timestamp::now())
                .map_err(store_err(lang))?;
            println!(
                "{}",
                text(lang, "cli-unassigned", &[("id", id.to_string())])
            );
        }
    }
    Ok(())
}
