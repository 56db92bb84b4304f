-- entrack embedded store, schema 6: sessions end after a time without use, users list
-- their sessions, and a user may add a second factor (TOTP).
--  * last_seen_at: unix seconds of the last request made with the session. A session
--    made before this schema counts as last seen at sign-in.
--  * second_factors: the active secret sign-in asks a code of, a pending one handed out
--    for enrolment, and the last time step whose code was accepted (a code is good once).

ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = COALESCE(CAST(strftime('%s', created_at) AS INTEGER), 0);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE second_factors (
    user_id   INTEGER PRIMARY KEY REFERENCES users (user_id),
    secret    BLOB,
    pending   BLOB,
    last_step INTEGER NOT NULL DEFAULT 0
) STRICT;
