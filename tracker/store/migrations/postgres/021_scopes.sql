-- The default filters of a place in Slack (a channel, or an assistant
-- thread or direct message thread), applied to every question asked there
-- unless the question names its own: `/peel scope`, and what a thread
-- keeps to between questions.
--   place    a channel id (C…, D…), or a channel id, "/" and a thread's ts
--   filters  JSON array of {"key", "value"} filters, as typed in a question
--   set_by   who set it: a Slack member id, or "" when a thread kept it

CREATE TABLE scopes (
    place   TEXT PRIMARY KEY,
    filters TEXT NOT NULL,
    set_by  TEXT NOT NULL DEFAULT '',
    set_at  TIMESTAMPTZ NOT NULL
);
