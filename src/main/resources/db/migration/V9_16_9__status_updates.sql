-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- Status updates pushed to citizens (issue #16 item 9). One row per complaint and status told (or
-- decided not to be told), written in the status sync transaction that records the LAPOR! status
-- change: the primary key is what makes a repeated sync, a second node or a restart tell the citizen
-- once per status. outcome: ENQUEUED (reply_id is the citizen_reply row), SKIPPED_OPTOUT (the reporter
-- sent BERHENTI), SKIPPED_DISABLED (channels.<channel>.status-updates.enabled or the channel's replies
-- are off), SKIPPED_NO_CHANNEL (a channel that cannot reply, or no address to reply to).
-- A table of its own rather than a unique index on citizen_reply: the intake transaction inserts an
-- acknowledgement into citizen_reply per complaint and would pay for every entry of such an index.
CREATE TABLE status_update (
    ticket      VARCHAR(12)  NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    channel     VARCHAR(16)  NOT NULL,
    outcome     VARCHAR(24)  NOT NULL,
    reply_id    BIGINT,
    decided_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (ticket, status)
);

-- Reporters who asked for no more status updates (BERHENTI / STOP), by channel and the address the
-- gateway replies to (citizen_reply.recipient: tel:+62…, mailto:…, telegram:<id>, whatsapp:+62…).
-- MULAI / START deletes the row.
CREATE TABLE status_optout (
    channel       VARCHAR(16)   NOT NULL,
    recipient     VARCHAR(320)  NOT NULL,
    opted_out_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (channel, recipient)
);
