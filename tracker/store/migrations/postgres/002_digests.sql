-- One row per channel and day: the digest claim, then the posted message.

CREATE TABLE digests (
    channel         TEXT NOT NULL,
    day             DATE NOT NULL,
    instance        TEXT NOT NULL,
    claimed_at      TIMESTAMPTZ NOT NULL,
    posted_at       TIMESTAMPTZ,
    message_ts      TEXT NOT NULL DEFAULT '',
    open_count      INTEGER NOT NULL DEFAULT 0,
    addressed_count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel, day)
);
