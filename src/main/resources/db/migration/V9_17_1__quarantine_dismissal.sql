-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).
-- An admin may dismiss a quarantine item from the console with a note (state DISMISSED, issue #17).
ALTER TABLE quarantine ADD COLUMN dismissed_by VARCHAR(64);
ALTER TABLE quarantine ADD COLUMN dismiss_note VARCHAR(2000);
ALTER TABLE quarantine ADD COLUMN dismissed_at TIMESTAMP WITH TIME ZONE;
