"""Generated HTML articles with canonical URLs (the same URL in two sources is the same article_id), and
a writer process that upserts article ids another writer is upserting too."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from newsflow.config import WarehouseSettings
from newsflow.records import BatchResult
from newsflow.warehouse.backends.configured import open_backend
from newsflow.warehouse.writer import Writer
from tests.warehouse.articles import LANGS, sentence
from tests.warehouse.conftest import record_pair


def write_pages(folder: Path, numbers: range, seed: int = 11) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        lang = LANGS[i % len(LANGS)]
        paragraphs = "".join(f"<p>Nr. {i}: {' '.join(sentence(lang, rng) for _ in range(3))}</p>" for _ in range(3))
        (folder / f"page{i:05d}.html").write_text(
            f'<!doctype html><html lang="{lang}"><head><title>{sentence(lang, rng)[:-1]} ({i})</title>'
            f'<link rel="canonical" href="https://news.example/articles/{i}"></head>'
            f"<body><article><h1>{sentence(lang, rng)[:-1]} ({i})</h1>{paragraphs}</article></body></html>",
            encoding="utf-8",
        )


def upsert_same_ids(settings: WarehouseSettings, who: str) -> None:
    """15 batches of 4 articles; article_id depends only on the number, so two writers race on every key."""
    with Writer(open_backend(settings), who) as writer:
        run_id = writer.start_run("ingest", {})
        for b in range(15):
            pairs = [record_pair(b * 4 + i, "en", f"T{b}-{i}", f"Body {b} {i} by {who}.", None, who) for i in range(4)]
            articles = [replace(a, article_id=f"article-{b * 4 + i}") for i, (_, a) in enumerate(pairs)]
            writer.store_batch(run_id, BatchResult([d for d, _ in pairs], articles, []))
