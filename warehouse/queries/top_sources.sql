-- Top sources: articles per source and language, with how many are readable in English.
SELECT
    source,
    lang,
    count(*) AS articles,
    count(*) FILTER (WHERE translation_status IN ('translated', 'not_needed')) AS in_english,
    min(published_at) AS first_published,
    max(published_at) AS last_published
FROM articles
GROUP BY ALL
ORDER BY articles DESC, source, lang
LIMIT 20;
