"""What every command module shares: the root state (config), errors with exit codes, running a flow.

Command modules import this, never `newsflow.cli.app`, so the app can import them without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer

from newsflow.config import Settings, load_settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
FORMATS = ("table", "csv", "json")


@dataclass
class State:
    config: str | None = None
    _settings: Settings | None = None

    def settings(self) -> Settings:
        if self._settings is None:
            from newsflow.cli.extras import check_extras

            settings = load_settings(self.config)
            check_extras(settings)  # a missing optional install is a config error: one line, exit 2
            self._settings = settings
        return self._settings


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):
        obj = ctx.find_root().obj = State()
    return obj


def settings_of(ctx: typer.Context) -> Settings:
    return state(ctx).settings()


def fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    from rich.markup import escape

    from newsflow.cli.output import err_console
    from newsflow.cli.terminal import controls_escaped

    err_console.print(f"[red]error:[/red] {escape(controls_escaped(message))}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def check_text(values: list[str], what: str, hint: str = "") -> None:
    """Arguments bound for a flow's parameters (JSON) or DuckDB must be text: a byte that is not UTF-8 (typed on a
    Latin-1 terminal, or a file's name from one) arrives as a lone surrogate, which neither can take."""
    import os

    for value in values:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(value).decode("utf-8", "backslashreplace")
            raise fail(f"{what} '{shown}' is not UTF-8 text{hint}", EXIT_USAGE) from None


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise fail(f"--format must be table, csv or json, not {fmt!r}", EXIT_USAGE)


def check_languages(settings: Settings, langs: list[str] | None) -> list[str] | None:
    """`--lang` values must be languages the config translates (a typo would translate nothing, silently)."""
    if not langs:
        return None
    known = settings.languages.translate
    from newsflow.common.langcodes import canonical

    wanted = [canonical(lang) for lang in langs]
    unknown = [lang for lang, code in zip(langs, wanted, strict=True) if code not in known]
    if unknown:
        raise fail(f"--lang {unknown[0]!r}: not a configured language (languages.translate: {', '.join(known)})", 2)
    return wanted


def run_flow(settings: Settings, flow_fn: Any, **params: Any) -> Any:
    """Run a Prefect flow in this process with a progress bar; the flows load the config themselves.

    The warehouse's job lock is taken first and held for the flow (whose own lock joins it), so a second job
    waits (or refuses, in one line) before Prefect starts; and the warehouse is opened once, so that a damaged
    file or a lake that does not answer is one line too, not a failed flow run.
    """
    from contextlib import AbstractContextManager, nullcontext

    from newsflow.cli.output import RichReporter, say
    from newsflow.warehouse.backends.configured import open_backend
    from newsflow.warehouse.backends.duckdb_file import WriterLock

    name = getattr(flow_fn, "name", "flow").removeprefix("newsflow-")
    job: AbstractContextManager[object] = nullcontext()
    if settings.warehouse.backend == "duckdb":  # a lake takes concurrent writers: nothing to wait for
        job = WriterLock(settings.warehouse.path, f"newsflow {name}", settings.warehouse.lock_timeout_s, joinable=True)
    from newsflow.orchestration.command_runs import run_flow as launch

    with job:
        backend = open_backend(settings.warehouse)
        try:
            backend.check()
        finally:
            backend.close()
        try:
            with prefect_server_errors():
                return launch(settings, flow_fn, say, RichReporter(), **params)
        except KeyboardInterrupt as exc:
            raise interrupted(exc) from None


@contextmanager
def prefect_server_errors() -> Iterator[None]:
    """A PREFECT_API_URL that does not answer (a usage error) or a local server that fails to start, in one line."""
    from newsflow.orchestration.command_runs import ApiUnreachable
    from newsflow.orchestration.local_server.process import ServerError

    try:
        yield
    except ApiUnreachable as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    except ServerError as exc:
        raise fail(str(exc)) from None


def interrupted(exc: KeyboardInterrupt) -> typer.Exit:
    """One line for a run stopped by a signal (the run recorded how it ended), and the shell's exit code."""
    from newsflow.cli.output import err_console
    from newsflow.runs.signals import Terminated

    signame, code = ("SIGTERM", 143) if isinstance(exc, Terminated) else ("SIGINT", 130)
    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and link not in chain:  # Prefect may re-raise the signal from within its handling
        chain.append(link)
        link = link.__context__
    notes = "; ".join(dict.fromkeys(n for e in chain for n in getattr(e, "__notes__", []))) or "no run was started"
    err_console.print(f"stopped by {signame}: {notes}", highlight=False, markup=False, soft_wrap=True)
    return typer.Exit(code)


def articles_by_language(settings: Settings) -> list[tuple[Any, ...]]:
    from newsflow.warehouse import WarehouseBusy, WarehouseMissing, open_reader

    try:
        with open_reader(settings.warehouse) as con:
            return con.execute(
                "SELECT lang, translation_status, count(*) FROM articles GROUP BY ALL ORDER BY 1, 2"
            ).fetchall()
    except (WarehouseBusy, WarehouseMissing):
        return []


def finish_run(settings: Settings, summary: Any) -> None:
    from newsflow.cli.output import print_failures, print_known_failures, print_summary

    print_known_failures(summary)
    print_failures(summary)
    print_summary(summary, articles_by_language(settings))
    raise typer.Exit(EXIT_OK if summary.ok else EXIT_FAILED)
