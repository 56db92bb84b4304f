-- entrack on PostgreSQL, schema 4: indexes in the order the tenant list reads.
-- The list sorts names and ids byte-wise (COLLATE "C", as the embedded store does) so that
-- keyset pages agree across stores; an index in the database's own collation cannot serve
-- that order, and every page sorted all of an organisation's tenants.
CREATE INDEX tenants_by_org_c ON tenants (org_id, lower(tenant_name) COLLATE "C", tenant_id COLLATE "C");
CREATE INDEX tenants_by_org_id_c ON tenants (org_id, tenant_id COLLATE "C");
CREATE INDEX tenants_by_name_c ON tenants (lower(tenant_name) COLLATE "C", tenant_id COLLATE "C");
DROP INDEX tenants_by_name;
DROP INDEX tenants_by_org;
