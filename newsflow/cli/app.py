"""`newsflow`: one command line for running, querying and operating the pipeline.

Exit codes: 0 everything ingested, 1 some inputs (or the job) failed, 2 usage or config errors.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

# typer 0.29 vendors click: its usage errors are these classes, not the click package's.
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

from newsflow.cli.argv import normalize_argv
from newsflow.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    State,
    check_format,
    check_languages,
    check_text,
    fail,
    finish_run,
    interrupted,
    run_flow,
    state,
)
from newsflow.cli.lean import LeanGroup
from newsflow.config import ConfigError
from newsflow.warehouse import WarehouseBusy, WarehouseMissing, open_reader
from newsflow.warehouse.backends.disk_full import DiskFull
from newsflow.warehouse.backends.unusable import WarehouseUnusable

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "app", "fail", "finish_run", "invoke", "main", "run_flow", "state"]

app: typer.Typer  # every command (the help, the CLI reference): built on first use, see `__getattr__`


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"newsflow {version('newsflow')}")
        raise typer.Exit(EXIT_OK)


def _root(
    ctx: typer.Context,
    config: Annotated[
        str | None,
        typer.Option(
            "--config", "-c", metavar="FILE", help="config file (default: $NEWSFLOW_CONFIG, then ./config.toml)"
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="print the version and exit")
    ] = False,
) -> None:
    ctx.obj = State(config=config)


def run(
    ctx: typer.Context,
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", metavar="NAME", help="only these configured sources")
    ] = None,
    translate: Annotated[bool, typer.Option(help="translate pending articles after storing them")] = True,
) -> None:
    """Ingest every configured source, then translate.

    Every configured source (or the named ones) goes into the warehouse; then pending articles are translated."""
    settings = state(ctx).settings()
    for name in source or []:
        settings.source(name)
    from newsflow.orchestration.flows.ingest import ingest

    summary = run_flow(settings, ingest, sources=source or None, translate=translate)
    finish_run(settings, summary)


def ingest(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument(metavar="PATH_OR_URL", help="files, folders or URLs")],
    source: Annotated[str, typer.Option("--source", "-s", metavar="NAME", help="source name to record")] = "adhoc",
    translate: Annotated[bool, typer.Option(help="translate pending articles after storing them")] = True,
) -> None:
    """Ingest files, folders or URLs given on the command line.

    They go through the same flow as `run`; a feed or sitemap URL is expanded."""
    urls = [t for t in targets if t.startswith(("http://", "https://"))]
    check_text(urls, "PATH_OR_URL")
    paths = [t for t in targets if t not in urls]
    check_text(paths, "PATH_OR_URL", ": name its folder instead, whose files are read whatever their names")
    check_text([source], "--source")
    settings = state(ctx).settings()
    from newsflow.orchestration.flows.ingest import ingest as ingest_flow

    summary = run_flow(settings, ingest_flow, targets=list(targets), source_name=source, translate=translate)
    finish_run(settings, summary)


def translate(
    ctx: typer.Context,
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", metavar="LANG", help="only these languages")] = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="also retry articles that failed")] = False,
    upgrade: Annotated[
        bool,
        typer.Option("--upgrade", help="instead re-translate articles whose model is older than the installed one"),
    ] = False,
) -> None:
    """Translate the pending articles.

    Every pending article whose language has an installed model is translated. Whenever a translation is
    replaced (--retry-failed, --upgrade, reprocess) the old English is kept in translation_history."""
    settings = state(ctx).settings()
    langs = check_languages(settings, lang)
    from newsflow.orchestration.flows.translate import translate as translate_flow

    summary = run_flow(settings, translate_flow, langs=langs, retry_failed=retry_failed, upgrade=upgrade)
    finish_run(settings, summary)


def query(
    ctx: typer.Context,
    sql: Annotated[
        str | None,
        typer.Argument(metavar="SQL", help="SQL to run (read-only); `-` reads it from stdin", show_default=False),
    ] = None,
    file: Annotated[
        str | None, typer.Option("--file", metavar="PATH", help="read the SQL from this file (`-`: stdin)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="table|csv|json", help="table, csv or json")] = "table",
    allow_files: Annotated[
        bool, typer.Option("--allow-files", help="also let the SQL read files (e.g. read_csv to join a CSV)")
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", metavar="SECONDS", help="give up after SECONDS ([query] timeout_s)"),
    ] = None,
) -> None:
    """Run read-only SQL against the warehouse.

    The connection is sandboxed: no writes, no other files, no extensions."""
    check_format(fmt)
    if timeout is not None and timeout <= 0:
        raise fail(f"--timeout must be more than 0 seconds, not {timeout:g}", EXIT_USAGE)
    from newsflow.cli.sql_input import read_sql

    text = read_sql(sql, file)
    settings = state(ctx).settings()
    from newsflow.cli.output import render_rows
    from newsflow.cli.query_run import run_query

    columns, rows = run_query(settings, text, allow_files, settings.query.timeout_s if timeout is None else timeout)
    render_rows(columns, rows, fmt)


def status(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="table|json", help="table or json (one object: articles, runs, failures)"
        ),
    ] = ("table"),
) -> None:
    """Show articles by language and status, runs and failures.

    Articles by language and translation status, the last runs, recent failures."""
    if fmt not in ("table", "json"):
        raise fail(f"--format must be table or json, not {fmt!r}", EXIT_USAGE)
    settings = state(ctx).settings()
    if fmt == "json":
        from newsflow.cli.status_json import print_status_json

        print_status_json(settings)
        return
    from newsflow.cli.output import console, render_rows, safe

    with open_reader(settings.warehouse) as con:
        by_lang = con.execute(
            "SELECT lang, translation_status, count(*) AS articles FROM articles GROUP BY ALL ORDER BY 1, 2"
        ).fetchall()
        runs = con.execute(
            # Short labels: the table must fit an 80-column terminal without folding every cell.
            "SELECT right(run_id, 8) AS run, flow, status, strftime(started_at, '%m-%d %H:%M') AS started, "
            "round(epoch(finished_at - started_at), 1) AS secs, n_read AS read, n_new AS new, "
            "n_updated AS upd, n_unchanged AS same, n_failed AS fail, n_translated AS transl "
            "FROM runs ORDER BY started_at DESC LIMIT 5"
        )
        run_cols = [c[0] for c in runs.description]
        run_rows = runs.fetchall()
        failures = con.execute(
            "SELECT strftime(occurred_at, '%Y-%m-%d %H:%M:%S') AS at, source, location, stage, error "
            "FROM failures ORDER BY occurred_at DESC LIMIT 10"
        )
        fail_rows = failures.fetchall()
    render_rows(["lang", "translation_status", "articles"], by_lang, "table", title="articles")
    render_rows(run_cols, run_rows, "table", title="last runs")
    console.print("[bold]recent failures[/bold]" if fail_rows else "no failures recorded")
    for at, source, location, stage, error in fail_rows:
        # One line each: paths and messages are long, and a table would fold them mid-word.
        console.print(
            f"{at}  {safe(source)}  {safe(location)}: {stage}: {safe(error)}", highlight=False, soft_wrap=True
        )


# Each command, in the order `newsflow --help` lists them (typer lists the groups after the commands), and where
# it is defined: a command line builds only the command it runs, and imports only that command's module.
COMMANDS = (
    ("run", "newsflow.cli.app"),
    ("ingest", "newsflow.cli.app"),
    ("translate", "newsflow.cli.app"),
    ("query", "newsflow.cli.app"),
    ("status", "newsflow.cli.app"),
    ("init", "newsflow.cli.init"),
    ("serve", "newsflow.cli.ops"),
    ("schedule", "newsflow.cli.ops"),
    ("backfill", "newsflow.cli.ops"),
    ("reprocess", "newsflow.cli.ops"),
    ("search", "newsflow.cli.analytics"),
    ("export", "newsflow.cli.analytics"),
    ("show", "newsflow.cli.show"),
    ("reader", "newsflow.cli.reader"),
)
GROUPS = (("models", "newsflow.cli.models"), ("warehouse", "newsflow.cli.warehouse"), ("server", "newsflow.cli.server"))
NAMES = frozenset(name for name, _ in COMMANDS + GROUPS)


def build_app(only: str | None = None) -> typer.Typer:
    """The root app with every command, or with only the one named (its help and its parsing are the same)."""
    from importlib import import_module

    root = typer.Typer(
        cls=LeanGroup,
        name="newsflow",
        help="Foreign-language news to an English, queryable DuckDB archive, translated offline.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        # Plain help: help texts name config tables (`[warehouse]`), which rich markup would swallow, and rich's
        # type column shows `<bool>` on every flag.
        rich_markup_mode=None,
    )
    root.callback()(_root)
    for name, module in COMMANDS:
        if only in (None, name):
            root.command(name=name)(getattr(import_module(module), name))
    for name, module in GROUPS:
        if only in (None, name):
            root.add_typer(import_module(module).app, name=name)
    return root


def command_named(args: list[str]) -> str | None:
    """The command a normalised command line runs, when one of ours comes first (after `--config FILE`)."""
    rest = args[2:] if args[:1] == ["--config"] else args
    return rest[0] if rest and rest[0] in NAMES else None


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        built = globals()["app"] = build_app()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def invoke(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this; `main` exits with it)."""
    from newsflow.orchestration.prefect_settings import configure_prefect

    configure_prefect()  # before any command imports Prefect, which reads its settings once
    try:
        # Not standalone: click's own report of a usage error is three lines; ours is one, as every error.
        args = normalize_argv(sys.argv[1:] if argv is None else argv)
        done = build_app(command_named(args))(args=args, prog_name="newsflow", standalone_mode=False)
        return done if isinstance(done, int) else EXIT_OK  # an int: the code of an Exit (help, typer.Exit)
    except NoArgsIsHelpError as exc:  # a bare group: its help, as click prints it
        exc.show()
        return exc.exit_code
    except UsageError as exc:
        return _report(usage_line(exc), exc.exit_code)
    except ClickException as exc:
        return _report(" ".join(exc.format_message().splitlines()), exc.exit_code)
    except typer.Abort:  # end of input at a prompt
        return _report("aborted", EXIT_FAILED)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else _report(str(exc.code), 1))
    except (ConfigError, WarehouseUnusable) as exc:
        return _report(str(exc), EXIT_USAGE)
    except (WarehouseBusy, WarehouseMissing, DiskFull) as exc:
        return _report(str(exc), EXIT_FAILED)
    except KeyboardInterrupt as exc:  # Ctrl-C outside a run (a run reports its own)
        return int(interrupted(exc).exit_code)


def usage_line(exc: UsageError) -> str:
    """A usage error in one line: click's message, and where the command's help is."""
    message = " ".join(exc.format_message().splitlines())
    if exc.ctx is None:
        return message
    return f"{message} (see `{exc.ctx.command_path} {exc.ctx.help_option_names[0]}`)"


def main() -> None:
    sys.exit(invoke())


def _report(message: str, code: int) -> int:
    from rich.markup import escape

    from newsflow.cli.output import err_console
    from newsflow.cli.terminal import controls_escaped

    err_console.print(f"[red]error:[/red] {escape(controls_escaped(message))}", highlight=False, soft_wrap=True)
    return code
