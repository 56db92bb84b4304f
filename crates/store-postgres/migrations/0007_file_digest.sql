-- entrack PostgreSQL store, schema 7: an import remembers what file rows gave a service
-- (as the embedded store's schema 7): BLAKE3-128 of the rows, columns and date format an
-- import wrote this version from; NULL after any other write.

ALTER TABLE services ADD COLUMN file_digest BYTEA;
