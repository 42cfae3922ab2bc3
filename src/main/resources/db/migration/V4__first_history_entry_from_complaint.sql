-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- A complaint's first history entry (received on its channel, or duplicate of another ticket) is no
-- longer written at intake: Ledger.history reads it off the complaint row (channel, duplicate_of,
-- received_at). Entries written before this version are removed so they are not shown twice.
DELETE FROM complaint_status_history
WHERE id IN (SELECT MIN(id) FROM complaint_status_history GROUP BY ticket)
  AND (note LIKE 'received on %' OR note LIKE 'duplicate of %');
