-- AFI status and its audit trail.
CREATE TABLE afis (
    id           TEXT PRIMARY KEY,
    status       TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'addressed', 'reopened')),
    owner        TEXT NOT NULL DEFAULT '',
    due          DATE,
    opened_at    TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    updated_by   TEXT NOT NULL,
    last_note    TEXT NOT NULL DEFAULT '',
    addressed_at TIMESTAMPTZ,
    CHECK ((status = 'addressed') = (addressed_at IS NOT NULL))
);

CREATE TABLE afi_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    afi_id      TEXT NOT NULL REFERENCES afis (id),
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL DEFAULT '',
    due         DATE
);

CREATE INDEX afi_events_by_afi ON afi_events (afi_id, id);
