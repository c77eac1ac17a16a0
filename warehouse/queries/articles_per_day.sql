-- Articles per day, one column per language, for the 90 days up to the newest publication date (undated
-- articles count on their first-seen day, which must not set the window: a dump of old articles with one
-- undated among them would show that one day alone). With no dated article at all, up to the newest day.
PIVOT (
    SELECT day, lang, articles
    FROM daily_counts
    WHERE day >= coalesce(
        (SELECT max(day) FROM daily_counts WHERE articles > undated),
        (SELECT max(day) FROM daily_counts)
    ) - INTERVAL 90 DAY
)
ON lang
USING sum(articles)
GROUP BY day
ORDER BY day DESC;
