"""Language detection through `newsflow.articles.fast_langdetect` against langdetect's own `Detector`, on real pages.

    .venv/bin/python benchmarks/langdetect_bench.py [--pages 990] [--stage 250]

The pages: the shared extraction benchmark (../shared/eval/extraction/pages), each extracted as the pipeline
extracts it (decode, `articles.process.extract`), the detection input its title and body. For every page:
- the answer: `detect_language` with langdetect's `Detector` (before) and with the fast path (now), compared:
  code, confidence and method, and langdetect's own ranking of the sample (languages, probabilities);
- the CPU of `detect_language`, before and now alternately, page after page, in this one process.
With --stage N, on the first N pages, alternately in this process: the hand-written script's work per page
(`trafilatura.extract` of the bytes, then seeded `langdetect.detect` of the first 5,000 characters, as
benchmarks/side_by_side_bench.py's BASELINE), and newsflow's process stage (`process_document`) with each
detector: the CPU of each, and their ratios to the script's.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PAGES = REPO.parent / "shared" / "eval" / "extraction" / "pages"

from langdetect import DetectorFactory, LangDetectException  # noqa: E402

from newsflow.articles import language  # noqa: E402
from newsflow.articles.process import extract, process_document  # noqa: E402
from newsflow.config import LanguageSettings  # noqa: E402
from newsflow.documents.decode import decode_counted  # noqa: E402
from newsflow.records import RawDocument  # noqa: E402

FAST = language._ranked


def langdetect_ranked(sample: str) -> list[tuple[str, float]]:
    """`language._ranked` as it was: langdetect's own Detector."""
    language._factory()
    from langdetect.detector_factory import _factory as factory

    detector = factory.create()
    detector.append(sample)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return []
    merged: dict[str, float] = {}
    for item in found:
        code = language.canonical(item.lang)
        merged[code] = merged.get(code, 0.0) + float(item.prob)
    return sorted(merged.items(), key=lambda kv: -kv[1])


def with_ranking(ranked: Callable[[str], list[tuple[str, float]]], call: Callable[[], Any]) -> Any:
    language._ranked = ranked  # type: ignore[assignment]
    try:
        return call()
    finally:
        language._ranked = FAST  # type: ignore[assignment]


def document(path: Path) -> RawDocument:
    return RawDocument("bench", str(path), gzip.decompress(path.read_bytes()), "text/html", datetime.now(UTC))


def detection_input(doc: RawDocument) -> str | None:
    try:
        found = extract(doc, decode_counted(doc.content).text)
    except Exception:  # a page the pipeline stores no article for has no language to compare
        return None
    return "\n".join(filter(None, [found.title, found.body]))


def sample_of(text: str) -> str:
    return language._URL.sub(" ", language._start(text))


def compare(paths: list[Path]) -> None:
    language._factory()
    texts = [(p.name, detection_input(document(p))) for p in paths]
    detected = [(name, text) for name, text in texts if text is not None]
    cpu = {"before": 0.0, "now": 0.0}
    mismatches, ranking_mismatches, max_delta, codes = [], 0, 0.0, {}
    for name, text in detected:
        started = time.process_time()
        before = with_ranking(langdetect_ranked, lambda t=text: language.detect_language(t))  # type: ignore[misc]
        middle = time.process_time()
        now = language.detect_language(text)
        cpu["before"] += middle - started
        cpu["now"] += time.process_time() - middle
        if before != now:
            mismatches.append((name, before, now))
        old, new = langdetect_ranked(sample_of(text)), FAST(sample_of(text))
        if [c for c, _ in old] != [c for c, _ in new]:
            ranking_mismatches += 1
        else:
            max_delta = max([max_delta, *(abs(a - b) for (_, a), (_, b) in zip(old, new, strict=True))])
        codes[now.code] = codes.get(now.code, 0) + 1
    n = len(detected)
    print(f"{len(paths)} pages, {n} with an article ({len(paths) - n} without: nothing to detect)")
    print(f"detect_language, before vs now: {len(mismatches)} pages differ (code, confidence or method)")
    for name, before, now in mismatches[:20]:
        print(f"  {name}: before {before}, now {now}")
    print(f"langdetect's ranking of the sample: {ranking_mismatches} pages differ in languages; largest probability")
    print(f"  difference where they agree: {max_delta:.3g}")
    print(f"languages stored: {dict(sorted(codes.items(), key=lambda kv: -kv[1]))}")
    b, a = cpu["before"] / n * 1000, cpu["now"] / n * 1000
    print(f"CPU of detect_language per page: before {b:.2f} ms, now {a:.2f} ms ({b / a:.2f}x less)")


def stage(paths: list[Path]) -> None:
    import trafilatura
    from langdetect import detect

    DetectorFactory.seed = 0
    languages = LanguageSettings()
    docs = [document(p) for p in paths]
    for doc in docs[:3]:  # the first page pays each library's start: not a page's cost
        trafilatura.extract(doc.content)
        process_document(doc, languages)
    cpu = {"script": 0.0, "before": 0.0, "now": 0.0}
    for doc in docs:
        started = time.process_time()
        text = trafilatura.extract(doc.content)
        if text:
            with contextlib.suppress(LangDetectException):
                detect(text[:5000])
        script = time.process_time()
        with_ranking(langdetect_ranked, lambda d=doc: process_document(d, languages))  # type: ignore[misc]
        before = time.process_time()
        process_document(doc, languages)
        cpu["script"] += script - started
        cpu["before"] += before - script
        cpu["now"] += time.process_time() - before
    s = cpu["script"]
    print(f"process stage CPU on {len(docs)} pages, in one process, page after page:")
    print(f"  the script's trafilatura.extract + langdetect: {s:.1f} s")
    print(
        f"  newsflow, langdetect's Detector (before):      {cpu['before']:.1f} s ({cpu['before'] / s:.2f}x the script)"
    )
    print(f"  newsflow, the fast path (now):                 {cpu['now']:.1f} s ({cpu['now'] / s:.2f}x the script)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=990)
    parser.add_argument("--stage", type=int, default=0, help="also the process stage's CPU on this many pages")
    args = parser.parse_args()
    paths = sorted(PAGES.glob("*.html.gz"))[: args.pages]
    compare(paths)
    if args.stage:
        stage(paths[: args.stage])


if __name__ == "__main__":
    main()
