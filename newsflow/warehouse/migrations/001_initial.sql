-- newsflow warehouse, schema version 1: the tables every stage writes.

CREATE TABLE IF NOT EXISTS documents (
    document_id   VARCHAR PRIMARY KEY,   -- sha256 of source, location and content: same bytes again, same row
    source        VARCHAR NOT NULL,
    location      VARCHAR NOT NULL,      -- file path or requested URL
    url           VARCHAR,               -- final URL after redirects (web)
    content       BLOB NOT NULL,         -- bytes exactly as read, for reprocessing without fetching again
    content_type  VARCHAR NOT NULL,
    encoding      VARCHAR,               -- encoding the text was decoded with (NULL when decoding failed)
    content_hash  VARCHAR NOT NULL,      -- sha256 of content
    fetched_at    TIMESTAMP NOT NULL,
    modified_at   TIMESTAMP,             -- file mtime, or HTTP Last-Modified
    etag          VARCHAR,               -- HTTP ETag: with modified_at, the next run's conditional request
    hints         JSON,                  -- feed/sitemap metadata known before extraction
    run_id        VARCHAR
);

CREATE TABLE IF NOT EXISTS articles (
    article_id          VARCHAR PRIMARY KEY,  -- sha256 of the canonical URL when known, else of the raw content
    source              VARCHAR NOT NULL,
    url                 VARCHAR,
    location            VARCHAR NOT NULL,
    document_id         VARCHAR NOT NULL,
    title               VARCHAR,
    author              VARCHAR,
    published_at        TIMESTAMP,
    lang                VARCHAR NOT NULL,
    lang_confidence     DOUBLE NOT NULL,
    text                VARCHAR NOT NULL,
    title_en            VARCHAR,
    text_en             VARCHAR,
    translation_status  VARCHAR NOT NULL,     -- translated | pending | not_needed | unsupported | failed
    translation_model   VARCHAR,
    translated_at       TIMESTAMP,
    content_hash        VARCHAR NOT NULL,     -- sha256 of the extracted title, metadata and text
    first_seen_at       TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    run_id              VARCHAR
);

CREATE TABLE IF NOT EXISTS runs (
    run_id        VARCHAR PRIMARY KEY,
    flow          VARCHAR NOT NULL,
    flow_run_id   VARCHAR,               -- Prefect's flow-run id
    parameters    JSON,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL,      -- running | completed | failed | crashed
    pid           INTEGER,
    host          VARCHAR,
    n_read        INTEGER DEFAULT 0,
    n_new         INTEGER DEFAULT 0,
    n_updated     INTEGER DEFAULT 0,
    n_unchanged   INTEGER DEFAULT 0,
    n_failed      INTEGER DEFAULT 0,
    n_translated  INTEGER DEFAULT 0,
    error         VARCHAR
);

CREATE TABLE IF NOT EXISTS failures (
    failure_id    VARCHAR PRIMARY KEY,
    run_id        VARCHAR,
    source        VARCHAR NOT NULL,
    location      VARCHAR NOT NULL,
    stage         VARCHAR NOT NULL,      -- read | fetch | decode | extract | detect | store | translate
    error         VARCHAR NOT NULL,
    document_id   VARCHAR,
    occurred_at   TIMESTAMP NOT NULL
);
