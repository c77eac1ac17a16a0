"""Entrypoints for `prefect deploy --all` (prefect.yaml): the flows with the task runner of $NEWSFLOW_CONFIG.

A Prefect worker imports this module to run a deployment, so reading the config here, on import, is the
point of it; nothing else imports it. `newsflow serve` and the CLI set the runner explicitly instead.
"""

from __future__ import annotations

import os
from typing import Any

from newsflow.config import ENV_VAR, ConfigError, load_settings
from newsflow.orchestration.flows.backfill import backfill as _backfill
from newsflow.orchestration.flows.ingest import ingest as _ingest
from newsflow.orchestration.flows.reprocess import reprocess as _reprocess
from newsflow.orchestration.flows.translate import translate as _translate
from newsflow.orchestration.task_runners import task_runner_for


def _configured(flow: Any) -> Any:
    if os.environ.get(ENV_VAR):
        try:
            return flow.with_options(task_runner=task_runner_for(load_settings()))
        except ConfigError:
            pass  # the flow itself reports the bad config when it runs
    return flow


ingest = _configured(_ingest)
backfill = _configured(_backfill)
reprocess = _configured(_reprocess)
translate = _configured(_translate)
