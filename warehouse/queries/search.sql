-- Full-text search over English titles and text, BM25-ranked. Needs the fts extension loaded:
-- `newsflow query` does that; in the duckdb shell run LOAD first (see docs/warehouse.md, "Full-text search").
-- Change the search words in the first line.
WITH q AS (SELECT 'council budget' AS words)
SELECT
    a.article_id,
    round(fts_main_search_en.match_bm25(s.article_id, (SELECT words FROM q)), 3) AS score,
    a.lang,
    a.source,
    a.published_at,
    a.title
FROM search_en s
JOIN articles_en a USING (article_id)
WHERE score IS NOT NULL
ORDER BY score DESC
LIMIT 10;
