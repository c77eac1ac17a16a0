"""The reprocess flow: stored documents through the current extraction, detection and translation, no fetching."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger

from newsflow.config import Settings, load_settings
from newsflow.documents.replay import stored_documents
from newsflow.orchestration.pipeline import run_job
from newsflow.runs.summary import RunSummary
from newsflow.runs.window import Window, make_window


def reprocess_job(
    settings: Settings, flow: str, parameters: dict[str, Any], source: str | None, window: Window, translate: bool
) -> RunSummary:
    # The window is applied by the warehouse (article date, else fetch time), so no second filter here.
    return run_job(
        flow,
        settings,
        parameters,
        lambda writer: stored_documents(
            writer.iter_documents(source, window.since, window.until, batch_size=settings.orchestration.batch_size)
        ),
        translate=translate,
        label="reprocessing",
    )


@flow(name="newsflow-reprocess", log_prints=True)
def reprocess(
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    translate: bool = True,
    config: str | None = None,
) -> RunSummary:
    """Re-extract, re-detect and re-translate the stored documents of one source or date window."""
    settings = load_settings(config)  # the source need not be configured any more: its documents are stored
    window = make_window(since, until)
    parameters = {"source": source, "since": since, "until": until, "translate": translate}
    summary = reprocess_job(settings, "reprocess", parameters, source, window, translate)
    get_run_logger().info("reprocess %s: %s", summary.run_id, summary.line())
    return summary
