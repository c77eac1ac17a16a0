"""The translate flow: every pending article whose language has a model, in batches."""

from __future__ import annotations

from prefect import flow

from newsflow.config import load_settings
from newsflow.orchestration.disk_full import quiet_prefect_on_disk_full
from newsflow.orchestration.pipeline import Tally, end_on_full_disk, flow_run_id, refresh_index
from newsflow.orchestration.tasks import translate_stage
from newsflow.records import BatchCounts
from newsflow.runs.signals import end_status
from newsflow.runs.summary import RunSummary
from newsflow.warehouse.backends.disk_full import DiskFull
from newsflow.warehouse.writer import open_writer


@flow(name="newsflow-translate")
def translate(
    config: str | None = None, langs: list[str] | None = None, retry_failed: bool = False, upgrade: bool = False
) -> RunSummary:
    settings = load_settings(config)
    quiet_prefect_on_disk_full()
    parameters = {"langs": langs, "retry_failed": retry_failed, "upgrade": upgrade}
    with open_writer(settings.warehouse, "newsflow translate") as writer:
        run_id = writer.start_run("translate", parameters, flow_run_id())
        try:
            counts = translate_stage(writer, settings, run_id, langs, retry_failed, upgrade)
            refresh_index(writer)
        except DiskFull as exc:
            raise end_on_full_disk(writer, run_id, Tally(), exc) from exc.__cause__
        except BaseException as exc:
            status = end_status(exc)
            writer.finish_run(run_id, status, BatchCounts(), 0, error=f"{type(exc).__name__}: {exc}")
            exc.add_note(f"run {run_id} marked {status}")
            raise
        writer.finish_run(run_id, "completed", BatchCounts(failed=counts.failed), 0, counts.translated)
    # A translate run reads no inputs: its failures are the articles that did not translate.
    return RunSummary.build(run_id, "translate", 0, BatchCounts(failed=counts.failed), [], counts)
