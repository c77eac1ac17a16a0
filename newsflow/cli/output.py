"""Rendering for the CLI: tables, CSV, JSON, progress bars and the run summary."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from newsflow.cli.layout import cell, fits, render_vertical

if TYPE_CHECKING:  # a run's reporting (progress bars, the summary) is imported by the runs, not by a query
    from rich.progress import Progress

    from newsflow.runs.summary import RunSummary

console = Console()
err_console = Console(stderr=True)

_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # C0, DEL, C1 (NEL, CSI, ...)


_C1 = re.compile(r"[\x7f-\x9f]")


def safe(value: object) -> str:
    """Text from outside (a path, URL, title, error) for a rich markup string: markup escaped, so `[utkast]`
    prints as itself and `[/red]` cannot break the line; quoted when it holds a line break or control
    character, so one failure stays one line."""
    text = str(value)
    if _LINE_BREAKING.search(text):
        text = repr(text)
    return escape(text)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


def render_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, title: str | None = None) -> None:
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        text = json.dumps(records, default=_json_default, ensure_ascii=False, indent=1)
        # json escapes C0 itself but not DEL and C1 (U+009B is a one-byte CSI): same value, escaped.
        sys.stdout.write(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                ["" if v is None else _json_default(v) if not isinstance(v, str | int | float) else v for v in row]
            )
    elif not fits(columns, rows, console.width):
        render_vertical(console, columns, rows, title)  # never drop or cut a column: one record per block
    else:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        # Light borders: results with many columns still fit a terminal instead of folding every cell.
        table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        for name in columns:
            table.add_column(Text(cell(name)), overflow="fold", min_width=min(len(name), 12))
        for row in rows:  # Text, not str: cell values are data, never markup; controls escaped
            table.add_row(*(Text(cell(v)) for v in row))
        console.print(table)


json_default = _json_default


def say(message: str) -> None:
    """What the command is doing, on stderr (stdout stays for results)."""
    err_console.print(message, highlight=False, markup=False, soft_wrap=True)


class RichReporter:
    """A rich progress bar on stderr for the core's progress callbacks."""

    def __init__(self) -> None:
        self._progress: Progress | None = None
        self._task: Any = None
        self._percent = -1

    def start(self, label: str, total: int | None) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.finish()
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(label, total=total)
        self._percent = -1

    def advance(self, n: int = 1) -> None:
        if self._progress is None:
            return
        self._progress.advance(self._task, n)
        # Besides rich's timed refresh, a redraw at each new whole percent (at most 101 a bar): a slow document
        # shows at once, and which counts a run draws does not depend on timing.
        task = self._progress.tasks[0]
        percent = int(100 * task.completed / task.total) if task.total else -1
        if percent != self._percent:
            self._percent = percent
            self._progress.refresh()

    def finish(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def print_failures(summary: RunSummary) -> None:
    """One line per failure, up to SHOWN_OF_A_KIND of each kind; then one line per kind counting the rest
    (a flood of 404s stays readable), each of which is in the failures table all the same."""
    from newsflow.runs.summary import condensed, failure_kind

    shown, floods = condensed(summary.failures, lambda f: failure_kind(f.location, f.stage, f.error))
    for failure in shown:
        err_console.print(
            f"[red]failed[/red] {safe(failure.location)}: {failure.stage}: {safe(failure.error)}",
            highlight=False,
            soft_wrap=True,
        )
    where = f"newsflow query \"SELECT location, error FROM failures WHERE run_id = '{summary.run_id}'\""
    for flood in floods:
        err_console.print(
            f"… and {flood.more:,} more failed the same way ({safe(flood.kind)}); all are in the failures table: "
            f"{safe(where)}",
            highlight=False,
            soft_wrap=True,
        )


def print_known_failures(summary: RunSummary) -> None:
    from newsflow.runs.summary import blanked, condensed

    shown, floods = condensed(summary.known_failures, lambda k: blanked(k.location, k.error))
    for known in shown:
        err_console.print(f"known failure {safe(known.location)}: {safe(known.error)}", highlight=False, soft_wrap=True)
    for flood in floods:
        err_console.print(
            f"… and {flood.more:,} more known failures the same way ({safe(flood.kind)}); "
            "all are in the failures table",
            highlight=False,
            soft_wrap=True,
        )


def print_summary(summary: RunSummary, by_language: Sequence[Sequence[Any]] = ()) -> None:
    from rich.table import Table

    table = Table(title=f"{summary.flow} run {summary.run_id}")
    for name in ("read", "new", "updated", "unchanged", "failed", "translated", "waiting for a model"):
        table.add_column(name, justify="right")
    table.add_row(
        *(
            str(v)
            for v in (
                summary.read,
                summary.new,
                summary.updated,
                summary.unchanged,
                summary.failed,
                summary.translated,
                summary.waiting,
            )
        )
    )
    console.print(table)
    for note in summary.notes():
        console.print(note, highlight=False, markup=False)
    if by_language:
        render_rows(["lang", "translation_status", "articles"], by_language, "table", title="articles in the warehouse")
