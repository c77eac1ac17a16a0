-- What still waits for translation, biggest first; the oldest waiting article shows how far behind we are.
SELECT
    lang,
    translation_status,
    sum(articles) AS articles,
    sum(characters) AS characters,
    min(oldest_first_seen) AS oldest_waiting_since
FROM translation_backlog
GROUP BY ALL
ORDER BY articles DESC;
