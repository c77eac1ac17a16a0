"""Where `newsflow query` reads its SQL: the argument, `--file PATH`, or stdin (`-`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

# A query is text someone wrote: past this it is the wrong file (a dump, /dev/zero), never read to its end.
MAX_SQL_CHARS = 1_000_000


def read_sql(sql: str | None, file: str | None) -> str:
    if sql is not None and file is not None:
        raise typer.BadParameter("give the SQL as an argument or with --file, not both", param_hint="--file")
    if file is not None:
        if file == "-":
            return _stdin()
        try:
            with Path(file).expanduser().open(encoding="utf-8") as handle:
                return _checked(handle.read(MAX_SQL_CHARS + 1), f"cannot read {file}", "--file")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise typer.BadParameter(f"cannot read {file}: {reason}", param_hint="--file") from None
    if sql is None:
        raise typer.BadParameter(
            "no SQL: pass it as an argument, `--file PATH`, or `-` to read stdin", param_hint="SQL"
        )
    return _stdin() if sql == "-" else _checked(sql, "not UTF-8 text", "SQL")


def _stdin() -> str:
    try:
        text = _checked(sys.stdin.read(MAX_SQL_CHARS + 1), "cannot read stdin", "SQL")
    except UnicodeDecodeError as exc:
        raise typer.BadParameter(f"cannot read stdin: {exc}", param_hint="SQL") from None
    if not text.strip():
        raise typer.BadParameter("no SQL on stdin", param_hint="SQL")
    return text


def _checked(text: str, what: str, hint: str) -> str:
    """text as SQL: not endless, and UTF-8 (a byte that is not arrives from argv or stdin as a lone surrogate,
    which DuckDB's parser cannot take)."""
    if len(text) > MAX_SQL_CHARS:
        raise typer.BadParameter(f"{what}: longer than {MAX_SQL_CHARS:,} characters, not a query", param_hint=hint)
    try:
        os.fsencode(text).decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError) as exc:
        raise typer.BadParameter(f"{what}: {exc}", param_hint=hint) from None
    return text
