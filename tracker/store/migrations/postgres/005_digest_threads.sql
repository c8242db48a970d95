-- A digest too long for one message continues in its thread. These record
-- how far the thread got, so that a run after a failed reply posts the rest
-- into the same thread rather than dropping it:
--   replies_posted  continuation messages posted so far
--   afis_posted     the ids of the AFIs the posted messages show, spaces between
--   thread_pending  true while continuations are still to be posted
--   thread_at       when the thread was last claimed or continued, for the lease
-- Rows from before are complete digests: nothing pending.

ALTER TABLE digests ADD COLUMN replies_posted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE digests ADD COLUMN afis_posted TEXT NOT NULL DEFAULT '';
ALTER TABLE digests ADD COLUMN thread_pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE digests ADD COLUMN thread_at TIMESTAMPTZ;
