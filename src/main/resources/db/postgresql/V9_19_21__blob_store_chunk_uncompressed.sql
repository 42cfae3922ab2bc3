-- PostgreSQL only. Blob chunks are photos, PDFs and mail already compressed: storing them EXTERNAL (out of line,
-- not compressed) spares TOAST's pglz attempt on every 1 MB chunk written and read.
ALTER TABLE blob_store_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
