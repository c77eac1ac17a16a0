"""The ingest flow: sources -> documents -> articles -> warehouse -> translation, as one flow run."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from prefect import flow, get_run_logger

from newsflow.articles.process import skip_known
from newsflow.config import Settings, load_settings
from newsflow.orchestration.pipeline import run_job
from newsflow.records import SourceItem
from newsflow.runs.summary import RunSummary
from newsflow.sources.stream import collect_source, collect_targets, count_local_inputs
from newsflow.warehouse.writer import Writer


def _inputs(
    settings: Settings, sources: Sequence[str] | None, targets: Sequence[str] | None, source_name: str, writer: Writer
) -> Iterator[SourceItem]:
    if targets:
        yield from collect_targets(settings, list(targets), source_name, writer.store.previous_fetches)
        return
    for name in sources or [s.name for s in settings.sources]:
        yield from collect_source(settings, settings.source(name), writer.store.previous_fetches)


@flow(name="newsflow-ingest", log_prints=True)
def ingest(
    config: str | None = None,
    sources: list[str] | None = None,
    targets: list[str] | None = None,
    source_name: str = "adhoc",
    translate: bool = True,
) -> RunSummary:
    """Every configured source (or the named ones, or ad-hoc files/URLs) into the warehouse."""
    settings = load_settings(config)
    for name in sources or []:
        settings.source(name)  # an unknown name fails the run before anything is written
    parameters = {"sources": sources, "targets": targets, "source_name": source_name, "translate": translate}
    summary = run_job(
        "ingest",
        settings,
        parameters,
        # Input stored byte for byte before (and whose article exists) skips extraction: reruns stay cheap.
        lambda writer: skip_known(
            _inputs(settings, sources, targets, source_name, writer), writer.store.known_documents
        ),
        translate=translate,
        total=count_local_inputs(settings, sources, targets),
    )
    get_run_logger().info("ingest %s: %s", summary.run_id, summary.line())
    return summary
