"""The nightly deployment's cron, time zone and next run times: computed, registered, read back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsflow.config import load_settings
from newsflow.orchestration.deployments import build_deployments, next_runs, schedules

# Deployments and schedules: no warehouse is opened, so the lake pass skips it.
pytestmark = pytest.mark.no_warehouse

SCHEDULE = '[schedule]\ncron = "30 2 * * *"\ntimezone = "Europe/Oslo"\n'


@pytest.fixture(scope="module")
def own_server(prefect_harness: None) -> Iterator[None]:
    """A Prefect server of this module's own: `newsflow serve` in other modules (on other xdist workers, sharing
    the session's server) registers and pauses the same deployments."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=300):
        yield


def test_next_runs_are_at_the_configured_local_time_across_dst(write_config) -> None:
    settings = load_settings(write_config(extra=SCHEDULE))
    nightly = schedules(settings)["nightly"]
    assert nightly is not None

    runs = next_runs(nightly, 5, after=datetime(2025, 10, 24, tzinfo=UTC))  # Oslo leaves summer time on the 26th

    oslo = [r.astimezone(ZoneInfo("Europe/Oslo")) for r in runs]
    assert [(r.day, r.hour, r.minute) for r in oslo] == [(d, 2, 30) for d in (24, 25, 26, 27, 28)]
    # 02:30 happens twice on the 26th (03:00 CEST -> 02:00 CET): it runs once, at the first (00:30 UTC).
    assert [r.astimezone(UTC).hour for r in runs] == [0, 0, 0, 1, 1]


@pytest.mark.slow
def test_deployments_read_back_from_the_api(write_config, own_server: None, cli) -> None:
    from prefect.client.orchestration import get_client

    config = write_config(extra=SCHEDULE)
    settings = load_settings(config)
    for deployment in build_deployments(settings):
        deployment.apply()

    with get_client(sync_client=True) as client:
        nightly = client.read_deployment_by_name("newsflow-ingest/nightly")
        manual = [client.read_deployment_by_name(f"newsflow-{n}/{n}") for n in ("backfill", "reprocess", "translate")]

    (registered,) = nightly.schedules
    assert (registered.schedule.cron, registered.schedule.timezone, registered.active) == (
        "30 2 * * *",
        "Europe/Oslo",
        True,
    )
    assert nightly.parameters == {"config": str(Path(config))}
    assert all(not d.schedules for d in manual)
    # What `newsflow schedule` prints comes from the same schedule object the API now holds.
    from prefect.schedules import Cron

    read_back = Cron(registered.schedule.cron, timezone=registered.schedule.timezone)
    expected = next_runs(read_back, 5)
    result = cli("--config", config, "schedule")
    assert result.code == 0, result.err
    assert "newsflow-ingest/nightly: cron '30 2 * * *' in Europe/Oslo" in result.out
    for when in expected:
        assert f"{when.astimezone(ZoneInfo('Europe/Oslo')):%Y-%m-%d %H:%M}" in result.out
    assert "newsflow-backfill/backfill: manual runs only" in result.out


@pytest.mark.slow
def test_a_paused_deployment_is_listed_as_paused_not_with_next_runs(write_config, own_server: None, cli) -> None:
    from prefect.client.orchestration import get_client

    config = write_config(extra=SCHEDULE)
    for deployment in build_deployments(load_settings(config)):
        deployment.apply()
    with get_client(sync_client=True) as client:
        nightly = client.read_deployment_by_name("newsflow-ingest/nightly")
        client.pause_deployment(nightly.id)  # what `serve` does when it stops (Runner(pause_on_shutdown=True))
        try:
            result = cli("--config", config, "schedule")
        finally:
            client.resume_deployment(nightly.id)
    assert result.code == 0, result.err
    assert (
        "newsflow-ingest/nightly: cron '30 2 * * *' in Europe/Oslo, paused (`newsflow serve` stopped; it resumes "
        "when served again); would run at:\n"
    ) in result.out
    assert "next runs" not in result.out
    assert "newsflow-backfill/backfill: manual runs only" in result.out
