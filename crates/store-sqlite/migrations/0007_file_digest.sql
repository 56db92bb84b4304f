-- entrack embedded store, schema 7: an import remembers what file rows gave a service.
--  * services.file_digest: BLAKE3-128 of the file rows (and the file's columns and date
--    format) an import wrote this version from; NULL after any other write. The same rows
--    imported again are known unchanged without being parsed.

ALTER TABLE services ADD COLUMN file_digest BLOB;
