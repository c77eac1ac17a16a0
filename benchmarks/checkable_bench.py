"""What checkable translations cost: sentence pairs, scores and alarms against the translation stage, and the
reader's page latency on a 10,000-article warehouse. Baselines are measured in the same run.

    .venv/bin/python benchmarks/checkable_bench.py translation [--sentences 2000]
    .venv/bin/python benchmarks/checkable_bench.py reader [--articles 10000] [--requests 200]

translation: a real-shape model (tests/support/argos_model.py, 6+6 layers, int8) translates --sentences sentences in
articles of 10 through translate_pending into a fresh file warehouse (the whole stage: translate + store). The cost
of what this issue added is measured in the same run: (a) CTranslate2 with return_scores against without, on the same
tokens; (b) building the segments and running every alarm over all pairs; (c) storing the same translations with
their segments against without (two more fresh warehouses). Goal: (a + b + c) <= 10% of the stage.
reader: --articles articles with English text, 12 sentence pairs each, and the search index; the reader served by
uvicorn in this process, warm; --requests GETs each of an article page (random articles) and a search page
(random words); p50/p95. Goal: p95 <= 150 ms for both.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsflow.config import Settings, TranslationSettings, WarehouseSettings
from newsflow.records import BatchResult
from newsflow.translation import quality
from newsflow.translation.segments import Segment
from newsflow.warehouse.stores.translation_queue import TranslationRow
from newsflow.warehouse.writer import Writer
from tests.support.argos_model import build_argosmodel, generate_sentences
from tests.warehouse.conftest import record_pair

PER_ARTICLE = 10


def _articles(sentences: list[str]) -> list[tuple[str, str]]:
    out = []
    for i in range(0, len(sentences), PER_ARTICLE):
        chunk = sentences[i : i + PER_ARTICLE]
        half = max(1, len(chunk) // 2)
        out.append((f"Artikel {i}", " ".join(chunk[:half]) + "\n\n" + " ".join(chunk[half:])))
    return out


def _ingest(db: Path, texts: list[tuple[str, str]]) -> list[str]:
    pairs = [record_pair(i, "de", title, text, None) for i, (title, text) in enumerate(texts)]
    with Writer(db, "bench") as writer:
        writer.store_batch(writer.start_run("ingest", {}), BatchResult([d for d, _ in pairs], [a for _, a in pairs]))
    return [a.article_id for _, a in pairs]


def bench_translation(n_sentences: int) -> None:
    from newsflow.translation import engine
    from newsflow.translation.models import import_model
    from newsflow.translation.pending import LocalEngine, translate_pending

    with tempfile.TemporaryDirectory(prefix="checkable-bench-") as tmp:
        root = Path(tmp)
        translation = TranslationSettings(models_dir=root / "models")
        import_model(build_argosmodel(root / "pkg", "de", "en", real_shape=True), translation)
        texts = _articles(generate_sentences(n_sentences, "de", seed=7))
        db = root / "wh" / "stage.duckdb"
        _ingest(db, texts)
        translator = engine.Translator(translation)
        settings = Settings(None, WarehouseSettings(db), translation=translation)
        rows: list[TranslationRow] = []

        class Keeping(LocalEngine):  # the stage as it runs, keeping what it stored for (c)
            def submit(self, requests: list[object]) -> object:
                done = super().submit(requests)
                rows.extend(
                    TranslationRow(r.key, r.title_en, r.text_en, r.model, r.segments, r.score, r.flags)
                    for r in done.result()
                )
                return done

        start = time.perf_counter()
        with Writer(db, "bench") as writer:
            counts = translate_pending(writer, settings, writer.start_run("translate", {}), engine=Keeping(translator))
        stage = time.perf_counter() - start
        assert counts.translated == len(texts), counts

        # (a) return_scores on the same tokens, same settings, fresh translator (no cache).
        package = engine.Translator(translation)._package("de")
        tokens = [package.sp.encode(s, out_type=str) for s in generate_sentences(n_sentences, "de", seed=7)]

        def raw(scores: bool) -> float:
            t0 = time.perf_counter()
            package.translator.translate_batch(
                tokens, max_batch_size=translation.max_batch_tokens, batch_type="tokens", beam_size=1,
                length_penalty=engine.LENGTH_PENALTY, replace_unknowns=True, return_scores=scores,
            )  # fmt: skip
            return time.perf_counter() - t0

        raw(False)  # warm
        without, with_scores = min(raw(False) for _ in range(2)), min(raw(True) for _ in range(2))
        scores_cost = max(0.0, with_scores - without)

        # (b) segments and alarms over every pair, as the engine builds them.
        segments = [s for r in rows for s in r.segments]
        t0 = time.perf_counter()
        for s in segments:
            flags = quality.unit_flags(s.original, s.english, s.score, "de", translation.review_below)
            Segment(s.field, s.paragraph, s.line, s.position, s.original, s.english, s.score, s.tokens, flags)
        quality.article_flags((s.flags for s in segments), -0.5, translation.review_below)
        alarms_cost = time.perf_counter() - t0

        # (c) storing with segments against without, each into a fresh warehouse.
        def store(name: str, keep_segments: bool) -> float:
            target = root / "wh" / f"{name}.duckdb"
            _ingest(target, texts)
            stored = (
                rows if keep_segments else [TranslationRow(r.article_id, r.title_en, r.text_en, r.model) for r in rows]
            )
            t0 = time.perf_counter()
            with Writer(target, "bench") as writer:
                for i in range(0, len(stored), 64):
                    writer.store_translations(None, stored[i : i + 64], [])
            return time.perf_counter() - t0

        plain, full = store("plain", False), store("full", True)
        store_cost = max(0.0, full - plain)
        total = scores_cost + alarms_cost + store_cost
        print(f"translation stage: {n_sentences} sentences ({len(segments)} segments), {stage:.2f} s")
        print(f"  (a) return_scores: {with_scores:.2f} s vs {without:.2f} s without -> +{scores_cost:.3f} s")
        print(f"  (b) segments + alarms: {alarms_cost:.3f} s")
        print(f"  (c) storing with segments: {full:.2f} s vs {plain:.2f} s without -> +{store_cost:.3f} s")
        print(f"  added cost: {total:.3f} s = {100 * total / stage:.1f}% of the stage (goal <= 10%)")


def bench_reader(n_articles: int, n_requests: int) -> None:
    import httpx
    import uvicorn

    from newsflow.reader.listen import loopback_socket
    from newsflow.reader.web import create_app

    words = generate_sentences(2000, "de", seed=3)
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(prefix="checkable-reader-") as tmp:
        db = Path(tmp) / "wh" / "news.duckdb"
        t0 = time.perf_counter()
        ids: list[str] = []
        with Writer(db, "bench") as writer:
            run_id = writer.start_run("ingest", {})
            for start in range(0, n_articles, 1000):
                sentences = [
                    [rng.choice(words) for _ in range(12)] for _ in range(start, min(n_articles, start + 1000))
                ]
                pairs = [
                    record_pair(start + i, "de", s[0], " ".join(s[1:6]) + "\n\n" + " ".join(s[6:]), None)
                    for i, s in enumerate(sentences)
                ]
                writer.store_batch(run_id, BatchResult([d for d, _ in pairs], [a for _, a in pairs]))
                done = []
                for (_, a), s in zip(pairs, sentences, strict=True):
                    segs = [Segment("title", 0, 0, 0, s[0], s[0], -0.1, 10, ())] + [
                        Segment(
                            "text", 0 if k < 6 else 1, 0, k - 1 if k < 6 else k - 6, x, x, -0.2, 20, ("untranslated",)
                        )
                        for k, x in enumerate(s[1:], start=1)
                    ]
                    done.append(
                        TranslationRow(a.article_id, s[0], a.text, "bench 1.0", tuple(segs), -0.2, ("untranslated",))
                    )
                    ids.append(a.article_id)
                writer.store_translations(run_id, done, [])
            writer.refresh_search_index(force=True)
        print(f"reader: {n_articles} articles built in {time.perf_counter() - t0:.0f} s")
        sock = loopback_socket(0)  # as `newsflow reader` listens
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(WarehouseSettings(db)), log_level="warning", lifespan="off"))
        threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        vocab = sorted({w for s in words for w in s.split() if w.isalpha() and len(w) > 4})
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(10):  # warm
                client.get(f"/articles/{rng.choice(ids)}")
                client.get("/", params={"q": rng.choice(vocab)})
            for name, make in (
                ("article", lambda: (f"/articles/{rng.choice(ids)}", {})),
                ("search", lambda: ("/", {"q": rng.choice(vocab)})),
            ):
                times = []
                for _ in range(n_requests):
                    path, params = make()
                    t0 = time.perf_counter()
                    response = client.get(path, params=params)
                    times.append(time.perf_counter() - t0)
                    assert response.status_code == 200, (path, response.status_code)
                q = statistics.quantiles(times, n=20)
                print(f"  {name} page: p50 {1000 * statistics.median(times):.0f} ms, p95 {1000 * q[18]:.0f} ms "
                      f"over {n_requests} requests (goal p95 <= 150 ms)")  # fmt: skip
        server.should_exit = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", choices=["translation", "reader"])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    if args.part == "translation":
        bench_translation(args.sentences)
    else:
        bench_reader(args.articles, args.requests)


if __name__ == "__main__":
    main()
