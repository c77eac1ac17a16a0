-- newsflow warehouse, schema version 3: publication times as printed, how each language was decided,
-- and stories (articles that tell the same story share a story_id). Nothing here relies on a constraint
-- or an index: the story tables are read by joins on their columns.

ALTER TABLE articles ADD COLUMN IF NOT EXISTS published_raw VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS lang_method VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS story_id VARCHAR;
-- Articles stored before stories existed are each a story of their own until `newsflow reprocess` links them.
UPDATE articles SET story_id = article_id WHERE story_id IS NULL;

-- LSH band keys of each article text, by "space": the text's language (the original) or 'en' (English text,
-- original or translated). A new text finds its candidates by joining its keys here.
CREATE TABLE IF NOT EXISTS story_keys (
    article_id  VARCHAR NOT NULL,
    space       VARCHAR NOT NULL,
    band        SMALLINT NOT NULL,
    key         BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_signatures (
    article_id  VARCHAR NOT NULL,
    space       VARCHAR NOT NULL,
    signature   BLOB NOT NULL
);

CREATE OR REPLACE VIEW stories AS
SELECT
    story_id,
    min(first_seen_at) AS first_seen_at,
    min(published_at) AS first_published_at,
    list(DISTINCT source ORDER BY source) AS sources,
    list(DISTINCT lang ORDER BY lang) AS languages,
    arg_min(coalesce(title_en, CASE WHEN lang = 'en' THEN title END), first_seen_at)
        FILTER (WHERE coalesce(title_en, CASE WHEN lang = 'en' THEN title END) IS NOT NULL) AS title_en,
    count(*) AS articles
FROM articles
GROUP BY story_id;

COMMENT ON COLUMN articles.published_at IS 'Publication time in UTC. A time printed with an offset keeps it; one printed without is local time in the source''s declared timezone, else in the zone of the article''s language (nb, nn: Europe/Oslo; da: Europe/Copenhagen; sv: Europe/Stockholm; de: Europe/Berlin; else UTC). A date without a time stays on its day at 00:00. NULL when unknown.';
COMMENT ON COLUMN articles.published_raw IS 'The publication time as the document printed it (e.g. 02.04.2026 kl. 09.30, 2026-04-02T07:15:00+02:00), before any zone was applied; for audit.';
COMMENT ON COLUMN articles.lang_method IS 'How lang was decided: langdetect | neighbours (a second detector chose among nb, nn, da, sv) | declared (the source''s declared languages settled it) | hint (page or feed metadata, the text being too short).';
COMMENT ON COLUMN articles.lang_confidence IS 'Confidence in lang, 0 to 1: the detector''s probability; for declared, langdetect''s probability for the Nordic neighbours together.';
COMMENT ON COLUMN articles.story_id IS 'The story this article tells: articles with near-identical text (the same wire copy, a lightly edited or shortened copy, a republication) share it. The article_id of the story''s first-seen article.';

COMMENT ON TABLE story_keys IS 'LSH band keys of article texts (MinHash, newsflow.articles.minhash): how a new article finds stored ones of the same story without rescanning texts.';
COMMENT ON COLUMN story_keys.article_id IS 'articles.article_id.';
COMMENT ON COLUMN story_keys.space IS 'Which text: its language code for the original text, en for English text (original or translated).';
COMMENT ON COLUMN story_keys.band IS 'Band number, 0 to 41.';
COMMENT ON COLUMN story_keys.key IS 'Hash of the band''s MinHash values: equal keys in one band make two texts candidates.';
COMMENT ON TABLE story_signatures IS 'MinHash signature of each article text (126 values, datasketch affine32, seed 1), to estimate the similarity of candidates.';
COMMENT ON COLUMN story_signatures.article_id IS 'articles.article_id.';
COMMENT ON COLUMN story_signatures.space IS 'As in story_keys.';
COMMENT ON COLUMN story_signatures.signature IS '126 little-endian uint32 MinHash values over the text''s word 3-shingles.';

COMMENT ON VIEW stories IS 'One row per story: articles that tell the same story across sources, languages and republications.';
COMMENT ON COLUMN stories.story_id IS 'articles.story_id.';
COMMENT ON COLUMN stories.first_seen_at IS 'When the first of its articles was stored (UTC).';
COMMENT ON COLUMN stories.first_published_at IS 'Earliest publication time among its articles (UTC); NULL when none is dated.';
COMMENT ON COLUMN stories.sources IS 'Sources that carried it, sorted.';
COMMENT ON COLUMN stories.languages IS 'Languages of its articles, sorted.';
COMMENT ON COLUMN stories.title_en IS 'English title of its first article that has one (translated, or an English original); NULL until one exists.';
COMMENT ON COLUMN stories.articles IS 'Number of articles.';
