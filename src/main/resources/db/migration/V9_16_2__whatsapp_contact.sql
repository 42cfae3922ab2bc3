-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).

-- WhatsApp's customer service window (Meta: free-form messages only within 24 hours of the citizen's
-- last message; after that only approved templates). One row per citizen number (wa_id: country code
-- and number, digits only), written when a message from it is received; the WhatsApp reply channel
-- reads it to choose free text or the template.
CREATE TABLE whatsapp_contact (
    wa_id           VARCHAR(20) NOT NULL PRIMARY KEY,
    last_inbound_at TIMESTAMP WITH TIME ZONE NOT NULL
);
