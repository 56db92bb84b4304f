-- entrack on PostgreSQL, schema 3: how long each status row has had its status.
-- since = unix seconds of the change that gave the service a row with this L1/L2/L3; a
-- save that keeps the row (whatever else changes in it) keeps its since.
-- Rows that exist already get the time of their service's latest event (events.at is in
-- nanoseconds): a row cannot be younger than that, so no age is ever overstated.
ALTER TABLE status_rows ADD COLUMN since bigint;
UPDATE status_rows r SET since = (
    SELECT e.at / 1000000000 FROM events e
    WHERE e.tenant_no = r.tenant_no AND e.service = r.service
    ORDER BY e.version DESC LIMIT 1);
