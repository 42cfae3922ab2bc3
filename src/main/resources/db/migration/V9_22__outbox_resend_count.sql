-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- An admin's re-send of a complaint LAPOR! no longer knows (complaint.lapor_missing_since, V9_21) as a new
-- report. The forwarder sends the ticket as Idempotency-Key; a LAPOR! that honours keys and still remembers the
-- old one would answer a re-send with the old (deleted) report, so each re-send uses a key of its own.
-- resend_count: how often an admin re-sent the row as a new report. 0: never, and the keys are the ticket and
--   <ticket>-attachments as before this migration (nothing changes for existing rows); n: <ticket>-r<n> and
--   <ticket>-r<n>-attachments (OutboxForwarder.createKey / uploadKey).
ALTER TABLE outbox ADD COLUMN resend_count INT DEFAULT 0 NOT NULL;
