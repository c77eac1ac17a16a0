"""The vertical record layout (psql's `\\x`, DuckDB's `.mode line`) for results too wide for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from newsflow.cli.terminal import controls_escaped

GAP = 2  # columns between table cells


def cell(value: Any) -> str:
    """A value as printed: controls escaped (values come from outside: titles, authors, file names)."""
    return "" if value is None else controls_escaped(str(value))


def fits(columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int) -> bool:
    """Whether every column fits on one line at its full width (no cell folded, none dropped)."""
    if not columns:
        return True
    widths = [len(name) for name in columns]
    for row in rows:
        for i, value in enumerate(row):
            lines = cell(value).splitlines() or [""]
            widths[i] = max(widths[i], *(len(line) for line in lines))
    return sum(widths) + GAP * (len(columns) - 1) <= width


def render_vertical(console: Console, columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None) -> None:
    """One block per record, one `column | value` line per field; long values wrap, nothing is cut."""
    if title:
        console.print(Text(title, style="italic"))
    label = max((len(name) for name in columns), default=0)
    for n, row in enumerate(rows, 1):
        console.print(Text(f"-[ RECORD {n} ]" + "-" * max(0, label - 10), style="bold"))
        for name, value in zip(columns, row, strict=True):
            console.print(Text(f"{cell(name).ljust(label)} | {cell(value)}"), soft_wrap=True)
    if not rows:
        console.print(Text("(no rows)"))
