-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- LAPOR! promises no idempotency key, so a create whose answer we never got may have made a report.
-- create_sent_at: set (committed) just before the forwarder sends a create for the row, cleared when
-- LAPOR! answers that it did not take it; still set when the answer was lost (timeout, reset) or the
-- node died between sending and committing the LAPOR! id. A row claimed with it set is re-sent only
-- with the same Idempotency-Key, after its complaint has been marked:
-- lapor_create_uncertain: LAPOR! may hold a second report of this complaint; an admin should check.
-- (Numbered 8.1 so that another change's V8 and this one do not collide.)
ALTER TABLE outbox ADD COLUMN create_sent_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE complaint ADD COLUMN lapor_create_uncertain BOOLEAN DEFAULT FALSE NOT NULL;
