-- H2 only (db/{vendor}; PostgreSQL's V3 is in db/postgresql).

-- Identity values handed out 1,000 at a time instead of 32. Each time an H2 sequence's cache runs out,
-- its new state is written and committed on its own; at a few thousand complaints a second that was a
-- large share of the store's work (StoreCeilingBenchmark, batch 64: about 1,960 → 2,720 complaints/s
-- from this alone). H2's cache is one per database, so ids still follow the order they were drawn in;
-- a restart skips the unused rest of a cache (ids have gaps, which nothing relies on).
ALTER TABLE complaint_status_history ALTER COLUMN id SET CACHE 1000;
ALTER TABLE outbox ALTER COLUMN id SET CACHE 1000;
ALTER TABLE quarantine ALTER COLUMN id SET CACHE 1000;
ALTER TABLE citizen_reply ALTER COLUMN id SET CACHE 1000;
