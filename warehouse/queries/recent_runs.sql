-- The last runs, how long they took and what they did; crashed runs were killed and cleaned up by the next.
SELECT
    run_id,
    flow,
    status,
    started_at,
    round(epoch(finished_at - started_at), 1) AS seconds,
    n_read,
    n_new,
    n_updated,
    n_unchanged,
    n_failed,
    n_translated,
    error
FROM runs
ORDER BY started_at DESC
LIMIT 10;
