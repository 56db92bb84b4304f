-- entrack on PostgreSQL, schema 9: the planner's statistics of tenants from a small sample.
-- After a big import every tenant's statistics are renewed (ANALYZE); with the default
-- target that read and sorted 30,000 tenants and their names, the longest step after the
-- commit. The plans of the lists and pages depend on how organisations and removals spread
-- and on the ids and names being (nearly) unique, which 3,000 tenants tell as well.
ALTER TABLE tenants ALTER COLUMN tenant_no SET STATISTICS 10,
                    ALTER COLUMN tenant_id SET STATISTICS 10,
                    ALTER COLUMN tenant_name SET STATISTICS 10,
                    ALTER COLUMN org_id SET STATISTICS 10,
                    ALTER COLUMN removed SET STATISTICS 10,
                    ALTER COLUMN last_seq SET STATISTICS 10,
                    ALTER COLUMN search_key SET STATISTICS 10;
