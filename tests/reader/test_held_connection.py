"""The reader keeps its connection between pages, and a job still writes between two of them."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from newsflow.reader.web import create_app
from newsflow.records import BatchResult
from newsflow.warehouse.backends.configured import open_backend
from newsflow.warehouse.writer import Writer
from tests.reader.conftest import serving
from tests.support.backend import settings_for
from tests.warehouse.conftest import record_pair


def _store(db: Path, i: int, title: str) -> str:
    """One English article, written as a job writes it (Writer, then the search index), with a short lock wait."""
    doc, art = record_pair(i, "en", title, f"{title}. The council met on Monday to discuss it.", None)
    with Writer(open_backend(settings_for(db, lock_timeout_s=5)), "test") as writer:
        run_id = writer.start_run("ingest", {})
        writer.store_batch(run_id, BatchResult([doc], [art]))
        writer.refresh_search_index()
    return art.article_id


def _hits(client: httpx.Client, word: str) -> set[str]:
    page = client.get("/", params={"q": word})
    assert page.status_code == 200
    return set(re.findall(r'href="/articles/(\w+)"', page.text))


def test_a_job_writes_while_the_reader_is_between_pages_and_the_next_page_shows_it(tmp_path: Path) -> None:
    db = tmp_path / "wh" / "news.duckdb"
    first = _store(db, 0, "Harbour strike ends")
    app = create_app(settings_for(db, lock_timeout_s=5))
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert _hits(client, "harbour") == {first}
        second = _store(db, 1, "Harbour cranes stand idle")  # WarehouseBusy if the reader kept the file
        assert _hits(client, "harbour") == {first, second}
        assert "Harbour cranes stand idle" in client.get(f"/articles/{second}").text
