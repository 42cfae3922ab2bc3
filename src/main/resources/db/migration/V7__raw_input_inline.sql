-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- A complaint's raw input of at most 4 KB (an SMS PDU, a small webhook body) is kept in its ledger row,
-- committed with it, instead of as a file in the blob store forced to disk on its own before the
-- commit. At SMS rates those per-message fsyncs were the latency of deliver_sm_resp (JFR: p50 12 ms,
-- p99 590 ms per force). source.raw_ref stays sha256:<hex> of the bytes either way; larger inputs
-- (mail, letters) are still files.
ALTER TABLE complaint ADD COLUMN raw_inline BYTEA;
