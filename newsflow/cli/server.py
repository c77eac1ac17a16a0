"""`newsflow server status|stop`: the shared local Prefect server that flow commands start and reuse."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="The local Prefect server that flow commands share.\n\nThe first flow command starts it; it stops when idle.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help, as the root app's (newsflow/cli/app.py)
)


@app.command()
def status() -> None:
    """Whether the local server runs, where, and when it stops."""
    from newsflow.cli.output import console
    from newsflow.orchestration.local_server import shared
    from newsflow.orchestration.prefect_settings import prefect_home

    home = prefect_home()
    found = shared.find(home, shared.HEALTH_TIMEOUT_S)
    if found is None:
        held = shared.holder(home)
        if held is not None:  # its watchdog lives: busy or stopped, not gone (the next command waits for it)
            console.print(
                f"local Prefect server at {held.url}, pid {held.pid}, does not answer (busy or stopped; "
                f"`newsflow server stop` ends it); home {home}",
                highlight=False,
                markup=False,
            )
            return
        console.print(f"no local Prefect server running (Prefect home {home})", highlight=False, markup=False)
        return
    console.print(
        f"local Prefect server at {found.url} (UI), pid {found.pid}, since {found.started_at}; "
        f"stops after {found.idle_s:g} s idle; home {home}",
        highlight=False,
        markup=False,
    )


@app.command()
def stop() -> None:
    """Stop the local server now (the next flow command starts it again)."""
    from newsflow.cli.output import console
    from newsflow.orchestration.local_server import shared
    from newsflow.orchestration.prefect_settings import prefect_home

    stopped = shared.stop(prefect_home())
    console.print(
        f"stopped the local Prefect server at {stopped.url}" if stopped else "no local Prefect server running",
        highlight=False,
        markup=False,
    )
