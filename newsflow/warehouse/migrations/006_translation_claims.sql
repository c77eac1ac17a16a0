-- newsflow warehouse, schema version 6: which run is translating which article, so that concurrent runs on a
-- lake never translate the same article twice. A run claims a batch of pending articles in one transaction
-- (on a lake a keyed write: a concurrent claim conflicts and retries, then sees these rows) and deletes its
-- claims when it stores the batch. A claim is void once its run is no longer running, or after a lease.

CREATE TABLE IF NOT EXISTS translation_claims (
    article_id  VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    claimed_at  TIMESTAMP NOT NULL
);

COMMENT ON TABLE translation_claims IS 'Articles a running job is translating now (one row per article and batch); empty between jobs. Void once the run has ended or after 30 minutes.';
COMMENT ON COLUMN translation_claims.article_id IS 'articles.article_id.';
COMMENT ON COLUMN translation_claims.run_id IS 'runs.run_id of the run translating it (or a token of a translation outside any run).';
COMMENT ON COLUMN translation_claims.claimed_at IS 'When the claim was made (UTC).';
