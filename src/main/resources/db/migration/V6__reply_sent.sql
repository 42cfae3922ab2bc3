-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- When a recipient last got an acknowledgement (what = 'ACK') or a given answer text
-- (what = 'TEXT:' + SHA-256 of the text), written by the reply senders when a reply is sent. The
-- acknowledgement window and the repeated-command window are looked up here. They used to be looked
-- up in citizen_reply through an index on the recipient, and every acknowledgement the intake
-- transaction queues paid for an entry in that index: one random page of the embedded store per
-- complaint, which at SMS rates was a large share of its work.
CREATE TABLE reply_sent (
    recipient VARCHAR(320)  NOT NULL,
    what      VARCHAR(80)   NOT NULL,
    sent_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (recipient, what)
);

-- acknowledgements already sent keep counting for the window after the upgrade
INSERT INTO reply_sent (recipient, what, sent_at)
SELECT recipient, 'ACK', MAX(sent_at) FROM citizen_reply
WHERE kind = 'ACK' AND state IN ('SENT', 'DELIVERED', 'UNDELIVERED') AND sent_at IS NOT NULL
GROUP BY recipient;
-- (answers to commands are not carried over: right after the upgrade a repeated CEK may get its answer once more)

DROP INDEX citizen_reply_recipient;
