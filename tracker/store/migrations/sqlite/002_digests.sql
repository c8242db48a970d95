-- One row per channel and day: the digest claim, then the posted message.

CREATE TABLE digests (
    channel         TEXT NOT NULL,
    day             TEXT NOT NULL,
    instance        TEXT NOT NULL,
    claimed_at      TEXT NOT NULL,
    posted_at       TEXT,
    message_ts      TEXT NOT NULL DEFAULT '',
    open_count      INTEGER NOT NULL DEFAULT 0,
    addressed_count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel, day)
);
