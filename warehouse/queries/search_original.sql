-- Search the German originals with the German stemmer ("Radweg" also finds "Radwege"); for Norwegian
-- use search_nb and fts_main_search_nb the same way.
SELECT
    a.article_id,
    round(fts_main_search_de.match_bm25(s.article_id, 'Radweg'), 3) AS score,
    a.published_at,
    a.title,
    a.title_en
FROM search_de s
JOIN articles a USING (article_id)
WHERE score IS NOT NULL
ORDER BY score DESC
LIMIT 10;
