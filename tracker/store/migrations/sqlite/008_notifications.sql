-- Direct messages to owners and reviewers, each sent exactly once across
-- instances and restarts: a row is the claim of one notification (key
-- says which: the event or the due date it is about, and to whom), then
-- its record as sent. A claim never sent is taken over after the store's
-- lease, as with digests. Notifications are about what happens from the
-- day this table was made (schema_migrations says when), not before.

CREATE TABLE notifications (
    key        TEXT PRIMARY KEY,
    recipient  TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    instance   TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    sent_at    TEXT,
    message_ts TEXT NOT NULL DEFAULT ''
);

CREATE INDEX notifications_by_recipient ON notifications (recipient, claimed_at);
