-- newsflow warehouse, schema version 7: documents keep their raw bytes gzip-compressed. DuckDB stores a BLOB
-- as it is given, and raw pages were most of a warehouse and of what its single writer committed. Rows
-- stored before keep the bytes as read, which content_encoding NULL says: nothing to convert, nothing lost.

ALTER TABLE documents ADD COLUMN IF NOT EXISTS content_encoding VARCHAR;

COMMENT ON COLUMN documents.content IS 'Raw bytes as read, before decoding: gzip-compressed where content_encoding is ''gzip'' (zlib.decompress(content, 31) or gzip.decompress in Python, gunzip on a file), as read where it is NULL.';
COMMENT ON COLUMN documents.content_encoding IS '''gzip'': content holds the bytes as read, gzip-compressed (documents stored from schema version 7 on); NULL: content is the bytes as read (stored before).';
COMMENT ON COLUMN documents.content_hash IS 'sha256 of the bytes as read (before any compression).';
