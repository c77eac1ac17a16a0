"""`newsflow warehouse`: moving a file warehouse into a DuckLake."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="The warehouse itself: move a DuckDB file into a DuckLake.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help, as the root app's (newsflow/cli/app.py)
)


@app.command()
def migrate(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", metavar="BACKEND", help="target backend (ducklake)")] = "ducklake",
    source: Annotated[
        Path | None, typer.Option("--from", metavar="FILE", help="the DuckDB file to move (default: [warehouse] path)")
    ] = None,
) -> None:
    """Move a DuckDB file warehouse into the configured DuckLake.

    Copies every table of the file (documents, articles, runs, failures, stories, search) into the lake
    [warehouse] configures (catalog, data_path), checks every table's count, and rebuilds the lake's search
    index. The lake must be empty; the file is left as it was."""
    from newsflow.cli.common import EXIT_USAGE, fail, state
    from newsflow.cli.output import console, render_rows
    from newsflow.warehouse.move_to_lake import MoveRefused, move_to_lake

    if to != "ducklake":
        raise fail(f"--to must be ducklake, not {to!r}", EXIT_USAGE)
    settings = state(ctx).settings().warehouse
    if settings.backend != "ducklake":
        raise fail('set [warehouse] backend = "ducklake" with catalog and data_path first', EXIT_USAGE)
    try:
        moved = move_to_lake(source or settings.path, settings)
    except MoveRefused as exc:
        raise fail(str(exc)) from None
    render_rows(["table", "rows"], [(m.table, m.rows) for m in moved], "table", title="moved into the lake")
    console.print(f"counts checked: the lake holds every row of {source or settings.path}", highlight=False)
