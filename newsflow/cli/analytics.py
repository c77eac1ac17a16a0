"""CLI commands for analysts: full-text `search` and Parquet `export`, both on read-only connections."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer


def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="words to look for (BM25 ranking, stemmed)")],
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            "-l",
            metavar="en|original",
            help="en: English text and titles; original: German and Norwegian originals",
        ),
    ] = "en",
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, metavar="N", help="at most this many hits")] = 20,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="table|csv|json", help="table, csv or json")] = "table",
) -> None:
    """Full-text search over the archive, best matches first."""
    from newsflow.cli.common import EXIT_USAGE, check_text, fail, state
    from newsflow.cli.output import render_rows, safe
    from newsflow.warehouse.search.bm25 import SearchUnavailable, load_fts
    from newsflow.warehouse.search.matches import search as run_search
    from newsflow.warehouse.search.refresh import open_search_reader

    check_text([text], "TEXT")
    if lang not in ("en", "original"):
        raise fail(f"--lang must be en or original, not {lang!r}", EXIT_USAGE)
    if fmt not in ("table", "csv", "json"):
        raise fail(f"--format must be table, csv or json, not {fmt!r}", EXIT_USAGE)
    settings = state(ctx).settings()
    with open_search_reader(settings.warehouse) as con:
        try:
            load_fts(con)
            columns, rows = run_search(con, text, lang, limit)
        except SearchUnavailable as exc:
            raise fail(str(exc)) from None
    hits = "1 hit" if len(rows) == 1 else f"{len(rows)} hits"
    render_rows(columns, rows, fmt, title=f"{hits} for {safe(repr(text))}")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--since") from None


def export(
    ctx: typer.Context,
    out_dir: Annotated[
        Path, typer.Argument(metavar="DIR", help="folder for the Parquet dataset (month=YYYY-MM/lang=xx/)")
    ],
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="only articles from this date's month on (YYYY-MM-DD); older partitions stay",
        ),
    ] = None,
) -> None:
    """Export articles as Parquet.

    Partitioned by publication month and language."""
    from newsflow.cli.common import fail, state
    from newsflow.cli.output import console, safe
    from newsflow.warehouse import open_reader
    from newsflow.warehouse.export import ExportError, export_parquet

    start = _parse_date(since)
    settings = state(ctx).settings()
    with open_reader(settings.warehouse) as con:
        try:
            result = export_parquet(con, out_dir, start)
        except ExportError as exc:
            raise fail(str(exc)) from None
    frm = f" from {result.since.isoformat()}" if result.since else ""
    console.print(
        f"exported {result.articles} articles{frm} to {safe(out_dir)} ({len(result.partitions)} partitions)",
        highlight=False,
    )
