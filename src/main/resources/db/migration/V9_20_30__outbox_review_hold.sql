-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- Category review hold (issue #20): a complaint whose category the model is unsure of is not forwarded
-- to LAPOR! until an admin decides its category and OPD in the console, or until the hold ends
-- (lapor.forward.review-hold), whichever comes first. The claim is unchanged: the row's next_attempt_at
-- is the hold's end, so no node claims it earlier, and the hold survives restarts.
-- held_until: when the hold ends (NULL: the row was never held); the admin's decision sets it to the
--   moment of the decision, so the outbox's oldest-age figure counts from when the row became due.
-- hold_decided: an admin decided before the hold ended (the row is then sent with the admin's choice);
--   FALSE on a held row means the hold ran out and the row goes with the fallback disposition.
ALTER TABLE outbox ADD COLUMN held_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox ADD COLUMN hold_decided BOOLEAN DEFAULT FALSE NOT NULL;
