-- AFI status and its audit trail.
-- Times are UTC text, fixed width ("2006-01-02T15:04:05.000000Z"), so that
-- text order is time order; days are "YYYY-MM-DD".

CREATE TABLE afis (
    id           TEXT PRIMARY KEY,
    status       TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'addressed', 'reopened')),
    owner        TEXT NOT NULL DEFAULT '',
    due          TEXT,
    opened_at    TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    last_note    TEXT NOT NULL DEFAULT '',
    addressed_at TEXT,
    CHECK ((status = 'addressed') = (addressed_at IS NOT NULL))
);

CREATE TABLE afi_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    afi_id      TEXT NOT NULL REFERENCES afis (id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL DEFAULT '',
    due         TEXT
);

CREATE INDEX afi_events_by_afi ON afi_events (afi_id, id);
