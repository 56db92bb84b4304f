//! The tenant list: search, row filters, sorting and keyset pagination in one query.

use crate::{backend, tenant_id, SLOTS};
use entrack_core::Tenant;
use entrack_store::{like_pattern, Result, TenantQuery, TenantSort};
use rusqlite::types::Value;
use rusqlite::Connection;

pub(crate) fn list(conn: &Connection, q: &TenantQuery) -> Result<Vec<Tenant>> {
    let mut sql =
        String::from("SELECT t.tenant_id, t.tenant_name FROM tenants t WHERE t.removed = 0");
    let mut args: Vec<Value> = Vec::new();
    let arg = |args: &mut Vec<Value>, v: Value| {
        args.push(v);
        format!("?{}", args.len())
    };
    if let Some(org) = q.org {
        let p = arg(&mut args, Value::Integer(org));
        sql.push_str(&format!(" AND t.org_id = {p}"));
    }
    if let Some(search) = q.search.as_deref().filter(|s| !s.trim().is_empty()) {
        let p = arg(&mut args, Value::Text(like_pattern(search)));
        sql.push_str(&format!(
            " AND (t.tenant_name LIKE {p} ESCAPE '\\' OR t.tenant_id LIKE {p} ESCAPE '\\')"
        ));
    }
    // Row filters: all of them on one status row of the tenant, looked for in the packed
    // rows by `entrack_has_row` (see `crate::has_row`).
    let text = |args: &mut Vec<Value>, v: Option<String>| match v {
        Some(v) => arg(args, Value::Text(v)),
        None => "NULL".to_string(),
    };
    let owner = q
        .owner
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let filtered = q.l1.is_some()
        || q.l2.is_some()
        || q.l3.is_some()
        || owner.is_some()
        || q.overdue_on.is_some()
        || q.target_from.is_some()
        || q.target_to.is_some();
    if filtered || q.service.is_some() {
        let which = match q.service {
            Some(s) => format!(
                "s.svc_key = t.tenant_no * {SLOTS} + {}",
                arg(&mut args, Value::Integer(s.index() as i64))
            ),
            None => format!("s.svc_key >= t.tenant_no * {SLOTS} AND s.svc_key < t.tenant_no * {SLOTS} + {SLOTS}"),
        };
        let has_row = if filtered {
            let l1 = text(&mut args, q.l1.map(|x| x.code().to_string()));
            let l2 = text(&mut args, q.l2.map(|x| x.code().to_string()));
            let l3 = text(&mut args, q.l3.map(|x| x.code().to_string()));
            let owner = text(&mut args, owner);
            // Dates are kept as ISO text, which sorts as the dates do.
            let overdue = text(&mut args, q.overdue_on.map(|d| d.to_string()));
            let from = text(&mut args, q.target_from.map(|d| d.to_string()));
            let to = text(&mut args, q.target_to.map(|d| d.to_string()));
            format!(" AND entrack_has_row(s.state, {l1}, {l2}, {l3}, {owner}, {overdue}, {from}, {to}, NULL, NULL)")
        } else {
            // A service with no rows left has none to show.
            " AND entrack_has_row(s.state, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
                .to_string()
        };
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM services s WHERE {which} AND s.removed = 0{has_row})"
        ));
    }
    // The special filters each hold on some row of the tenant, apart from the row filters.
    if let Some(user) = q.assigned_to {
        let p = arg(&mut args, Value::Integer(user));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM assignments a WHERE a.tenant_no = t.tenant_no AND a.user_id = {p})"
        ));
    }
    if let Some(d) = q.target_passed_on {
        let p = arg(&mut args, Value::Text(d.to_string()));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM services p WHERE p.svc_key >= t.tenant_no * {SLOTS} AND p.svc_key < t.tenant_no * {SLOTS} + {SLOTS}
               AND p.removed = 0 AND entrack_has_row(p.state, NULL, NULL, NULL, NULL, NULL, NULL, NULL, {p}, NULL))"
        ));
    }
    if let Some(at) = q.unknown_since_before {
        let p = arg(&mut args, Value::Integer(at.as_second()));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM services u WHERE u.svc_key >= t.tenant_no * {SLOTS} AND u.svc_key < t.tenant_no * {SLOTS} + {SLOTS}
               AND u.removed = 0 AND entrack_has_row(u.state, 'status-unknown', NULL, NULL, NULL, NULL, NULL, NULL, NULL, {p}))"
        ));
    }
    let (key, dir, cmp) = match q.sort {
        TenantSort::Name => ("t.tenant_name COLLATE NOCASE", "ASC", ">"),
        TenantSort::NameDesc => ("t.tenant_name COLLATE NOCASE", "DESC", "<"),
        TenantSort::Id => ("t.tenant_id", "ASC", ">"),
        TenantSort::IdDesc => ("t.tenant_id", "DESC", "<"),
    };
    if let Some((k, id)) = &q.after {
        let pk = arg(&mut args, Value::Text(k.clone()));
        let pid = arg(&mut args, Value::Text(id.as_str().into()));
        sql.push_str(&format!(" AND ({key}, t.tenant_id) {cmp} ({pk}, {pid})"));
    }
    sql.push_str(&format!(" ORDER BY {key} {dir}, t.tenant_id {dir}"));
    if let Some(limit) = q.limit {
        let p = arg(&mut args, Value::Integer(limit as i64));
        sql.push_str(&format!(" LIMIT {p}"));
    }
    let mut st = conn.prepare_cached(&sql).map_err(backend)?;
    let rows = st
        .query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .map_err(backend)?;
    rows.map(|r| {
        let (id, name) = r.map_err(backend)?;
        Ok(Tenant {
            tenant_id: tenant_id(id)?,
            tenant_name: name,
        })
    })
    .collect()
}
