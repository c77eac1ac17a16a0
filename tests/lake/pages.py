"""Generated HTML articles with canonical URLs: the same URL in two sources is the same article_id."""

from __future__ import annotations

import random
from pathlib import Path

from tests.warehouse.articles import LANGS, sentence


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
