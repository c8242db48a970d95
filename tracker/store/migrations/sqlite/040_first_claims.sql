-- After a crash, or a post that may or may not have reached Slack, the
-- instance that takes a claim over looks in Slack for what the earlier
-- claim posted (message metadata, conversations.history) before posting
-- again. It looks from when the digest or notification was first claimed,
-- which a takeover keeps here (claimed_at restarts the lease). NULL on
-- rows from before: their claimed_at is their first claim.

ALTER TABLE digests ADD COLUMN first_claimed_at TEXT;
ALTER TABLE notifications ADD COLUMN first_claimed_at TEXT;
