-- Portable between PostgreSQL 13+ and H2 2.x (MODE=PostgreSQL).
-- An edit that lands while a conversation is being closed (issue #16, edit race): the conversation counts the
-- edits applied to it while open (edits, under its row lock), each such edit's revision row keeps the count it
-- made (conversation_edit), and the snapshot a complaint is made from remembers the count it saw. At close, the
-- revisions with a higher count were not in the complaint's text: they become revisions of that complaint.
ALTER TABLE chat_conversation ADD COLUMN edits INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE chat_revision ADD COLUMN conversation_edit INTEGER;
