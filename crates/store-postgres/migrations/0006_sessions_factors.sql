-- Schema 6: sessions end after a time without use, users list their sessions, and a user
-- may add a second factor (TOTP).
--  * last_seen_at: unix seconds of the last request made with the session; a session
--    made before this schema counts as last seen at sign-in (created_at is in nanoseconds).
--  * second_factors: the active secret sign-in asks a code of, a pending one handed out
--    for enrolment, and the last time step whose code was accepted (a code is good once).

ALTER TABLE sessions ADD COLUMN last_seen_at bigint;
UPDATE sessions SET last_seen_at = created_at / 1000000000;
ALTER TABLE sessions ALTER COLUMN last_seen_at SET NOT NULL;

CREATE TABLE second_factors (
    user_id   bigint PRIMARY KEY REFERENCES users (user_id),
    secret    bytea,
    pending   bytea,
    last_step bigint NOT NULL DEFAULT 0
);
