-- entrack embedded store, schema 5: how long each status row has had its status.
-- since = unix seconds of the change that gave the service a row with this L1/L2/L3; a
-- save that keeps the row (whatever else changes in it) keeps its since.
-- Rows that exist already get the time of their service's latest event: a row cannot be
-- younger than that, so no age is ever overstated.
ALTER TABLE status_rows ADD COLUMN since INTEGER;
UPDATE status_rows SET since = (
    SELECT unixepoch(e.at) FROM events e
    WHERE e.tenant_no = status_rows.tenant_no AND e.service = status_rows.service
    ORDER BY e.version DESC LIMIT 1);
