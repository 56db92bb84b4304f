-- entrack on PostgreSQL, schema 2: an organisation's note policy.
-- allow_poor_notes lets a status row be saved with a note Suggest grades poor; the default
-- refuses it, as FTOP's Add button does.
ALTER TABLE organisations ADD COLUMN allow_poor_notes boolean NOT NULL DEFAULT false;
