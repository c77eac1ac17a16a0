"""CLI commands for operating the pipeline: serve the deployments, show the schedule, backfill, reprocess."""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from newsflow.cli.common import finish_run, prefect_server_errors, run_flow, settings_of

SinceOpt = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="from this date (YYYY-MM-DD or ISO datetime, UTC), inclusive"),
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="through this date (a datetime: up to, exclusive)")
]
TranslateOpt = Annotated[bool, typer.Option(help="translate pending articles afterwards")]


def serve(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="debug logs too")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="warnings and errors only")] = False,
) -> None:
    """Serve the deployments, the nightly run on its schedule.

    Registers and serves the deployments: `nightly` (ingest on the configured cron), `backfill`, `reprocess`,
    `translate`, against the shared local Prefect server (or PREFECT_API_URL). Ctrl-C or SIGTERM stops it."""
    from newsflow.cli.output import say

    settings = settings_of(ctx)
    from newsflow.orchestration.serve import serve as serve_deployments

    with prefect_server_errors():  # as a run's command says them
        signum = serve_deployments(settings, say, verbosity=int(verbose) - int(quiet))
    say(f"stopped serving ({signal.Signals(signum).name})" if signum else "stopped serving")
    raise typer.Exit(130 if signum == signal.SIGINT else 0)


def schedule(ctx: typer.Context) -> None:
    """Show each deployment's schedule and next run times.

    Each deployment with its cron, time zone and next five run times (and the same instants on this machine)."""
    from zoneinfo import ZoneInfo

    from newsflow.cli.output import console

    settings = settings_of(ctx)
    from newsflow.orchestration.deployments import SPECS, full_name, next_runs, schedules, served_states

    planned = schedules(settings)
    states = served_states(settings)
    for spec in SPECS:
        sched = planned[spec.name]
        if sched is None or sched.cron is None:
            console.print(f"{full_name(spec)}: manual runs only", highlight=False)
            continue
        zone = sched.timezone or "UTC"
        # Only a served, unpaused deployment fires: say so rather than list times as if they were coming.
        state = (states or {}).get(spec.name, "missing")
        heading = {
            "active": "next runs:",
            "paused": "paused (`newsflow serve` stopped; it resumes when served again); would run at:",
            "missing": "not served (start `newsflow serve`); would run at:",
        }[state]
        console.print(
            f"{full_name(spec)}: cron {sched.cron!r} in {zone}, {heading}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        for when in next_runs(sched, 5):
            there, here = when.astimezone(ZoneInfo(zone)), when.astimezone()
            console.print(f"  {there:%a %Y-%m-%d %H:%M %Z}  (here: {here:%Y-%m-%d %H:%M %Z})", highlight=False)


def backfill(
    ctx: typer.Context,
    source: Annotated[str, typer.Option("--source", "-s", metavar="NAME", help="the configured source to backfill")],
    since: SinceOpt = None,
    until: UntilOpt = None,
    reprocess: Annotated[bool, typer.Option("--reprocess", help="re-extract stored documents, fetch nothing")] = False,
    translate: TranslateOpt = True,
) -> None:
    """Ingest one source over a date window.

    Feed and sitemap entries are chosen by published or lastmod date, files by article date (else modification
    time)."""
    from newsflow.runs.window import make_window

    settings = settings_of(ctx)
    settings.source(source)
    make_window(since, until)  # a bad date is a usage error (exit 2) before anything runs
    from newsflow.orchestration.flows.backfill import backfill as backfill_flow

    summary = run_flow(
        settings, backfill_flow, source=source, since=since, until=until, reprocess=reprocess, translate=translate
    )
    finish_run(settings, summary)


def reprocess(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Option("--source", "-s", metavar="NAME", help="only this source's documents")
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    translate: TranslateOpt = True,
) -> None:
    """Run stored documents through the current code again.

    Re-extracts, re-detects and re-translates stored documents with the current code, fetching nothing."""
    from newsflow.runs.window import make_window

    settings = settings_of(ctx)
    make_window(since, until)
    from newsflow.orchestration.flows.reprocess import reprocess as reprocess_flow

    summary = run_flow(settings, reprocess_flow, source=source, since=since, until=until, translate=translate)
    finish_run(settings, summary)
