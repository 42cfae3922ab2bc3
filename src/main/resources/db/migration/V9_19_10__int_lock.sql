-- #19: leader election of the master: routes through the shared store (gateway.cluster.type=jdbc):
-- Spring Integration's JdbcLockRegistry table (its schema-postgresql.sql / schema-h2.sql, same on both).
-- One row per held lock: lock_key (UUID of the master: namespace), region, client_id (UUID of the node
-- process), created_date (the holder's last renewal, by its clock).
CREATE TABLE int_lock (
    lock_key     CHAR(36)     NOT NULL,
    region       VARCHAR(100) NOT NULL,
    client_id    CHAR(36),
    created_date TIMESTAMP    NOT NULL,
    CONSTRAINT int_lock_pk PRIMARY KEY (lock_key, region)
);
