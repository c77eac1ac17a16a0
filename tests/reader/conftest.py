"""A small translated warehouse (real tiny model, two versions of one story) and the reader serving it on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from starlette.applications import Starlette

from newsflow.config import Settings, TranslationSettings
from newsflow.reader.listen import loopback_socket
from newsflow.reader.web import create_app
from newsflow.records import BatchResult
from newsflow.translation.models import import_model
from newsflow.translation.pending import translate_pending
from newsflow.warehouse.writer import Writer
from tests.support.argos_model import build_argosmodel, generate_sentences
from tests.support.backend import backend_for, settings_for
from tests.warehouse.conftest import record_pair

S = generate_sentences(12, "de", seed=11)
STORY = " ".join(S[:8])  # long enough for a story fingerprint
ARTICLES = [
    ("zeitung", "Gericht plant neue Schule", f"{STORY}\n\nMehr unter www.xyz.de heute."),
    ("anzeiger", "Gericht plant neue Schule", f"{STORY}\n\n{S[8]}"),  # the same wire copy, another ending
    ("zeitung", "Wetter im Mai", f"{S[9]} {S[10]}"),
]


@dataclass(frozen=True)
class Archive:
    db: Path
    ids: list[str]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("reader")
    db, models = root / "wh" / "news.duckdb", root / "models"
    translation = TranslationSettings(models_dir=models, inter_threads=1, intra_threads=1)
    import_model(build_argosmodel(root / "pkg", "de", "en"), translation)
    pairs = [record_pair(i, "de", title, text, None, source=src) for i, (src, title, text) in enumerate(ARTICLES)]
    with Writer(backend_for(db), "test") as writer:
        run_id = writer.start_run("ingest", {})
        writer.store_batch(run_id, BatchResult([d for d, _ in pairs], [a for _, a in pairs]))
        translate_pending(writer, Settings(None, settings_for(db), translation=translation), run_id)
        writer.refresh_search_index(force=True)
    return Archive(db, [a.article_id for _, a in pairs])


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """The app on a free loopback port, in a thread of this process; yields its base URL."""
    sock = loopback_socket(0)
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:  # waits for startup, asserts nothing about time
        time.sleep(0.02)
    assert srv.started, "the reader did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def server(archive: Archive) -> Iterator[str]:
    """The reader over the archive; yields its base URL."""
    with serving(create_app(settings_for(archive.db))) as url:
        yield url
