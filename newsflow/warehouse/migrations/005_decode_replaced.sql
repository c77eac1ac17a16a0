-- newsflow warehouse, schema version 5: how many bytes the decoding replaced (a page declared UTF-8 with a
-- few invalid bytes stays UTF-8, those bytes replaced by U+FFFD, instead of being read as another code page).

ALTER TABLE documents ADD COLUMN IF NOT EXISTS replaced_bytes INTEGER;

COMMENT ON COLUMN documents.replaced_bytes IS 'Bytes the encoding could not decode, each invalid sequence replaced by U+FFFD: 0 for clean text; NULL when decoding failed or for documents stored before schema version 4.';
