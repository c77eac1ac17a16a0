"""The click command behind the typer app, for the generated CLI reference (docs/cli.md, through mkdocs-click),
so the reference is read from the same objects `newsflow --help` is and cannot drift from them."""

from __future__ import annotations

import typer.main

from newsflow.cli.app import app

command = typer.main.get_command(app)
