-- Helpful / Not helpful clicks on answers.

CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    question    TEXT NOT NULL,
    passage_ids TEXT NOT NULL, -- JSON array of passage ids, in the order shown
    user_id     TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT '',
    helpful     INTEGER NOT NULL CHECK (helpful IN (0, 1))
);

CREATE INDEX feedback_by_time ON feedback (at);
