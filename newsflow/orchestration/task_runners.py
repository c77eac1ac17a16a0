"""The task runner a flow run uses, chosen by `[orchestration]` in the config."""

from __future__ import annotations

from typing import Any

from prefect.task_runners import ThreadPoolTaskRunner

from newsflow.config import Settings


def task_runner_for(settings: Settings) -> Any:
    """Threads in this process, or Dask: a LocalCluster of `dask_workers` processes, or an existing scheduler.

    Either way only the pure `process` task leaves the flow's process; records come back and the flow stores them.
    """
    orchestration = settings.orchestration
    if orchestration.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        if orchestration.dask_address:
            return DaskTaskRunner(address=orchestration.dask_address)
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": orchestration.dask_workers,
                "threads_per_worker": 1,
                "processes": True,
                # Loopback and a free port: None still serves its web routes on 8787, which two runs at once share.
                "dashboard_address": "127.0.0.1:0",
            },
        )
    return ThreadPoolTaskRunner(max_workers=orchestration.max_workers)
