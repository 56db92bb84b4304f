//! The tenant list: search, row filters, sorting and keyset pagination in one query. Names
//! compare case-insensitively and in byte order (`COLLATE "C"`), as on the embedded store.

use crate::{backend, get, tenant_id};
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
    // Row filters: all of them on one status row of the tenant.
    let mut row = Vec::new();
    if let Some(s) = q.service {
        row.push(format!(
            "r.service = {}",
            arg(&mut args, Box::new(s.code()))
        ));
    }
    if let Some(l1) = q.l1 {
        row.push(format!("r.l1 = {}", arg(&mut args, Box::new(l1.code()))));
    }
    if let Some(l2) = q.l2 {
        row.push(format!("r.l2 = {}", arg(&mut args, Box::new(l2.code()))));
    }
    if let Some(l3) = q.l3 {
        row.push(format!("r.l3 = {}", arg(&mut args, Box::new(l3.code()))));
    }
    if let Some(owner) = q.owner.as_deref().filter(|s| !s.trim().is_empty()) {
        let p = arg(&mut args, Box::new(like_pattern(owner)));
        row.push(format!("r.owner ILIKE {p}"));
    }
    if let Some(d) = q.overdue_on {
        row.push(format!(
            "r.next_action_date < {}",
            arg(&mut args, Box::new(d))
        ));
    }
    if let Some(d) = q.target_from {
        row.push(format!("r.target_date >= {}", arg(&mut args, Box::new(d))));
    }
    if let Some(d) = q.target_to {
        row.push(format!("r.target_date <= {}", arg(&mut args, Box::new(d))));
    }
    if !row.is_empty() {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM status_rows r WHERE r.tenant_no = t.tenant_no AND {})",
            row.join(" AND ")
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
        let p = arg(&mut args, Box::new(d));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM status_rows p WHERE p.tenant_no = t.tenant_no AND p.target_date < {p})"
        ));
    }
    if let Some(at) = q.unknown_since_before {
        let p = arg(&mut args, Box::new(at.as_second()));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM status_rows u WHERE u.tenant_no = t.tenant_no AND u.l1 = 'status-unknown' AND u.since < {p})"
        ));
    }
    let (key, dir, cmp) = match q.sort {
        TenantSort::Name => ("lower(t.tenant_name) COLLATE \"C\"", "ASC", ">"),
        TenantSort::NameDesc => ("lower(t.tenant_name) COLLATE \"C\"", "DESC", "<"),
        TenantSort::Id => ("t.tenant_id COLLATE \"C\"", "ASC", ">"),
        TenantSort::IdDesc => ("t.tenant_id COLLATE \"C\"", "DESC", "<"),
    };
    if let Some((k, id)) = &q.after {
        let by_name = matches!(q.sort, TenantSort::Name | TenantSort::NameDesc);
        let pk = arg(&mut args, Box::new(k.clone()));
        let pid = arg(&mut args, Box::new(id.as_str().to_string()));
        let pk = if by_name {
            format!("lower({pk}) COLLATE \"C\"")
        } else {
            format!("{pk} COLLATE \"C\"")
        };
        sql.push_str(&format!(
            " AND ({key}, t.tenant_id COLLATE \"C\") {cmp} ({pk}, {pid} COLLATE \"C\")"
        ));
    }
    sql.push_str(&format!(
        " ORDER BY {key} {dir}, t.tenant_id COLLATE \"C\" {dir}"
    ));
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
