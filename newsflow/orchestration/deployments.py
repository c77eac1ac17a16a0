"""The deployments `newsflow serve` registers, and their schedules: one source of truth for `serve` and `schedule`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from prefect.schedules import Cron, Schedule

from newsflow.config import Settings

TAGS = ["newsflow"]


@dataclass(frozen=True)
class Spec:
    flow: str  # attribute path "module:function" of the flow object
    name: str  # deployment name; the full name is "<flow name>/<name>"
    description: str
    scheduled: bool = False


SPECS = (
    Spec(
        "newsflow.orchestration.flows.ingest:ingest",
        "nightly",
        "Every configured source, on [schedule] cron in [schedule] timezone.",
        True,
    ),
    Spec("newsflow.orchestration.flows.backfill:backfill", "backfill", "One source over a date window (manual runs)."),
    Spec(
        "newsflow.orchestration.flows.reprocess:reprocess",
        "reprocess",
        "Re-extract stored documents without fetching (manual runs).",
    ),
    Spec(
        "newsflow.orchestration.flows.translate:translate", "translate", "Translate the pending articles (manual runs)."
    ),
)


def nightly_schedule(settings: Settings) -> Schedule:
    # A timezone on the schedule itself: `flow.serve(cron=...)` has none and would mean UTC.
    return Cron(settings.schedule.cron, timezone=settings.schedule.timezone)


def schedules(settings: Settings) -> dict[str, Schedule | None]:
    """Deployment name -> its schedule (None: manual runs only)."""
    return {spec.name: nightly_schedule(settings) if spec.scheduled else None for spec in SPECS}


def _flow(path: str) -> Any:
    import importlib

    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)


def build_deployments(settings: Settings) -> list[Any]:
    """RunnerDeployments for `prefect.serve`. The served flow objects carry the configured task runner
    (the runner starts flow runs from these objects, not from their entrypoints)."""
    from newsflow.orchestration.task_runners import task_runner_for

    parameters = {"config": str(settings.config_path)} if settings.config_path else {}
    deployments = []
    for spec in SPECS:
        flow = _flow(spec.flow).with_options(task_runner=task_runner_for(settings))
        schedule = schedules(settings)[spec.name]
        deployments.append(
            flow.to_deployment(
                name=spec.name,
                description=spec.description,
                schedule=schedule,
                parameters=parameters,
                tags=TAGS,
            )
        )
    return deployments


def full_name(spec: Spec) -> str:
    return f"{_flow_name(spec)}/{spec.name}"


def _flow_name(spec: Spec) -> str:
    return str(_flow(spec.flow).name)


def next_runs(schedule: Schedule, n: int = 5, after: datetime | None = None) -> list[datetime]:
    """The next `n` times `schedule` fires, computed by the Prefect server's own scheduling code
    (DST included), as aware datetimes in the schedule's time zone."""
    from prefect.server.schemas.schedules import CronSchedule
    from prefect.utilities.asyncutils import run_coro_as_sync

    if schedule.cron is None:
        raise ValueError("only cron schedules are used here")
    cron = CronSchedule(cron=schedule.cron, timezone=schedule.timezone, day_or=schedule.day_or)
    dates: list[Any] = run_coro_as_sync(cron.get_dates(n=n, start=after)) or []
    return [datetime.fromisoformat(d.isoformat()) for d in dates]


def served_states(settings: Settings) -> dict[str, str] | None:
    """Deployment name -> 'active', 'paused' or 'missing' (never registered), as the Prefect API says; None when
    no server answers (PREFECT_API_URL, or the shared local server if one runs: none is started for this).
    `serve` pauses its deployments when it stops, so a paused one fires nothing until `serve` runs again."""
    from newsflow.orchestration.command_runs import configured_api_url, reachable
    from newsflow.orchestration.local_server import shared
    from newsflow.orchestration.prefect_settings import prefect_home

    api = configured_api_url()
    if api and not reachable(api):
        return None
    if not api:
        running = shared.find(prefect_home())
        if running is None:
            return None
        api = running.api_url
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL, temporary_settings

    states = {}
    with temporary_settings(updates={PREFECT_API_URL: api}), get_client(sync_client=True) as client:
        for spec in SPECS:
            try:
                deployment = client.read_deployment_by_name(full_name(spec))
            except ObjectNotFound:
                states[spec.name] = "missing"
                continue
            active = not deployment.paused and any(s.active for s in deployment.schedules)
            states[spec.name] = "active" if active or (not spec.scheduled and not deployment.paused) else "paused"
    return states
