//! The tenant list: search, row filters, sorting and keyset pagination in one query.

use crate::{backend, tenant_id};
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
    // Row filters: all of them on one status row of the tenant.
    let mut row = Vec::new();
    if let Some(s) = q.service {
        row.push(format!(
            "r.service = {}",
            arg(&mut args, Value::Text(s.code().into()))
        ));
    }
    if let Some(l1) = q.l1 {
        row.push(format!(
            "r.l1 = {}",
            arg(&mut args, Value::Text(l1.code().into()))
        ));
    }
    if let Some(l2) = q.l2 {
        row.push(format!(
            "r.l2 = {}",
            arg(&mut args, Value::Text(l2.code().into()))
        ));
    }
    if let Some(l3) = q.l3 {
        row.push(format!(
            "r.l3 = {}",
            arg(&mut args, Value::Text(l3.code().into()))
        ));
    }
    if let Some(owner) = q.owner.as_deref().filter(|s| !s.trim().is_empty()) {
        let p = arg(&mut args, Value::Text(like_pattern(owner)));
        row.push(format!("r.owner LIKE {p} ESCAPE '\\'"));
    }
    // Dates are stored as ISO text, which sorts as the dates do.
    if let Some(d) = q.overdue_on {
        let p = arg(&mut args, Value::Text(d.to_string()));
        row.push(format!("r.next_action_date < {p}"));
    }
    if let Some(d) = q.target_from {
        let p = arg(&mut args, Value::Text(d.to_string()));
        row.push(format!("r.target_date >= {p}"));
    }
    if let Some(d) = q.target_to {
        let p = arg(&mut args, Value::Text(d.to_string()));
        row.push(format!("r.target_date <= {p}"));
    }
    if !row.is_empty() {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM status_rows r WHERE r.tenant_no = t.tenant_no AND {})",
            row.join(" AND ")
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
            " AND EXISTS (SELECT 1 FROM status_rows p WHERE p.tenant_no = t.tenant_no AND p.target_date < {p})"
        ));
    }
    if let Some(at) = q.unknown_since_before {
        let p = arg(&mut args, Value::Integer(at.as_second()));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM status_rows u WHERE u.tenant_no = t.tenant_no AND u.l1 = 'status-unknown' AND u.since < {p})"
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
