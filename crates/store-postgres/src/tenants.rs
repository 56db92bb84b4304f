//! The tenant list: search, row filters, sorting and keyset pagination in one query. Names
//! compare case-insensitively and in byte order (`COLLATE "C"`), as on the embedded store.

use crate::{backend, get, tenant_id, SLOTS};
use entrack_core::Tenant;
use entrack_store::{like_pattern, Result, TenantQuery, TenantSort};
use postgres::types::ToSql;
use postgres::GenericClient;

pub(crate) fn list(c: &mut impl GenericClient, q: &TenantQuery) -> Result<Vec<Tenant>> {
    let mut sql =
        String::from("SELECT t.tenant_id, t.tenant_name FROM tenants t WHERE NOT t.removed");
    let mut args: Vec<Box<dyn ToSql + Sync>> = Vec::new();
    fn arg(args: &mut Vec<Box<dyn ToSql + Sync>>, v: Box<dyn ToSql + Sync>) -> String {
        args.push(v);
        format!("${}", args.len())
    }
    if let Some(org) = q.org {
        let p = arg(&mut args, Box::new(org));
        sql.push_str(&format!(" AND t.org_id = {p}"));
    }
    if let Some(search) = q.search.as_deref().filter(|s| !s.trim().is_empty()) {
        let p = arg(&mut args, Box::new(like_pattern(search)));
        sql.push_str(&format!(" AND t.search_key LIKE lower({p})"));
    }
    // Row filters: all of them on one status row of the tenant, read from each service's
    // filter texts (l1, l2, l3, owner, next action date, target date, since, seats).
    let part = |n: u8| format!("split_part(f, chr(31), {n})");
    let mut row = Vec::new();
    if let Some(l1) = q.l1 {
        row.push(format!(
            "{} = {}",
            part(1),
            arg(&mut args, Box::new(l1.code()))
        ));
    }
    if let Some(l2) = q.l2 {
        row.push(format!(
            "{} = {}",
            part(2),
            arg(&mut args, Box::new(l2.code()))
        ));
    }
    if let Some(l3) = q.l3 {
        row.push(format!(
            "{} = {}",
            part(3),
            arg(&mut args, Box::new(l3.code()))
        ));
    }
    if let Some(owner) = q.owner.as_deref().filter(|s| !s.trim().is_empty()) {
        let p = arg(&mut args, Box::new(like_pattern(owner)));
        row.push(format!("{} ILIKE {p}", part(4)));
    }
    // Dates are kept as ISO text, which sorts as the dates do; an absent one is empty.
    let date = |args: &mut Vec<Box<dyn ToSql + Sync>>, n: u8, op: &str, d: jiff::civil::Date| {
        let p = arg(args, Box::new(d.to_string()));
        format!("({0} <> '' AND {0} {op} {p})", part(n))
    };
    if let Some(d) = q.overdue_on {
        row.push(date(&mut args, 5, "<", d));
    }
    if let Some(d) = q.target_from {
        row.push(date(&mut args, 6, ">=", d));
    }
    if let Some(d) = q.target_to {
        row.push(date(&mut args, 6, "<=", d));
    }
    let services_of = |args: &mut Vec<Box<dyn ToSql + Sync>>,
                       service: Option<entrack_core::Service>| {
        match service {
            Some(s) => format!(
                "s.svc_key = t.tenant_no * {SLOTS} + {}",
                arg(args, Box::new(s.index() as i64))
            ),
            None => format!(
                "s.svc_key BETWEEN t.tenant_no * {SLOTS} AND t.tenant_no * {SLOTS} + {}",
                SLOTS - 2
            ),
        }
    };
    if !row.is_empty() || q.service.is_some() {
        let which = services_of(&mut args, q.service);
        let rows = if row.is_empty() {
            String::from("TRUE")
        } else {
            row.join(" AND ")
        };
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM services s, unnest(s.filter) AS f WHERE {which} AND NOT s.removed AND {rows})"
        ));
    }
    // The special filters each hold on some row of the tenant, apart from the row filters.
    if let Some(user) = q.assigned_to {
        let p = arg(&mut args, Box::new(user));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM assignments a WHERE a.tenant_no = t.tenant_no AND a.user_id = {p})"
        ));
    }
    if let Some(d) = q.target_passed_on {
        let which = services_of(&mut args, None);
        let passed = date(&mut args, 6, "<", d);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM services s, unnest(s.filter) AS f WHERE {which} AND NOT s.removed AND {passed})"
        ));
    }
    if let Some(at) = q.unknown_since_before {
        let which = services_of(&mut args, None);
        let p = arg(&mut args, Box::new(at.as_second()));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM services s, unnest(s.filter) AS f WHERE {which} AND NOT s.removed
               AND {} = 'status-unknown' AND {} <> '' AND {}::bigint < {p})",
            part(1),
            part(7),
            part(7)
        ));
    }
    // By name: the search key, lower-cased name and id with chr(31) between them, sorts
    // as the name and then the id do.
    let (key, dir, cmp) = match q.sort {
        TenantSort::Name => ("t.search_key", "ASC", ">"),
        TenantSort::NameDesc => ("t.search_key", "DESC", "<"),
        TenantSort::Id => ("t.tenant_id COLLATE \"C\"", "ASC", ">"),
        TenantSort::IdDesc => ("t.tenant_id COLLATE \"C\"", "DESC", "<"),
    };
    if let Some((k, id)) = &q.after {
        let by_name = matches!(q.sort, TenantSort::Name | TenantSort::NameDesc);
        let pk = arg(&mut args, Box::new(k.clone()));
        let pid = arg(&mut args, Box::new(id.as_str().to_string()));
        if by_name {
            sql.push_str(&format!(
                " AND t.search_key {cmp} (lower({pk}) || chr(31) || lower({pid})) COLLATE \"C\""
            ));
        } else {
            sql.push_str(&format!(
                " AND t.tenant_id COLLATE \"C\" {cmp} {pid} COLLATE \"C\""
            ));
        }
    }
    // Both keys are unique: the id is part of the search key.
    sql.push_str(&format!(" ORDER BY {key} {dir}"));
    if let Some(limit) = q.limit {
        let p = arg(&mut args, Box::new(limit as i64));
        sql.push_str(&format!(" LIMIT {p}"));
    }
    let refs: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a.as_ref()).collect();
    let rows = c.query(&sql, &refs).map_err(backend)?;
    rows.iter()
        .map(|r| {
            Ok(Tenant {
                tenant_id: tenant_id(get(r, 0)?)?,
                tenant_name: get(r, 1)?,
            })
        })
        .collect()
}
