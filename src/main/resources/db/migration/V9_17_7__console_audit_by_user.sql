-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).
-- Unggahan saya (issue #17): a clerk's own uploads are read from console_audit by user and action.
CREATE INDEX console_audit_user_action ON console_audit (username, action, id);
