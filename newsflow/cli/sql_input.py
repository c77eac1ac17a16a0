"""Where `newsflow query` reads its SQL: the argument, `--file PATH`, or stdin (`-`)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def read_sql(sql: str | None, file: str | None) -> str:
    if sql is not None and file is not None:
        raise typer.BadParameter("give the SQL as an argument or with --file, not both", param_hint="--file")
    if file is not None:
        if file == "-":
            return _stdin()
        try:
            return Path(file).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise typer.BadParameter(f"cannot read {file}: {reason}", param_hint="--file") from None
    if sql is None:
        raise typer.BadParameter(
            "no SQL: pass it as an argument, `--file PATH`, or `-` to read stdin", param_hint="SQL"
        )
    return _stdin() if sql == "-" else sql


def _stdin() -> str:
    text = sys.stdin.read()
    if not text.strip():
        raise typer.BadParameter("no SQL on stdin", param_hint="SQL")
    return text
