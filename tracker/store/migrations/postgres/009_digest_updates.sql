-- A digest is one message, updated in place (chat.update) when an item it
-- shows changes. These record what the message shows now:
--   through_event  the latest item event it reflects
--   composed_at    when it was last composed, posted or updated
-- afis_posted (005) holds the ids of the items it shows.

ALTER TABLE digests ADD COLUMN through_event BIGINT NOT NULL DEFAULT 0;
ALTER TABLE digests ADD COLUMN composed_at TIMESTAMPTZ;
