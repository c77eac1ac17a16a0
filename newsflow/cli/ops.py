"""CLI commands for operating the pipeline: serve the deployments, show the schedule, backfill, reprocess."""

from __future__ import annotations

import os
import signal
from typing import Annotated

import typer

SinceOpt = Annotated[
    str | None, typer.Option("--since", help="from this date (YYYY-MM-DD or ISO datetime, UTC), inclusive")
]
UntilOpt = Annotated[str | None, typer.Option("--until", help="through this date (a datetime: up to, exclusive)")]
TranslateOpt = Annotated[bool, typer.Option(help="translate pending articles afterwards")]


def serve(ctx: typer.Context) -> None:
    """Register and serve the deployments: `nightly` (ingest on the configured cron), `backfill`, `reprocess`,
    `translate`. Without PREFECT_API_URL a local Prefect server is started (and stopped on Ctrl-C/SIGTERM)."""
    from newsflow.cli.app import state
    from newsflow.cli.output import console

    settings = state(ctx).settings()
    from flows.runtime import configure_prefect

    configure_prefect()
    from prefect import serve as prefect_serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows import server as local
    from flows.deployments import build_deployments

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(0)

    # Until Prefect's runner installs its own SIGTERM handler (after registering the deployments), a SIGTERM
    # must still end in the `finally` below, or the local server would outlive us.
    signal.signal(signal.SIGTERM, terminate)
    server = None
    try:
        if not os.environ.get("PREFECT_API_URL"):
            console.print("starting a local Prefect server (no PREFECT_API_URL set)…")
            server = local.start()
            # Flow runs start in child processes: they read the server's address from the environment.
            os.environ["PREFECT_API_URL"] = server.api_url
            console.print(f"Prefect server at {server.url} (UI), pid {server.pid}, log {server.log_path}")
        api_url = os.environ["PREFECT_API_URL"]
        console.print(f"serving against {api_url}; Ctrl-C to stop", highlight=False)
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            prefect_serve(*build_deployments(settings))
    finally:
        if server is not None:
            local.stop(server)
            os.environ.pop("PREFECT_API_URL", None)
            console.print("local Prefect server stopped")


def schedule(ctx: typer.Context) -> None:
    """Each deployment with its cron, time zone and next five run times (and the same instants on this machine)."""
    from zoneinfo import ZoneInfo

    from newsflow.cli.app import state
    from newsflow.cli.output import console

    settings = state(ctx).settings()
    from flows.deployments import SPECS, full_name, next_runs, schedules

    planned = schedules(settings)
    for spec in SPECS:
        sched = planned[spec.name]
        if sched is None or sched.cron is None:
            console.print(f"{full_name(spec)}: manual runs only", highlight=False)
            continue
        zone = sched.timezone or "UTC"
        console.print(f"{full_name(spec)}: cron {sched.cron!r} in {zone}, next runs:", highlight=False)
        for when in next_runs(sched, 5):
            there, here = when.astimezone(ZoneInfo(zone)), when.astimezone()
            console.print(f"  {there:%a %Y-%m-%d %H:%M %Z}  (here: {here:%Y-%m-%d %H:%M %Z})", highlight=False)


def backfill(
    ctx: typer.Context,
    source: Annotated[str, typer.Option("--source", "-s", help="the configured source to backfill")],
    since: SinceOpt = None,
    until: UntilOpt = None,
    reprocess: Annotated[bool, typer.Option("--reprocess", help="re-extract stored documents, fetch nothing")] = False,
    translate: TranslateOpt = True,
) -> None:
    """One source over a date window: feed/sitemap entries by published or lastmod date, files by article
    date (else modification time)."""
    from newsflow.cli.app import finish_run, run_flow, state
    from newsflow.window import make_window

    settings = state(ctx).settings()
    settings.source(source)
    make_window(since, until)  # a bad date is a usage error (exit 2) before anything runs
    from flows.backfill import backfill as backfill_flow

    summary = run_flow(
        settings, backfill_flow, source=source, since=since, until=until, reprocess=reprocess, translate=translate
    )
    finish_run(settings, summary)


def reprocess(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option("--source", "-s", help="only this source's documents")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    translate: TranslateOpt = True,
) -> None:
    """Re-extract, re-detect and re-translate stored documents with the current code, without fetching."""
    from newsflow.cli.app import finish_run, run_flow, state
    from newsflow.window import make_window

    settings = state(ctx).settings()
    make_window(since, until)
    from flows.reprocess import reprocess as reprocess_flow

    summary = run_flow(settings, reprocess_flow, source=source, since=since, until=until, translate=translate)
    finish_run(settings, summary)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    for command in (serve, schedule, backfill, reprocess):
        app.command()(command)
