-- entrack embedded store, schema 4: an organisation's note policy.
-- allow_poor_notes = 1 lets a status row be saved with a note Suggest grades poor;
-- the default (0) refuses it, as FTOP's Add button does.
ALTER TABLE organisations ADD COLUMN allow_poor_notes INTEGER NOT NULL DEFAULT 0
    CHECK (allow_poor_notes IN (0, 1));
