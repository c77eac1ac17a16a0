"""`newsflow`: one command line for running, querying and operating the pipeline.

Exit codes: 0 everything ingested, 1 some inputs (or the job) failed, 2 usage or config errors.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from newsflow.config import ConfigError, Settings, load_settings
from newsflow.warehouse import WarehouseBusy, WarehouseMissing, open_reader
from newsflow.warehouse.disk import DiskFull

app = typer.Typer(
    name="newsflow",
    help="Foreign-language news to an English, queryable DuckDB archive, translated offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@dataclass
class State:
    config: str | None = None
    _settings: Settings | None = None

    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config)
        return self._settings


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


@app.callback()
def _root(
    ctx: typer.Context,
    config: Annotated[
        str | None,
        typer.Option("--config", "-c", help="config file (default: $NEWSFLOW_CONFIG, then ./config.toml)"),
    ] = None,
) -> None:
    ctx.obj = State(config=config)


def fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    from rich.markup import escape

    from newsflow.cli.output import err_console

    err_console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def run_flow(settings: Settings, flow_fn: Any, **params: Any) -> Any:
    """Run a Prefect flow in this process with a progress bar; the flows load the config themselves."""
    from newsflow.warehouse.connect import WriterLock

    # Wait for (or be refused by) a running job here, before Prefect starts: a refusal inside the flow
    # would print Prefect's traceback before the one clear line.
    if settings.warehouse.backend == "duckdb":  # a lake has no single writer's lock to wait for
        with WriterLock(settings.warehouse.path, flow_fn.name.replace("-", " "), settings.warehouse.lock_timeout_s):
            pass
    from flows.runtime import configure_prefect

    configure_prefect()
    from flows.runners import task_runner_for
    from newsflow.cli.output import RichReporter
    from newsflow.progress import reporting

    with reporting(RichReporter()):
        return flow_fn.with_options(task_runner=task_runner_for(settings))(
            config=str(settings.config_path) if settings.config_path else None, **params
        )


def articles_by_language(settings: Settings) -> list[tuple[Any, ...]]:
    try:
        with open_reader(settings.warehouse) as con:
            return con.execute(
                "SELECT lang, translation_status, count(*) FROM articles GROUP BY ALL ORDER BY 1, 2"
            ).fetchall()
    except (WarehouseBusy, WarehouseMissing):
        return []


def finish_run(settings: Settings, summary: Any) -> None:
    from newsflow.cli.output import print_failures, print_summary

    print_failures(summary)
    print_summary(summary, articles_by_language(settings))
    raise typer.Exit(EXIT_OK if summary.ok else EXIT_FAILED)


@app.command()
def run(
    ctx: typer.Context,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only these configured sources")] = None,
    translate: Annotated[bool, typer.Option(help="translate pending articles after storing them")] = True,
) -> None:
    """Ingest every configured source (or the named ones) into the warehouse, then translate."""
    settings = state(ctx).settings()
    for name in source or []:
        settings.source(name)
    from flows.ingest import ingest

    summary = run_flow(settings, ingest, sources=source or None, translate=translate)
    finish_run(settings, summary)


@app.command()
def ingest(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument(help="files, folders or URLs")],
    source: Annotated[str, typer.Option("--source", "-s", help="source name to record")] = "adhoc",
    translate: Annotated[bool, typer.Option(help="translate pending articles after storing them")] = True,
) -> None:
    """Ingest ad-hoc files, folders or URLs through the same flow as `run`."""
    settings = state(ctx).settings()
    from flows.ingest import ingest as ingest_flow

    summary = run_flow(settings, ingest_flow, targets=list(targets), source_name=source, translate=translate)
    finish_run(settings, summary)


@app.command()
def translate(
    ctx: typer.Context,
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="only these languages")] = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="also retry articles that failed")] = False,
) -> None:
    """Translate every pending article whose language has an installed model."""
    settings = state(ctx).settings()
    from flows.translate import translate as translate_flow

    summary = run_flow(settings, translate_flow, langs=lang or None, retry_failed=retry_failed)
    finish_run(settings, summary)


@app.command()
def query(
    ctx: typer.Context,
    sql: Annotated[str, typer.Argument(help="SQL to run against the warehouse (read-only)")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table",
    allow_files: Annotated[
        bool, typer.Option("--allow-files", help="also let the SQL read files (e.g. read_csv to join a CSV)")
    ] = False,
) -> None:
    """Run SQL against the warehouse, read-only and sandboxed: no writes, no other files, no extensions."""
    if fmt not in ("table", "csv", "json"):
        raise fail(f"--format must be table, csv or json, not {fmt!r}", EXIT_USAGE)
    settings = state(ctx).settings()
    import duckdb

    from newsflow.cli.output import render_rows
    from newsflow.warehouse.sandbox import QueryRefused, check_reads_only, lock_down
    from newsflow.warehouse.session import prepare_reader

    with open_reader(settings.warehouse) as con:
        prepare_reader(con)
        # A lake reads its data files through the file system: there only the statement checks keep files safe.
        lock_down(con, allow_files=allow_files or settings.warehouse.backend != "duckdb")
        try:
            check_reads_only(con, sql)
            cursor = con.execute(sql)
        except QueryRefused as exc:
            raise fail(f"query refused: {exc}", EXIT_USAGE) from None
        except duckdb.Error as exc:
            raise fail(f"query failed: {exc}") from None
        columns = [c[0] for c in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if columns else []
    render_rows(columns, rows, fmt)


@app.command()
def status(ctx: typer.Context) -> None:
    """Articles by language and translation status, the last runs, recent failures."""
    settings = state(ctx).settings()
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


def _register_subcommands() -> None:
    from newsflow.cli import analytics, models, ops, warehouse

    app.add_typer(models.app, name="models")
    app.add_typer(warehouse.app, name="warehouse")
    ops.register(app)
    analytics.register(app)


_register_subcommands()


def invoke(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this; `main` exits with it)."""
    try:
        # Standalone mode: click reports usage errors itself (exit 2) and turns Exit into SystemExit.
        app(args=argv, prog_name="newsflow", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else _report(str(exc.code), 1))
    except ConfigError as exc:
        return _report(str(exc), EXIT_USAGE)
    except (WarehouseBusy, WarehouseMissing, DiskFull) as exc:
        return _report(str(exc), EXIT_FAILED)
    return EXIT_OK


def main() -> None:
    sys.exit(invoke())


def _report(message: str, code: int) -> int:
    from rich.markup import escape

    from newsflow.cli.output import err_console

    err_console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return code
