-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).
-- One index serves both content look-ups of intake: the same text from the same sender (content dedup,
-- Ledger.contentOriginals/contentOriginal) and the same text from any sender (SAME_TEXT_AS, Ledger.textOriginals).
-- V8_15 had added a second index for the latter; each complaint then wrote two random-key index entries, which is
-- what the embedded store's commit pays for most (docs/BENCHMARKS.md, SMS section).
DROP INDEX IF EXISTS complaint_same_text;
DROP INDEX IF EXISTS complaint_content_dedup;
CREATE INDEX complaint_content ON complaint (content_hash, sender_key, received_at);
