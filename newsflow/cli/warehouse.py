"""`newsflow warehouse`: moving a file warehouse into a DuckLake."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="The warehouse itself: move a DuckDB file into a DuckLake.", no_args_is_help=True)


@app.command()
def migrate(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help="target backend (ducklake)")] = "ducklake",
    source: Annotated[
        Path | None, typer.Option("--from", help="the DuckDB file to move (default: [warehouse] path)")
    ] = None,
) -> None:
    """Copy every table of a DuckDB file (documents, articles, runs, failures, stories, search) into the lake
    [warehouse] configures (catalog, data_path), check every table's count, and rebuild the lake's search
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
