"""The task runner a flow run uses, chosen by `[orchestration]` in the config."""

from __future__ import annotations

import os
from typing import Any

import flows.runtime  # noqa: F401 - Prefect settings before Prefect

# isort: split
from prefect.task_runners import ThreadPoolTaskRunner

from newsflow.config import ENV_VAR, ConfigError, Settings, load_settings


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
                "dashboard_address": None,  # no web port to collide with on a shared host
            },
        )
    return ThreadPoolTaskRunner(max_workers=orchestration.max_workers)


def default_task_runner() -> Any:
    """The flows' decorator default. The CLI and `newsflow serve` set the runner from the config explicitly;
    this default serves flow runs started from an entrypoint (`prefect deploy` + a worker), where the config
    is known only through $NEWSFLOW_CONFIG."""
    if os.environ.get(ENV_VAR):
        try:
            return task_runner_for(load_settings())
        except ConfigError:
            pass  # the flow itself reports the bad config when it runs
    return ThreadPoolTaskRunner(max_workers=4)
