-- Slack's feedback buttons: one vote per person per answer, which a second
-- click changes, and why an answer did not help.
--   answer      the answer voted on (a hash of its question and passages);
--               '' for a click on the old Helpful / Not helpful buttons,
--               each of which stays a row of its own
--   reason      wrong_passage, not_covered, out_of_date or other; '' when
--               none was given
--   note        the voter's own words on why
--   updated_at  when the vote or its reason last changed
-- Rows from before are old clicks: no answer, no reason.

ALTER TABLE feedback ADD COLUMN answer TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN updated_at TEXT;

CREATE UNIQUE INDEX feedback_one_vote ON feedback (answer, user_id) WHERE answer <> '';
