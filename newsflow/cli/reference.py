"""Every command's help as `newsflow COMMAND --help` prints it: the CLI reference in the docs (docs/cli.md, filled by
docs/hooks.py) and the tests of the help itself are both read from here, so neither can drift from the command."""

from __future__ import annotations

from collections.abc import Iterator

import typer
import typer.main

from newsflow.cli.app import app

WIDTH = 80  # the help as a terminal of 80 columns shows it, whatever terminal builds the docs


def commands() -> Iterator[tuple[tuple[str, ...], typer.Context]]:
    """(path, context) for the root and every command and group under it, in the order `--help` lists them."""
    root = typer.main.get_command(app)
    yield from _walk(
        (),
        typer.Context(
            root, info_name="newsflow", terminal_width=WIDTH, max_content_width=WIDTH, **root.context_settings
        ),
    )


def _walk(path: tuple[str, ...], ctx: typer.Context) -> Iterator[tuple[tuple[str, ...], typer.Context]]:
    yield path, ctx
    command = ctx.command
    list_commands = getattr(command, "list_commands", None)
    for name in list_commands(ctx) if list_commands else []:
        sub = command.get_command(ctx, name)  # type: ignore[attr-defined]
        if sub is not None and not sub.hidden:
            yield from _walk((*path, name), typer.Context(sub, info_name=name, parent=ctx))


def help_text(ctx: typer.Context) -> str:
    return ctx.command.get_help(ctx)


def markdown() -> str:
    """One section per command: its one-line description, then its help as printed."""
    sections = []
    for path, ctx in commands():
        title = " ".join(("newsflow", *path))
        summary = ctx.command.get_short_help_str(limit=200)
        sections.append(f"## `{title}`\n\n{summary}\n\n```text\n{help_text(ctx).rstrip()}\n```\n")
    return "\n".join(sections)
