-- Signatures of the Slack requests accepted, so that a request sent again
-- while its timestamp is still valid (a replay, to any instance sharing the
-- database) is acknowledged and not acted on. A row is kept until its
-- request's timestamp could no longer pass the signature check, then swept.

CREATE TABLE seen_signatures (
    signature  TEXT PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX seen_signatures_by_expiry ON seen_signatures (expires_at);
