"""`newsflow models`: list, install from the Argos index, import .argosmodel files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from newsflow.config import Settings

app = typer.Typer(
    help="Translation models: list, install (online), import (offline).",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help, as the root app's (newsflow/cli/app.py)
)


def _settings(ctx: typer.Context) -> Settings:
    from newsflow.cli.common import state

    return state(ctx).settings()


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List installed models, and configured languages without one."""
    from newsflow.cli.output import console, render_rows
    from newsflow.translation.models import list_models, missing_languages

    settings = _settings(ctx)
    models = list_models(settings.translation)
    render_rows(
        ["package", "from", "to", "version", "path"],
        [(m.name, m.from_code, m.to_code, m.version, str(m.path)) for m in models],
        "table",
        title="installed translation models",
    )
    missing = missing_languages(settings.translation, settings.languages.translate)
    if missing:
        console.print(
            f"no model for: {escape(', '.join(missing))} (their articles wait as pending; "
            f"`newsflow models install {' '.join(missing)}` online, or `newsflow models import FILE`)"
        )


@app.command()
def install(
    ctx: typer.Context,
    langs: Annotated[list[str], typer.Argument(metavar="LANG", help="source languages, e.g. nb de")],
) -> None:
    """Download LANG→en models from the Argos index (online)."""
    from newsflow.cli.common import fail
    from newsflow.cli.output import console, safe
    from newsflow.translation.models import ModelError, install_from_index

    settings = _settings(ctx)
    bars = DownloadBars()
    try:
        from newsflow.sources.http.addresses import AddressPolicy

        policy = AddressPolicy(allow_private=settings.fetch.allow_private_addresses)
        installed = install_from_index(langs, settings.translation, progress=bars.update, policy=policy)
    except ModelError as exc:
        raise fail(str(exc)) from None
    finally:
        bars.close()
    for model in installed:
        console.print(f"installed {safe(model.name)} {safe(model.version)} ({model.from_code}→{model.to_code})")


@app.command("import")
def import_(
    ctx: typer.Context, files: Annotated[list[Path], typer.Argument(metavar="FILE", help=".argosmodel files")]
) -> None:
    """Install .argosmodel files from disk (offline)."""
    from newsflow.cli.common import fail
    from newsflow.cli.output import console, safe
    from newsflow.translation.models import ModelError, import_model

    settings = _settings(ctx)
    errors = 0
    for path in files:
        try:
            model = import_model(path, settings.translation)
        except ModelError as exc:
            from newsflow.cli.output import err_console, safe

            # The message names the file already; escaped: a path may hold rich markup.
            err_console.print(f"[red]error:[/red] {safe(exc)}", highlight=False, soft_wrap=True)
            errors += 1
            continue
        console.print(
            f"imported {model.name} {model.version} ({model.from_code}→{model.to_code}) from {safe(path)}",
            highlight=False,
        )
    if errors:
        raise fail(f"{errors} of {len(files)} model file(s) not imported")


class DownloadBars:
    """One rich progress bar per downloaded package, fed by install_from_index's progress callback."""

    def __init__(self) -> None:
        from rich.progress import DownloadColumn, Progress, TaskID, TransferSpeedColumn

        from newsflow.cli.output import err_console

        self._progress = Progress(
            *Progress.get_default_columns(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=err_console,
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}

    def update(self, name: str, done: int, total: int | None) -> None:
        if name not in self._tasks:
            if not self._tasks:
                self._progress.start()
            self._tasks[name] = self._progress.add_task(escape(name), total=total)
        self._progress.update(self._tasks[name], completed=done, total=total)

    def close(self) -> None:
        if self._tasks:
            self._progress.stop()
