"""Fixtures for warehouse tests: real DuckDB files in tmp_path, stored records, the CLI without Prefect."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from newsflow.articles.process import sha256
from newsflow.records import ArticleRecord, BatchCounts, BatchResult, DocumentRecord
from newsflow.warehouse.backends.base import Backend
from newsflow.warehouse.stores.translation_queue import TranslationRow
from newsflow.warehouse.writer import Writer
from tests.support.backend import backend_for, warehouse_toml

SAMPLES = [
    # (lang, title, text, published)
    (
        "de",
        "Stadtrat beschließt neue Radwege",
        "Der Stadtrat hat den Ausbau der Radwege beschlossen. Die Radwege sollen bis 2030 fertig sein.",
        datetime(2025, 3, 5, 18, 30),
    ),
    (
        "de",
        "Förderung für Wärmepumpen",
        "Das Land fördert Wärmepumpen in Altbauten mit neuen Zuschüssen.",
        datetime(2025, 4, 1, 9, 0),
    ),
    (
        "nb",
        "Kommunestyret vedtok budsjettet",
        "Kommunestyret i Ålesund vedtok budsjettet etter et langt møte. Budsjettene for skolene kuttes.",
        datetime(2025, 3, 20, 23, 0),
    ),
    ("nb", "Uvær i Nordland", "Uværet stengte veiene i Nordland, og fergene sto stille hele dagen.", None),
    (
        "en",
        "Offshore wind auction draws record bids",
        "The offshore wind auction drew record bids from developers on Tuesday.",
        datetime(2025, 4, 2, 12, 0),
    ),
]
EN = {
    "Stadtrat beschließt neue Radwege": (
        "City council approves new cycle paths",
        "The city council approved building cycle paths.",
    ),
    "Kommunestyret vedtok budsjettet": (
        "Council adopts the budget",
        "The council in Ålesund adopted the budget after a long meeting. School budgets are cut.",
    ),
}


def record_pair(
    i: int,
    lang: str,
    title: str,
    text: str,
    published: datetime | None,
    source: str = "test",
    status: str | None = None,
) -> tuple[DocumentRecord, ArticleRecord]:
    now = datetime(2025, 5, 1)
    content = f"{title}\n\n{text}".encode()
    doc_id = sha256(f"{source}\x00loc{i}\x00{sha256(content)}")[:32]
    doc = DocumentRecord(
        document_id=doc_id,
        source=source,
        location=f"loc{i}",
        url=None,
        content=content,
        content_type="text/plain",
        encoding="utf-8",
        content_hash=sha256(content),
        fetched_at=now,
        modified_at=None,
        etag=None,
        hints=None,
    )
    art = ArticleRecord(
        article_id=sha256(f"doc:{source}:{i}")[:32],
        source=source,
        url=None,
        location=f"loc{i}",
        document_id=doc_id,
        title=title,
        author=None,
        published_at=published,
        lang=lang,
        lang_confidence=0.99,
        text=text,
        translation_status=status or ("not_needed" if lang == "en" else "pending"),
        content_hash=sha256(content),
    )
    return doc, art


def sample_batch() -> BatchResult:
    pairs = [record_pair(i, *s) for i, s in enumerate(SAMPLES)]
    return BatchResult([d for d, _ in pairs], [a for _, a in pairs], [])


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "news.duckdb"


@pytest.fixture
def filled(db_path: Path) -> Path:
    """A warehouse with the samples stored, two of them translated, and the search index built."""
    return filled_warehouse(db_path)


@pytest.fixture(scope="module")
def filled_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`filled`, built once for the module's tests that only read it: a fresh lake costs seconds to create."""
    return filled_warehouse(tmp_path_factory.mktemp("filled") / "wh" / "news.duckdb")


def filled_warehouse(db_path: Path, backend: Backend | None = None) -> Path:
    """The samples stored at db_path on the backend under test (or into the backend given)."""
    batch = sample_batch()
    with Writer(backend or backend_for(db_path), "test fill") as writer:
        run_id = writer.start_run("ingest", {})
        writer.store_batch(run_id, batch)
        done = [TranslationRow(a.article_id, *EN[a.title], "test-model") for a in batch.articles if a.title in EN]
        writer.store_translations(run_id, done, [])
        writer.finish_run(run_id, "completed", BatchCounts(new=len(batch.articles)), len(SAMPLES))
        assert writer.refresh_search_index()
    return db_path


@pytest.fixture
def config_for(tmp_path: Path) -> Callable[..., Path]:
    """A config.toml pointing at db_path with the given lock timeout and batch size."""

    def write(db: Path, lock_timeout_s: float = 10, batch_size: int = 200, name: str = "config.toml") -> Path:
        path = tmp_path / name
        path.write_text(
            f"[warehouse]\n{warehouse_toml(db, lock_timeout_s)}\n"
            f'[translation]\nmodels_dir = "{tmp_path / "no-models"}"\n\n'
            f"[orchestration]\nbatch_size = {batch_size}\nmax_workers = 2\n",
            encoding="utf-8",
        )
        return path

    return write


NEWSFLOW = [str(Path(sys.executable).parent / "newsflow")]
