"""MkDocs hook: fills docs/cli.md with every command's `--help`, read from the typer app (newsflow/cli/reference.py)."""

from __future__ import annotations

from typing import Any

MARKER = "<!-- cli-reference -->"


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if MARKER not in markdown:
        return markdown
    from newsflow.cli.reference import markdown as reference

    return markdown.replace(MARKER, reference())
