-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- The content-addressed store of attachment and raw-input bytes in the database (gateway.blobs.type=database,
-- the default on PostgreSQL; issue #19 part 3): every node reads what any node received. One row per blob,
-- keyed by the SHA-256 of its bytes, and its bytes in chunks (gateway.blobs.database.chunk-size, 1 MB by
-- default) so that neither a write nor a read of a 25 MB letter holds the whole blob twice in a driver buffer.
-- The blob row and its chunks are written in one transaction, so a blob row is never seen without its bytes;
-- readers still check the chunk count, the size and the hash.
CREATE TABLE blob_store (
    sha256      VARCHAR(64)  NOT NULL PRIMARY KEY,
    size_bytes  BIGINT       NOT NULL,
    chunks      INT          NOT NULL,
    stored_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE blob_store_chunk (
    sha256  VARCHAR(64)  NOT NULL REFERENCES blob_store (sha256),
    seq     INT          NOT NULL,
    data    BYTEA        NOT NULL,
    PRIMARY KEY (sha256, seq)
);
