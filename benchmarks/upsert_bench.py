"""Bulk upsert through Writer.store_batch: 50,000 generated articles (with their documents) per batch.

    .venv/bin/python benchmarks/upsert_bench.py [--rows 50000]

Two stores, each with three passes over a fresh warehouse: all new (insert), the same again (nothing
changes), then with every other article's text changed (update). Each pass is one store_batch call: one
transaction, Arrow in. "articles" stores the article rows alone (what the 50k rows/s target is about);
"articles + documents" stores each article's raw bytes too, as an ingest does. pyarrow's one-time start-up
(about 0.4 s on the first array it builds in a process) is paid in a warm-up before the clock starts.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsflow.articles.minhash import fingerprint
from newsflow.articles.process import sha256
from newsflow.records import ArticleRecord, BatchResult, DocumentRecord
from newsflow.warehouse.writer import Writer

TARGET = 50_000  # rows/s


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(n: int) -> BatchResult:
    base = datetime(2025, 1, 1)
    docs, arts = [], []
    for i in range(n):
        lang = ("nb", "de", "en")[i % 3]
        text = f"Article {i} body. " * 40
        content = f"Title {i}\n\n{text}".encode()
        doc_id = sha256(f"bench\x00f{i}\x00{i}")[:32]
        docs.append(
            DocumentRecord(
                document_id=doc_id,
                source="bench",
                location=f"f{i}",
                url=None,
                content=content,
                content_type="text/plain",
                encoding="utf-8",
                content_hash=sha256(content),
                fetched_at=base,
                modified_at=None,
                etag=None,
                hints=None,
            )
        )
        arts.append(
            ArticleRecord(
                article_id=sha256(f"a{i}")[:32],
                source="bench",
                url=f"https://example.org/{i}",
                location=f"f{i}",
                document_id=doc_id,
                title=f"Title {i}",
                author=None,
                published_at=base + timedelta(hours=i),
                lang=lang,
                lang_confidence=0.99,
                text=text,
                translation_status="not_needed" if lang == "en" else "pending",
                content_hash=sha256(text),
            )
        )
    # The process stage fingerprints each text for story detection; the store receives them with the batch.
    return BatchResult(docs, arts, [], fingerprints={a.article_id: fingerprint(a.text) for a in arts})


def timed(writer: Writer, run_id: str, batch: BatchResult) -> tuple[float, float, object]:
    """Wall and CPU seconds (CPU too: the shared 2-core machine's wall time swings with others' load)."""
    started, cpu = time.perf_counter(), time.process_time()
    counts = writer.store_batch(run_id, batch)
    return time.perf_counter() - started, time.process_time() - cpu, counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    batch = generate(args.rows)
    changed_articles = [
        replace(a, text=a.text + " Updated.", content_hash=a.content_hash + "x") if i % 2 else a
        for i, a in enumerate(batch.articles)
    ]
    changed = BatchResult(
        batch.documents,
        changed_articles,
        [],
        fingerprints={a.article_id: fingerprint(a.text) for a in changed_articles},
    )
    with tempfile.TemporaryDirectory() as tmp:
        with Writer(Path(tmp) / "warmup.duckdb", "warm-up") as writer:
            writer.store_batch(writer.start_run("warm-up", {}), generate(100))
        header = f"{'store':<21} {'pass':<18} {'rows':>7} {'wall s':>7} {'cpu s':>6} {'rows/s':>9} {'x target':>8}"
        print(header + "  counts")
        for store, with_docs in (("articles", False), ("articles + documents", True)):
            with Writer(Path(tmp) / f"bench-{with_docs}.duckdb", "upsert bench") as writer:
                run_id = writer.start_run("bench", {})
                for name, data in (("insert (all new)", batch), ("same again", batch), ("half changed", changed)):
                    data = data if with_docs else BatchResult([], data.articles, [], fingerprints=data.fingerprints)
                    seconds, cpu, counts = timed(writer, run_id, data)
                    rate = len(data.articles) / seconds
                    print(
                        f"{store:<21} {name:<18} {len(data.articles):>7} {seconds:>7.2f} {cpu:>6.2f} {rate:>9,.0f} "
                        f"{rate / TARGET:>8.2f}  {counts}"
                    )
                if with_docs:
                    started = time.perf_counter()
                    writer.refresh_search_index()
                    print(f"search index rebuild over {args.rows} articles: {time.perf_counter() - started:.2f} s")
    print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
