"""The local reader: a read-only web app over the warehouse for people who read rather than write SQL.

Its connections are read-only and locked down as `newsflow query`'s (no writes, no other files, no extensions).
On a file the reader keeps one open between pages, fts loaded (warehouse/backends/held_reader.py), and gives the
file up as soon as a job wants to write it, so a job writes between two pages and the next page sees what it
wrote. On a lake every page opens its own (the lake changes under an open one), and search goes through the local
search index, refreshed first. Plain HTML, a few lines of inline CSS and JS: no build step, nothing from a CDN, so
it works offline.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from newsflow.config import WarehouseSettings
from newsflow.reader import archive
from newsflow.warehouse.backends.configured import open_reader
from newsflow.warehouse.backends.duckdb_file import read_connection
from newsflow.warehouse.backends.held_reader import HeldReader, Lent
from newsflow.warehouse.backends.reader_setup import prepare_reader
from newsflow.warehouse.sandbox import lock_down, warehouse_dirs
from newsflow.warehouse.search.bm25 import SearchUnavailable, load_fts
from newsflow.warehouse.search.refresh import open_search_reader

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


_TEMPLATES.filters["when"] = _when


def create_app(settings: WarehouseSettings) -> Starlette:
    """The reader's pages over the warehouse these settings name."""

    @contextmanager
    def ready(opened: AbstractContextManager[duckdb.DuckDBPyConnection], search: bool) -> Iterator[Lent]:
        with opened as con:
            if search:  # loading fts costs more than an article page's queries: only where BM25 runs
                prepare_reader(con)
            lock_down(con, warehouse_dirs=warehouse_dirs(settings))
            yield Lent(con)

    @contextmanager
    def open_held() -> Iterator[duckdb.DuckDBPyConnection]:
        with ready(read_connection(settings.path, settings.lock_timeout_s), search=True) as lent:
            yield lent.con

    # The file, kept open between pages (the search index lives in it, so one connection serves every page).
    held = HeldReader(settings.path, open_held) if settings.backend != "ducklake" else None

    def reading(search: bool = False) -> AbstractContextManager[Lent]:
        if held is not None:
            return held.lend()
        return ready(open_search_reader(settings) if search else open_reader(settings), search)

    def choices(lent: Lent) -> tuple[list[str], list[str]]:
        """The filters' sources and languages: read once per connection (nothing changes while it is open)."""
        if "choices" not in lent.memo:
            lent.memo["choices"] = archive.sources_and_languages(lent.con)
        return cast("tuple[list[str], list[str]]", lent.memo["choices"])

    def with_fts(lent: Lent) -> duckdb.DuckDBPyConnection:
        if "fts" not in lent.memo:
            load_fts(lent.con)  # SearchUnavailable when it cannot be loaded: tried again on the next search
            lent.memo["fts"] = True
        return lent.con

    def page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
        return HTMLResponse(_TEMPLATES.get_template(name).render(**values), status_code=status)

    def not_found(message: str) -> HTMLResponse:
        return page("error.html", 404, title="not found", message=message)

    async def search(request: Request) -> HTMLResponse:
        q = request.query_params
        words = q.get("q", "")
        error = None
        try:
            filters = archive.Filters(
                source=q.get("source") or None,
                lang=q.get("lang") or None,
                since=_date(q.get("since")),
                until=_date(q.get("until")),
                story=q.get("story") or None,
            )
        except ValueError as exc:
            filters, error = archive.Filters(), str(exc)
        hits: list[archive.Hit] = []
        sources: list[str] = []
        langs: list[str] = []
        if words.strip():
            try:  # one connection: the search index's reader holds the articles too (on a lake, its copy)
                with reading(search=True) as lent:
                    sources, langs = choices(lent)
                    hits = archive.search(with_fts(lent), words, filters)
            except (SearchUnavailable, duckdb.CatalogException):
                error = "no search index yet: it is built at the end of an ingest or translate run"
        if not sources:
            with reading() as lent:
                sources, langs = choices(lent)
                if not words.strip():
                    hits = archive.search(lent.con, "", filters)
        return page(
            "search.html", title="search", words=words, q=q, hits=hits, sources=sources, langs=langs, error=error
        )

    async def article(request: Request) -> HTMLResponse:
        with reading() as lent:
            con = lent.con
            try:
                item = archive.article(con, archive.resolve(con, request.path_params["article_id"]))
            except archive.ArticleNotFound as exc:
                return not_found(str(exc))
            pairs = archive.segments(con, item.article_id)
            versions = archive.versions(con, item.story_id)
        return page("article.html", title=item.english_title or item.title, a=item, pairs=pairs, versions=versions)

    async def story(request: Request) -> HTMLResponse:
        with reading() as lent:
            versions = archive.versions(lent.con, request.path_params["story_id"])
        if not versions:
            return not_found(f"no story {request.path_params['story_id']!r}")
        return page("story.html", title="story", story_id=request.path_params["story_id"], versions=versions)

    async def review(request: Request) -> HTMLResponse:
        with reading() as lent:
            rows = archive.review(lent.con)
        return page("review.html", title="review", rows=rows)

    async def runs(request: Request) -> HTMLResponse:
        with reading() as lent:
            run_rows, failures = archive.runs(lent.con)
        return page("runs.html", title="runs", runs=run_rows, failures=failures)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        if held is not None:  # uvicorn with lifespan="off" never gets here: the process's end closes it
            held.close()

    return Starlette(
        lifespan=lifespan,
        routes=[
            Route("/", search),
            Route("/articles/{article_id}", article),
            Route("/stories/{story_id}", story),
            Route("/review", review),
            Route("/runs", runs),
        ],
    )


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
