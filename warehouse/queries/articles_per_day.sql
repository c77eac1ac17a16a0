-- Articles per day for the last 90 days that have any, one column per language.
PIVOT (
    SELECT day, lang, articles
    FROM daily_counts
    WHERE day >= (SELECT max(day) FROM daily_counts) - INTERVAL 90 DAY
)
ON lang
USING sum(articles)
GROUP BY day
ORDER BY day DESC;
