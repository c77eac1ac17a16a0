"""Compare newsflow's HTML extraction with plain trafilatura on the with/without snippet benchmark.

Both extractors run in one process on the same pages (page by page, one after the other), scored
with the benchmark's own score.py, so the quality figures and the time per page are comparable.
Pages are split by SITE (registered domain of the page's URL), so that no site has pages on both
sides: a hash of the domain puts each site in the `dev` half or the `heldout` half. Rules may be
derived from dev pages only; `benchmarks/rule_provenance.py` checks that no vocabulary rule matches
snippet text found only on held-out sites. Report the held-out figure as the honest one.

    .venv/bin/python benchmarks/extraction_eval.py                 # all pages, both halves reported
    .venv/bin/python benchmarks/extraction_eval.py --split dev --lang de --limit 100 --jobs 2
    .venv/bin/python benchmarks/extraction_eval.py --rules --jobs 2   # also the rules without the block scorer
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib.util
import json
import os
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import courlan
import trafilatura

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO.parent / "shared" / "eval" / "extraction"
sys.path.insert(0, str(REPO))

from newsflow.articles.extraction.html import after_pass, extract_text, rule_lines  # noqa: E402  (repo on sys.path)
from newsflow.articles.extraction.parse import load_html  # noqa: E402

EXTRACTORS = ("trafilatura", "newsflow")


@functools.cache
def load_scorer(eval_dir: Path = EVAL_DIR) -> ModuleType:
    """Import the benchmark's score.py as a module."""
    spec = importlib.util.spec_from_file_location("extraction_score", eval_dir / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {eval_dir / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


SPLITS = ("dev", "heldout")
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(https?://.+)$")


def site_of(entry: dict[str, Any]) -> str:
    """The page's site: its registered domain ("spiegel.de" for www.spiegel.de), else its file name."""
    url = entry.get("url") or ""
    # an archived copy belongs to the site it archives: web.archive.org/web/2018…/https://site/…
    if archived := _ARCHIVED.match(url):
        url = archived.group(1)
    domain = courlan.extract_domain(url) if url else None
    return domain or os.path.basename(entry["file"])


def split_of(entry: dict[str, Any]) -> str:
    """'dev' or 'heldout', fixed by a hash of the page's site: all pages of one site fall on one side."""
    digest = hashlib.sha256(site_of(entry).encode()).digest()
    return "dev" if digest[-1] % 2 == 0 else "heldout"


def _trafilatura(html: str, url: str | None) -> str:
    return trafilatura.extract(html, url=url, include_comments=False) or ""


def _newsflow(html: str, url: str | None) -> str:
    return extract_text(html, url)


def _rules(html: str, url: str | None) -> str:
    """newsflow's body without the learned block scorer: the rules alone (the regions' rule included)."""
    tree = load_html(html)
    return "\n\n".join(after_pass(tree, rule_lines(tree, url))) if tree is not None else ""


FUNCS: dict[str, Callable[[str, str | None], str]] = {
    "trafilatura": _trafilatura,
    "newsflow": _newsflow,
    "rules": _rules,
}


@dataclass
class Stats:
    pages: int = 0
    tp: int = 0
    fn: int = 0
    fp: int = 0
    comments_found: int = 0
    comments_total: int = 0
    seconds: float = 0.0

    def add(self, other: Stats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    @property
    def per_page(self) -> float:
        return self.seconds / self.pages if self.pages else 0.0


@dataclass
class PageScore:
    file: str
    lang: str | None
    site: str
    split: str
    by_extractor: dict[str, Stats] = field(default_factory=dict)
    # per extractor: the `with` snippets missed, `without` snippets leaked, comment snippets found
    misses: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def score_page(entry: dict[str, Any], extractors: tuple[str, ...] = EXTRACTORS) -> PageScore:
    """Run each extractor on one page and score its output; a crash scores as empty output."""
    score = load_scorer(Path(entry["path"]).parent.parent)
    html = score.decode_html(score.read_page(entry["path"]))
    result = PageScore(entry["file"], entry.get("lang"), site_of(entry), split_of(entry))
    # alternate which extractor runs first, so neither always profits from the other's warm caches
    order = extractors if hashlib.sha256(entry["file"].encode()).digest()[0] % 2 else extractors[::-1]
    for name in order:
        start = time.perf_counter()
        try:
            text = FUNCS[name](html, entry.get("url"))
        except Exception:  # one page's crash must not stop the run
            text = ""
        seconds = time.perf_counter() - start
        page = score.PageResult(entry, text=text).score()
        result.by_extractor[name] = Stats(
            1, page.tp, page.fn, page.fp, len(page.comments_found), page.comment_total, seconds
        )
        result.misses[name] = {"missed": page.missed, "leaked": page.leaked, "comments": page.comments_found}
    return result


def score_pages(entries: list[dict[str, Any]], extractors: tuple[str, ...], jobs: int) -> list[PageScore]:
    if jobs <= 1:
        return [score_page(entry, extractors) for entry in entries]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(score_page, entries, [extractors] * len(entries), chunksize=8))


def select(entries: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    return [e for e in entries if split == "all" or split_of(e) == split]


def totals(pages: list[PageScore], name: str, keep: Callable[[PageScore], bool] = lambda p: True) -> Stats:
    stats = Stats()
    for page in pages:
        if keep(page):
            stats.add(page.by_extractor[name])
    return stats


def report(pages: list[PageScore], extractors: tuple[str, ...]) -> str:
    subsets: list[tuple[str, Callable[[PageScore], bool]]] = [
        ("all", lambda p: True),
        ("dev", lambda p: p.split == "dev"),
        ("heldout", lambda p: p.split == "heldout"),
    ]
    head = (
        f"{'subset':<9}{'extractor':<13}{'pages':>6}{'P':>7}{'R':>7}{'F1':>7}{'F1 de':>7}{'comments':>10}{'s/page':>8}"
    )
    rows = [head, "-" * len(head)]
    for label, keep in subsets:
        for name in extractors:
            s = totals(pages, name, keep)
            de = totals(pages, name, lambda p, keep=keep: keep(p) and p.lang == "de")
            rows.append(
                f"{label:<9}{name:<13}{s.pages:>6}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{de.f1:>7.3f}"
                f"{f'{s.comments_found}/{s.comments_total}':>10}{s.per_page:>8.3f}"
            )
    if set(EXTRACTORS) <= set(extractors):
        held = [p for p in pages if p.split == "heldout"]
        base, ours = totals(held, "trafilatura"), totals(held, "newsflow")
        sites = len({p.site for p in held})
        rows.append("")
        rows.append(
            f"newsflow vs trafilatura (held-out: {len(held)} pages, {sites} sites): F1 {ours.f1 - base.f1:+.4f}, "
            f"comment snippets {ours.comments_found} vs {base.comments_found}, "
            f"time per page x{ours.per_page / base.per_page if base.per_page else float('nan'):.2f}"
        )
    return "\n".join(rows)


def write_details(pages: list[PageScore], path: Path) -> None:
    """One JSON line per page: where it falls, and per extractor the snippets it missed, leaked, let through."""
    with path.open("w", encoding="utf-8") as out:
        for p in pages:
            row = {"file": p.file, "site": p.site, "split": p.split, "lang": p.lang, **p.misses}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    ap.add_argument("--split", choices=("all", *SPLITS), default="all")
    ap.add_argument("--lang", help="only pages with this lang (comma-separated)")
    ap.add_argument("--limit", type=int, help="only the first N pages (after --lang and --split)")
    ap.add_argument("--only", choices=EXTRACTORS, help="run one extractor only")
    ap.add_argument("--rules", action="store_true", help="also newsflow's rules without the block scorer")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (timings are per page either way)")
    ap.add_argument("--details", type=Path, help="write one JSON line per page: each extractor's misses and leaks")
    args = ap.parse_args(argv)

    score = load_scorer(args.eval_dir)
    langs = {c.strip() for c in (args.lang or "").split(",") if c.strip()}
    entries = select(score.load_manifest(str(args.eval_dir / "manifest.json"), langs, None), args.split)
    entries = entries[: args.limit] if args.limit else entries
    if not entries:
        raise SystemExit("no pages selected")
    extractors = ((args.only,) if args.only else EXTRACTORS) + (("rules",) if args.rules else ())
    start = time.perf_counter()
    pages = score_pages(entries, extractors, args.jobs)
    print(f"{len(entries)} pages from {args.eval_dir}, split={args.split}, {time.perf_counter() - start:.0f} s wall")
    print(report(pages, extractors))
    if args.details:
        write_details(pages, args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
