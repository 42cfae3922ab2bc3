-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- A forwarded complaint LAPOR! no longer knows: status sync asked for it by its LAPOR! number and got 404.
-- lapor_missing_since: the first 404 of the current run of them (NULL: LAPOR! answered at the last ask, or
--   was never asked). Set once, with one history line, so the console and the gauge gateway_lapor_missing
--   show the complaint to an admin instead of a WARN line repeated every round; cleared when LAPOR!
--   answers for it again.
ALTER TABLE complaint ADD COLUMN lapor_missing_since TIMESTAMP WITH TIME ZONE;
CREATE INDEX complaint_lapor_missing ON complaint (lapor_missing_since);
