-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- The outbox row of a ticket is found through its complaint: the row's created_at is the complaint's
-- received_at (both written by the intake transaction), so (created_at, ticket) finds it, and that index
-- grows at its end as complaints arrive. The unique index on the random ticket alone cost the embedded
-- store one random page per complaint: with it and the reply-recipient index gone (V6), H2 stores SMS
-- complaints about 1.6 times as fast (StoreCeilingBenchmark). One row per ticket still holds: the only
-- writer of outbox rows is Ledger.insertAll, in the transaction that inserts the complaint under its
-- unique ticket.
ALTER TABLE outbox DROP CONSTRAINT outbox_ticket;
CREATE INDEX outbox_created ON outbox (created_at, ticket);
