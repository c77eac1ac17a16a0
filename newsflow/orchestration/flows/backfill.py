"""The backfill flow: one source over a date window, fetched again (or, with `reprocess`, re-extracted)."""

from __future__ import annotations

from prefect import flow, get_run_logger

from newsflow.config import load_settings
from newsflow.orchestration.flows.reprocess import reprocess_job
from newsflow.orchestration.pipeline import run_job
from newsflow.runs.summary import RunSummary
from newsflow.runs.window import make_window
from newsflow.sources.kinds import source_kind
from newsflow.sources.stream import collect_source


@flow(name="newsflow-backfill", log_prints=True)
def backfill(
    source: str,
    since: str | None = None,
    until: str | None = None,
    reprocess: bool = False,
    translate: bool = True,
    config: str | None = None,
) -> RunSummary:
    """`source` between `since` (inclusive) and `until` (a date: through that day). Dates are UTC."""
    settings = load_settings(config)
    src = settings.source(source)
    window = make_window(since, until)
    parameters = {"source": source, "since": since, "until": until, "reprocess": reprocess, "translate": translate}
    if reprocess:
        summary = reprocess_job(settings, "backfill", parameters, source, window, translate)
    else:
        summary = run_job(
            "backfill",
            settings,
            parameters,
            lambda writer: collect_source(
                settings, src, writer.store.previous_fetches, since=window.since, until=window.until
            ),
            # Feeds and sitemaps date their entries, so discovery applied the window before fetching. Files
            # and URL lists say nothing until extracted: they are processed, then filtered by article date.
            window=None if source_kind(src.kind).dates_entries else window,
            translate=translate,
            label=f"backfilling {source}",
        )
    get_run_logger().info("backfill %s: %s", summary.run_id, summary.line())
    return summary
