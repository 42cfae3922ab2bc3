-- the same text from any sender within the dedup window (flag SAME_TEXT_AS:<ticket>, issue #15 kind 11):
-- complaint_content_dedup leads with sender_key, so it cannot serve a lookup by text alone
CREATE INDEX complaint_same_text ON complaint (content_hash, received_at);
