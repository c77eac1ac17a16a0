-- newsflow warehouse, schema version 2: what analysts read. Comments on every table and column,
-- views over the raw tables, and the tables the full-text search indexes are built on.

-- 001 gained documents.etag after warehouses had been created with it; add it where it is missing.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS etag VARCHAR;

-- Tables the search index is built from (newsflow.warehouse.search.bm25 refills them after a run that
-- changed articles; the FTS extension can index tables only, not views).
CREATE TABLE IF NOT EXISTS search_en (
    article_id  VARCHAR NOT NULL,
    title       VARCHAR,
    body        VARCHAR
);
CREATE TABLE IF NOT EXISTS search_de (
    article_id  VARCHAR NOT NULL,
    title       VARCHAR,
    body        VARCHAR
);
CREATE TABLE IF NOT EXISTS search_nb (
    article_id  VARCHAR NOT NULL,
    title       VARCHAR,
    body        VARCHAR
);
CREATE TABLE IF NOT EXISTS search_index_state (
    built_at        TIMESTAMP NOT NULL,
    articles        BIGINT NOT NULL,
    last_update     TIMESTAMP,
    seconds         DOUBLE
);

CREATE OR REPLACE VIEW articles_en AS
SELECT
    article_id,
    source,
    lang,
    published_at,
    url,
    coalesce(title_en, title) AS title,
    coalesce(text_en, text) AS text,
    translation_status,
    translation_model,
    translated_at,
    first_seen_at,
    updated_at
FROM articles
WHERE lang = 'en' OR text_en IS NOT NULL;

CREATE OR REPLACE VIEW daily_counts AS
SELECT
    CAST(coalesce(published_at, first_seen_at) AS DATE) AS day,
    source,
    lang,
    translation_status,
    count(*) AS articles,
    count(*) FILTER (WHERE published_at IS NULL) AS undated
FROM articles
GROUP BY ALL;

CREATE OR REPLACE VIEW translation_backlog AS
SELECT
    lang,
    source,
    translation_status,
    count(*) AS articles,
    sum(length(text)) AS characters,
    min(first_seen_at) AS oldest_first_seen,
    max(first_seen_at) AS newest_first_seen
FROM articles
WHERE translation_status IN ('pending', 'failed')
GROUP BY ALL;

-- ---------------------------------------------------------------- comments

COMMENT ON TABLE schema_version IS 'Migrations applied to this warehouse, one row each (newsflow/warehouse/migrations).';
COMMENT ON COLUMN schema_version.version IS 'Migration number (NNN in NNN_name.sql).';
COMMENT ON COLUMN schema_version.name IS 'Migration file name.';
COMMENT ON COLUMN schema_version.applied_at IS 'When the migration was applied (UTC).';

COMMENT ON TABLE documents IS 'Every input exactly as read (file or HTTP response), kept for reprocessing without fetching again. One row per distinct content per location.';
COMMENT ON COLUMN documents.document_id IS 'sha256 of source, location and content hash (first 32 hex digits): the same bytes again give the same row.';
COMMENT ON COLUMN documents.source IS 'Configured source name (config.toml [[sources]] name), or the --source of an ad-hoc ingest.';
COMMENT ON COLUMN documents.location IS 'File path or URL as requested.';
COMMENT ON COLUMN documents.url IS 'Final URL after redirects (web sources); NULL for files.';
COMMENT ON COLUMN documents.content IS 'Raw bytes as read, before decoding.';
COMMENT ON COLUMN documents.content_type IS 'MIME type: text/html, text/plain or text/markdown.';
COMMENT ON COLUMN documents.encoding IS 'Encoding the bytes were decoded with; NULL when decoding failed.';
COMMENT ON COLUMN documents.content_hash IS 'sha256 of content.';
COMMENT ON COLUMN documents.fetched_at IS 'When the bytes were read (UTC).';
COMMENT ON COLUMN documents.modified_at IS 'File modification time or HTTP Last-Modified (UTC).';
COMMENT ON COLUMN documents.etag IS 'HTTP ETag of the response, for the next run''s conditional request; NULL for files.';
COMMENT ON COLUMN documents.hints IS 'Feed or sitemap metadata known before extraction (JSON: title, author, published_at, lang).';
COMMENT ON COLUMN documents.run_id IS 'Run that first stored this document (runs.run_id).';

COMMENT ON TABLE articles IS 'One row per article: the extracted original text and, once translated, its English version. Upserted by article_id.';
COMMENT ON COLUMN articles.article_id IS 'sha256 of the canonical URL when known, else of source and raw content (first 32 hex digits).';
COMMENT ON COLUMN articles.source IS 'Configured source name.';
COMMENT ON COLUMN articles.url IS 'Canonical URL of the article, when known.';
COMMENT ON COLUMN articles.location IS 'File path or URL the article was read from.';
COMMENT ON COLUMN articles.document_id IS 'The stored input this version was extracted from (documents.document_id).';
COMMENT ON COLUMN articles.title IS 'Title in the original language.';
COMMENT ON COLUMN articles.author IS 'Byline, when found.';
COMMENT ON COLUMN articles.published_at IS 'Publication time as stated by the article or its feed (UTC); NULL when unknown.';
COMMENT ON COLUMN articles.lang IS 'Detected language, ISO 639-1 (Norwegian Bokmål as nb); und when undetermined.';
COMMENT ON COLUMN articles.lang_confidence IS 'Language detector confidence, 0 to 1.';
COMMENT ON COLUMN articles.text IS 'Article body in the original language, paragraphs separated by a blank line.';
COMMENT ON COLUMN articles.title_en IS 'English title (translated); NULL for English articles and until translated.';
COMMENT ON COLUMN articles.text_en IS 'English body (translated); NULL for English articles and until translated. Use view articles_en for English text of every article that has one.';
COMMENT ON COLUMN articles.translation_status IS 'translated | pending (waits for a run or a model) | not_needed (already English) | unsupported (language not configured for translation) | failed.';
COMMENT ON COLUMN articles.translation_model IS 'Translation model that produced title_en and text_en.';
COMMENT ON COLUMN articles.translated_at IS 'When the translation was stored (UTC).';
COMMENT ON COLUMN articles.content_hash IS 'sha256 of extracted title, author, date, URL, body and language: a change means the article was updated.';
COMMENT ON COLUMN articles.first_seen_at IS 'When the article was first stored (UTC).';
COMMENT ON COLUMN articles.updated_at IS 'When the row last changed: new content or a translation (UTC).';
COMMENT ON COLUMN articles.run_id IS 'Run that last changed the article content (runs.run_id).';

COMMENT ON TABLE runs IS 'One row per pipeline run (ingest, translate, ...). A run left running by a killed process is marked crashed when the next run starts.';
COMMENT ON COLUMN runs.run_id IS 'Start time (UTC) and a random suffix.';
COMMENT ON COLUMN runs.flow IS 'Which job: ingest, translate, ...';
COMMENT ON COLUMN runs.flow_run_id IS 'Prefect flow-run id, when run through Prefect.';
COMMENT ON COLUMN runs.parameters IS 'Run parameters (JSON).';
COMMENT ON COLUMN runs.started_at IS 'Start time (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'End time (UTC); for crashed runs, when the crash was noticed.';
COMMENT ON COLUMN runs.status IS 'running | completed | failed | crashed.';
COMMENT ON COLUMN runs.pid IS 'Process id of the run.';
COMMENT ON COLUMN runs.host IS 'Host name of the run.';
COMMENT ON COLUMN runs.n_read IS 'Inputs read (documents plus inputs that failed before processing).';
COMMENT ON COLUMN runs.n_new IS 'Articles stored for the first time.';
COMMENT ON COLUMN runs.n_updated IS 'Articles whose content changed.';
COMMENT ON COLUMN runs.n_unchanged IS 'Articles seen again unchanged.';
COMMENT ON COLUMN runs.n_failed IS 'Inputs that failed (see failures).';
COMMENT ON COLUMN runs.n_translated IS 'Articles translated by this run.';
COMMENT ON COLUMN runs.error IS 'Why the run failed or crashed.';

COMMENT ON TABLE failures IS 'Every input or article that failed a stage, one row per failure.';
COMMENT ON COLUMN failures.failure_id IS 'Random id.';
COMMENT ON COLUMN failures.run_id IS 'Run in which it failed (runs.run_id).';
COMMENT ON COLUMN failures.source IS 'Configured source name.';
COMMENT ON COLUMN failures.location IS 'File path or URL that failed.';
COMMENT ON COLUMN failures.stage IS 'read | fetch | decode | extract | detect | store | translate.';
COMMENT ON COLUMN failures.error IS 'What went wrong.';
COMMENT ON COLUMN failures.document_id IS 'The stored input, when it got that far (documents.document_id).';
COMMENT ON COLUMN failures.occurred_at IS 'When the failure was recorded (UTC).';

COMMENT ON TABLE search_en IS 'English title and text of every article that has them (view articles_en), indexed for BM25 search with the English (porter) stemmer as schema fts_main_search_en.';
COMMENT ON COLUMN search_en.article_id IS 'articles.article_id.';
COMMENT ON COLUMN search_en.title IS 'English title.';
COMMENT ON COLUMN search_en.body IS 'English text.';
COMMENT ON TABLE search_de IS 'Original title and text of German articles, indexed with the German stemmer as schema fts_main_search_de.';
COMMENT ON COLUMN search_de.article_id IS 'articles.article_id.';
COMMENT ON COLUMN search_de.title IS 'Original (German) title.';
COMMENT ON COLUMN search_de.body IS 'Original (German) text.';
COMMENT ON TABLE search_nb IS 'Original title and text of Norwegian articles, indexed with the Norwegian stemmer as schema fts_main_search_nb.';
COMMENT ON COLUMN search_nb.article_id IS 'articles.article_id.';
COMMENT ON COLUMN search_nb.title IS 'Original (Norwegian) title.';
COMMENT ON COLUMN search_nb.body IS 'Original (Norwegian) text.';
COMMENT ON TABLE search_index_state IS 'When the search indexes were last built and from which state of articles (one row).';
COMMENT ON COLUMN search_index_state.built_at IS 'When the indexes were built (UTC).';
COMMENT ON COLUMN search_index_state.articles IS 'Number of articles when built.';
COMMENT ON COLUMN search_index_state.last_update IS 'max(articles.updated_at) when built: a newer one means the index is stale.';
COMMENT ON COLUMN search_index_state.seconds IS 'How long the build took.';

COMMENT ON VIEW articles_en IS 'The English-facing archive: every article that has English text (English originals and translated ones), with its original language and source.';
COMMENT ON COLUMN articles_en.article_id IS 'articles.article_id.';
COMMENT ON COLUMN articles_en.source IS 'Configured source name.';
COMMENT ON COLUMN articles_en.lang IS 'Original language (en for English originals).';
COMMENT ON COLUMN articles_en.published_at IS 'Publication time (UTC); NULL when unknown.';
COMMENT ON COLUMN articles_en.url IS 'Canonical URL, when known.';
COMMENT ON COLUMN articles_en.title IS 'English title: coalesce(title_en, title).';
COMMENT ON COLUMN articles_en.text IS 'English text: coalesce(text_en, text).';
COMMENT ON COLUMN articles_en.translation_status IS 'translated or not_needed.';
COMMENT ON COLUMN articles_en.translation_model IS 'Model that translated it; NULL for English originals.';
COMMENT ON COLUMN articles_en.translated_at IS 'When translated (UTC).';
COMMENT ON COLUMN articles_en.first_seen_at IS 'When first stored (UTC).';
COMMENT ON COLUMN articles_en.updated_at IS 'When last changed (UTC).';

COMMENT ON VIEW daily_counts IS 'Articles per day (publication date, else first seen), source, language and translation status.';
COMMENT ON COLUMN daily_counts.day IS 'Publication date, or the date first seen when the article has none.';
COMMENT ON COLUMN daily_counts.source IS 'Configured source name.';
COMMENT ON COLUMN daily_counts.lang IS 'Original language.';
COMMENT ON COLUMN daily_counts.translation_status IS 'Translation status.';
COMMENT ON COLUMN daily_counts.articles IS 'Number of articles.';
COMMENT ON COLUMN daily_counts.undated IS 'How many of them have no publication date (counted on their first-seen day).';

COMMENT ON VIEW translation_backlog IS 'Articles still waiting for a translation (pending, or failed and retryable with --retry-failed), by language and source.';
COMMENT ON COLUMN translation_backlog.lang IS 'Original language.';
COMMENT ON COLUMN translation_backlog.source IS 'Configured source name.';
COMMENT ON COLUMN translation_backlog.translation_status IS 'pending or failed.';
COMMENT ON COLUMN translation_backlog.articles IS 'Number of articles waiting.';
COMMENT ON COLUMN translation_backlog.characters IS 'Characters of original text waiting (a measure of translation work).';
COMMENT ON COLUMN translation_backlog.oldest_first_seen IS 'First-seen time of the oldest waiting article.';
COMMENT ON COLUMN translation_backlog.newest_first_seen IS 'First-seen time of the newest waiting article.';
