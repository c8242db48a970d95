-- Helpful / Not helpful clicks on answers.

CREATE TABLE feedback (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    question    TEXT NOT NULL,
    passage_ids TEXT NOT NULL, -- JSON array of passage ids, in the order shown
    user_id     TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT '',
    helpful     BOOLEAN NOT NULL
);

CREATE INDEX feedback_by_time ON feedback (at);
