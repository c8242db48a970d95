-- Every item a report raises (areas for improvement, causes of concern,
-- recommendations), with the statuses of sign-off: awaiting allocation →
-- in progress → pending sign-off → closed, or superseded.
--
-- The AFIs tracked before are moved here with nothing lost:
--   open, in_progress, reopened  → in_progress when they have an owner,
--                                  else awaiting_allocation
--   addressed                    → closed, signed off by whoever marked it
--                                  addressed (the actor of its last close),
--                                  its evidence that close's note
--   due                          → the target date, kept even when past
-- Their whole history is copied as it was written (with its old statuses
-- and event ids), and each item gets one more event, action "migrate" by
-- peelbot, saying what its status became and why.
-- Times are UTC text, fixed width, as in 001_afis.sql; days "YYYY-MM-DD".

CREATE TABLE items (
    id             TEXT PRIMARY KEY,
    item_type      TEXT NOT NULL CHECK (item_type IN ('afi', 'concern', 'recommendation')),
    status         TEXT NOT NULL CHECK (status IN ('awaiting_allocation', 'in_progress', 'pending_signoff', 'closed', 'superseded')),
    status_since   TEXT NOT NULL,
    owner          TEXT NOT NULL DEFAULT '',
    target         TEXT,
    revised        TEXT,
    revised_reason TEXT NOT NULL DEFAULT '',
    opened_at      TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    last_note      TEXT NOT NULL DEFAULT '',
    evidence       TEXT NOT NULL DEFAULT '',
    proposed_by    TEXT NOT NULL DEFAULT '',
    proposed_at    TEXT,
    signed_off_by  TEXT NOT NULL DEFAULT '',
    closed_at      TEXT,
    superseded_by  TEXT NOT NULL DEFAULT '',
    superseded_at  TEXT,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CHECK ((status = 'superseded') = (superseded_at IS NOT NULL)),
    CHECK (status NOT IN ('in_progress', 'pending_signoff') OR owner <> ''),
    CHECK (revised IS NULL OR revised_reason <> '')
);

CREATE TABLE item_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id     TEXT NOT NULL REFERENCES items (id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL DEFAULT '',
    due         TEXT
);

INSERT INTO items (id, item_type, status, status_since, owner, target, opened_at, updated_at, updated_by, last_note,
                   evidence, proposed_by, proposed_at, signed_off_by, closed_at)
SELECT a.id,
       CASE WHEN a.id LIKE '%-rec-%' THEN 'recommendation' WHEN a.id LIKE '%-coc-%' THEN 'concern' ELSE 'afi' END,
       CASE WHEN a.status = 'addressed' THEN 'closed' WHEN a.owner <> '' THEN 'in_progress' ELSE 'awaiting_allocation' END,
       CASE WHEN a.status = 'addressed' THEN a.addressed_at
            WHEN a.owner <> '' THEN coalesce((SELECT max(e.at) FROM afi_events e WHERE e.afi_id = a.id AND e.action = 'assign'), a.opened_at)
            ELSE a.opened_at END,
       a.owner, a.due, a.opened_at, a.updated_at, a.updated_by, a.last_note,
       CASE WHEN a.status = 'addressed' THEN coalesce((SELECT e.note FROM afi_events e WHERE e.afi_id = a.id AND e.action = 'close' ORDER BY e.id DESC LIMIT 1), a.last_note) ELSE '' END,
       CASE WHEN a.status = 'addressed' THEN coalesce((SELECT e.actor FROM afi_events e WHERE e.afi_id = a.id AND e.action = 'close' ORDER BY e.id DESC LIMIT 1), a.updated_by) ELSE '' END,
       CASE WHEN a.status = 'addressed' THEN a.addressed_at END,
       CASE WHEN a.status = 'addressed' THEN coalesce((SELECT e.actor FROM afi_events e WHERE e.afi_id = a.id AND e.action = 'close' ORDER BY e.id DESC LIMIT 1), a.updated_by) ELSE '' END,
       CASE WHEN a.status = 'addressed' THEN a.addressed_at END
FROM afis a;

INSERT INTO item_events (id, item_id, at, actor, channel, action, from_status, to_status, note, owner, due)
SELECT id, afi_id, at, actor, channel, action, from_status, to_status, note, owner, due FROM afi_events ORDER BY id;

INSERT INTO item_events (item_id, at, actor, action, from_status, to_status, note, owner, due)
SELECT a.id, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z', 'peelbot', 'migrate', a.status, i.status,
       CASE WHEN a.status = 'addressed' THEN 'items are now signed off: addressed became closed, signed off by ' || i.signed_off_by || ', who marked it addressed'
            WHEN a.owner <> '' THEN 'items are now signed off: ' || replace(a.status, '_', ' ') || ' with an owner became in progress'
            ELSE 'items are now signed off: ' || replace(a.status, '_', ' ') || ' without an owner became awaiting allocation' END,
       i.owner, i.target
FROM afis a JOIN items i ON i.id = a.id ORDER BY a.id;

DROP TABLE afi_events;
DROP TABLE afis;

CREATE INDEX item_events_by_item ON item_events (item_id, id);
CREATE INDEX item_events_by_time ON item_events (at);
