-- PostgreSQL: nothing to change (the H2 store's V3 is in db/h2).

-- H2 needs a larger identity cache to keep its sequences from committing on their own at high intake
-- rates. PostgreSQL's nextval is cheap as it is, and its cache is per session: with a cache, rows
-- written later by another connection could get lower ids, and history and queues are ordered by id.
SELECT 1;
