-- Slack events already acted on, so that an event delivered twice (a retry,
-- or to two instances) is acted on once. A key is forgotten when it expires.
-- Times are UTC text, fixed width, as in 001_afis.sql.

CREATE TABLE seen_events (
    key        TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);

CREATE INDEX seen_events_by_expiry ON seen_events (expires_at);
