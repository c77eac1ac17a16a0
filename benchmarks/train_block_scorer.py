"""Train the boilerplate block scorer on the DEV half of the site-split extraction benchmark.

Every page runs through newsflow's extraction (trafilatura + the rule post-filters); the lines that
reach the scorer are recorded with their structural features (newsflow.articles.extraction.features).
A line of a dev page is labelled from the benchmark's snippets:

- boilerplate (1): it holds a `without` or comment snippet, or is part of one;
- article (0): it holds a `with` snippet, or is part of one;
- article, weakly (0, weight UNLABELLED_WEIGHT): unlabelled, between two article lines;
- other lines, and lines holding both kinds, are not used.

Gradient-boosted trees (depth 2, logistic loss, splits at quantiles of each feature, Newton leaves;
no randomness, so deterministic) are fitted; a page's boilerplate lines weigh at most PAGE_POSITIVES in
all. The model cuts trailing lines (block_scorer.kept). The threshold is chosen on out-of-fold
probabilities (5 folds by site, within dev), averaged over FOLDINGS assignments of the sites to folds: the
one with the best mean benchmark F1 that leaks no more comment snippets in any assignment and drops at
least as many boilerplate as article lines; 2.0 (never drop) unless that F1 beats the rules by MARGIN
(about one snippet: a smaller gain is what one fold assignment or one rule change makes or undoes).
Held-out pages are never used for fitting or for the threshold, and are only collected and scored with
--heldout: whoever trains while tuning should not see them on every run. The model is written to
newsflow/articles/extraction/block_scorer.json.

    .venv/bin/python benchmarks/train_block_scorer.py --jobs 2              # train, write, report dev
    .venv/bin/python benchmarks/train_block_scorer.py --jobs 2 --heldout    # the same, and score held-out (once)
    .venv/bin/python benchmarks/train_block_scorer.py --check               # exit 1 if the shipped file differs
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from extraction_eval import EVAL_DIR, load_scorer, site_of, split_of  # noqa: E402

from newsflow.articles.extraction import block_scorer, html  # noqa: E402
from newsflow.articles.extraction.block_scorer import NO_SPLIT, Model, kept, sigmoid  # noqa: E402
from newsflow.articles.extraction.features import FEATURES, block_features  # noqa: E402
from newsflow.articles.extraction.parse import load_html  # noqa: E402

UNLABELLED_WEIGHT = 0.3
POSITIVE_WEIGHT = 3.0  # boilerplate lines are rare (1 in 13 labelled ones)
PAGE_POSITIVES = 4.0  # one page's boilerplate weighs at most this much ("Bild anzeigen" 17 times on one page)
DEPTH = 2
ROUNDS = 150
LEARNING_RATE = 0.1
L2 = 1.0
MIN_HESSIAN = 1.0  # a leaf needs at least this much curvature: no leaf for one line
BINS = 32  # candidate splits per feature: quantiles of its training values
FOLDS = 5
FOLDINGS = 5  # assignments of the dev sites to folds (hash salts) whose out-of-fold F1 is averaged
MARGIN = 0.0003  # mean dev F1 over the rules needed to cut at all: about one snippet on dev
THRESHOLDS = tuple(round(0.3 + 0.05 * i, 2) for i in range(13))  # 0.30 .. 0.90
MIN_PART = 12  # a line shorter than this, found inside a snippet, says nothing about it


@dataclass
class PageBlocks:
    file: str
    site: str
    split: str
    lines: list[str]
    x: np.ndarray
    y: np.ndarray  # 1 boilerplate, 0 article, -1 unlabelled, -2 both
    sandwiched: np.ndarray  # unlabelled lines between two article lines


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _label(line: str, good: list[str], bad: list[str]) -> int:
    def hits(snippets: list[str]) -> bool:
        return any(s in line or (len(line) >= MIN_PART and line in s) for s in snippets)

    is_bad, is_good = hits(bad), hits(good)
    return -2 if is_bad and is_good else 1 if is_bad else 0 if is_good else -1


def page_blocks(entry: dict[str, Any]) -> PageBlocks | None:
    """The lines newsflow's rules keep on one page, with features and labels; None if it extracts nothing."""
    score = load_scorer(Path(entry["path"]).parent.parent)
    page = score.decode_html(score.read_page(entry["path"]))
    # what html._body does before the scorer's place: pre-clean, trafilatura, rules
    tree = load_html(page)
    if tree is None:
        return None
    lines = html.rule_lines(tree, entry.get("url"))
    if not lines:
        return None
    good = [norm(s) for s in entry.get("with", []) if s.strip()]
    bad = [norm(s) for s in [*entry.get("without", []), *entry.get("comments", [])] if s.strip()]
    y = np.array([_label(norm(line), good, bad) for line in lines])
    article = np.flatnonzero(y == 0)
    sandwiched = np.zeros(len(lines), dtype=bool)
    if len(article) >= 2:
        sandwiched[article[0] : article[-1]] = True
    sandwiched &= y == -1
    x = block_features(tree, lines, entry.get("url"))
    return PageBlocks(entry["file"], site_of(entry), split_of(entry), lines, x, y, sandwiched)


def to_collect(manifest: list[dict[str, Any]], heldout: bool) -> list[dict[str, Any]]:
    """The pages to run: the dev half, and the held-out half only when asked for (a final look, not tuning)."""
    return [e for e in manifest if heldout or split_of(e) == "dev"]


def collect(entries: list[dict[str, Any]], jobs: int) -> list[PageBlocks]:
    if jobs <= 1:
        found = [page_blocks(e) for e in entries]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            found = list(pool.map(page_blocks, entries, chunksize=8))
    return [p for p in found if p is not None]


def training_set(pages: list[PageBlocks]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for p in pages:
        use = (p.y >= 0) | p.sandwiched
        bad = p.y[use] == 1
        w = np.where(p.y[use] >= 0, 1.0, UNLABELLED_WEIGHT)
        w[bad] *= POSITIVE_WEIGHT * min(1.0, PAGE_POSITIVES / max(int(bad.sum()), 1))
        xs.append(p.x[use])
        ys.append(bad.astype(float))
        ws.append(w)
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)


def split_points(x: np.ndarray) -> list[np.ndarray]:
    """Candidate splits per feature: midway between neighbouring values at up to BINS quantiles, rounded as
    the model file stores them (a line's value is never on a split)."""
    points = []
    for col in x.T:
        values = np.unique(col)
        if len(values) > BINS:
            q = np.unique(np.quantile(col, np.linspace(0, 1, BINS + 1)[1:-1], method="lower"))
            above = np.searchsorted(values, q, side="right")
            above = above[above < len(values)]
            mids = (values[above - 1] + values[above]) / 2
        else:
            mids = (values[:-1] + values[1:]) / 2
        points.append(np.unique(np.round(mids, 8)))
    return points


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, threshold: float) -> Model:
    """Gradient-boosted trees on the logistic loss, histogram splits, Newton leaves (deterministic)."""
    points = split_points(x)
    n, d = x.shape
    width = BINS + 1
    counts = np.array([len(p) for p in points])
    binned = np.stack([np.searchsorted(p, col) for p, col in zip(points, x.T, strict=True)], axis=1)
    flat = binned + np.arange(d) * width  # one histogram slot per feature and bin
    base = round(float(np.log((w * y).sum() / (w * (1 - y)).sum())), 8)
    inner = 2**DEPTH - 1
    feature = np.zeros((ROUNDS, inner), dtype=np.int64)
    split = np.full((ROUNDS, inner), NO_SPLIT)
    leaf = np.zeros((ROUNDS, 2**DEPTH))
    score = np.full(n, base)
    usable = np.arange(width - 1)[None, :] < counts[:, None]
    for t in range(ROUNDS):
        p = sigmoid(score)
        g, h = w * (p - y), w * p * (1 - p)
        node = np.zeros(n, dtype=np.int64)
        for k in range(inner):  # level by level: k's parent is decided before k
            rows = np.flatnonzero(node == k)
            if not len(rows):
                continue
            slots = flat[rows].ravel()
            gs = np.bincount(slots, np.repeat(g[rows], d), d * width).reshape(d, width)
            hs = np.bincount(slots, np.repeat(h[rows], d), d * width).reshape(d, width)
            gl, hl = np.cumsum(gs, axis=1)[:, :-1], np.cumsum(hs, axis=1)[:, :-1]
            gt, ht = gs.sum(axis=1, keepdims=True), hs.sum(axis=1, keepdims=True)
            gain = gl**2 / (hl + L2) + (gt - gl) ** 2 / (ht - hl + L2) - gt**2 / (ht + L2)
            gain[~(usable & (hl >= MIN_HESSIAN) & (ht - hl >= MIN_HESSIAN))] = -np.inf
            j, b = np.unravel_index(int(np.argmax(gain)), gain.shape)
            right = np.zeros(len(rows), dtype=bool)
            if gain[j, b] > 1e-12:
                feature[t, k], split[t, k] = j, points[j][b]
                right = binned[rows, j] > b
            node[rows] = 2 * k + 1 + right
        at = node - inner
        gsum = np.bincount(at, g, 2**DEPTH)
        hsum = np.bincount(at, h, 2**DEPTH)
        leaf[t] = np.round(-LEARNING_RATE * gsum / (hsum + L2), 8)
        score += leaf[t][at]
    return Model(base, feature, split, leaf, threshold)


def model_of(pages: list[PageBlocks], threshold: float) -> Model:
    return fit(*training_set(pages), threshold)


@dataclass
class Tally:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    comments: int = 0
    dropped_bad: int = 0
    dropped_good: int = 0
    dropped_other: int = 0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


_SCORED: dict[tuple[str, bytes], Any] = {}


def evaluate(
    pages: list[PageBlocks], probs: dict[str, np.ndarray], threshold: float, entries: dict[str, dict]
) -> Tally:
    """Benchmark score (its own score.py) of the texts less the trailing lines of probability >= threshold."""
    score = load_scorer(Path(next(iter(entries.values()))["path"]).parent.parent)
    t = Tally()
    for p in pages:
        keep = np.zeros(len(p.lines), dtype=bool)
        keep[: kept(probs[p.file], threshold) if len(p.lines) >= 2 else len(p.lines)] = True
        key = (p.file, keep.tobytes())
        if key not in _SCORED:  # thresholds that keep the same lines score the same
            text = "\n\n".join(line for line, k in zip(p.lines, keep, strict=True) if k)
            _SCORED[key] = score.PageResult(entries[p.file], text=text).score()
        r = _SCORED[key]
        t.tp, t.fn, t.fp, t.comments = t.tp + r.tp, t.fn + r.fn, t.fp + r.fp, t.comments + len(r.comments_found)
        dropped = ~keep
        t.dropped_bad += int((dropped & (p.y == 1)).sum())
        t.dropped_good += int((dropped & (p.y == 0)).sum())
        t.dropped_other += int((dropped & (p.y < 0)).sum())
    return t


def fold_of(site: str, salt: int = 0) -> int:
    """The fold of a site in fold assignment `salt` (0 is the assignment used before there were several)."""
    key = f"fold:{site}" if salt == 0 else f"fold{salt}:{site}"
    return hashlib.sha256(key.encode()).digest()[0] % FOLDS


def out_of_fold(dev: list[PageBlocks], salt: int) -> dict[str, np.ndarray]:
    """Each dev page's probabilities from the model fitted on the other folds' sites (assignment `salt`)."""
    oof: dict[str, np.ndarray] = {}
    for k in range(FOLDS):
        m = model_of([p for p in dev if fold_of(p.site, salt) != k], 1.0)
        for p in dev:
            if fold_of(p.site, salt) == k:
                oof[p.file] = m.probabilities(p.x)
    return oof


@dataclass
class Point:
    """One threshold over all fold assignments: F1 gain over the rules (mean, worst), the most extra comment
    snippets of any assignment, and the boilerplate and article lines dropped in all."""

    threshold: float
    gain: float
    worst: float
    comments: int
    dropped_bad: int
    dropped_good: int

    @property
    def allowed(self) -> bool:
        return self.comments <= 0 and self.dropped_bad >= self.dropped_good


def curve(dev: list[PageBlocks], oofs: list[dict[str, np.ndarray]], entries: dict[str, dict]) -> list[Point]:
    base = evaluate(dev, oofs[0], 2.0, entries)  # the rules alone: the same for every assignment
    points = []
    for th in THRESHOLDS:
        ts = [evaluate(dev, oof, th, entries) for oof in oofs]
        gains = [t.f1 - base.f1 for t in ts]
        points.append(
            Point(
                th,
                float(np.mean(gains)),
                min(gains),
                max(t.comments - base.comments for t in ts),
                sum(t.dropped_bad for t in ts),
                sum(t.dropped_good for t in ts),
            )
        )
    return points


def choose(points: list[Point]) -> float:
    """The allowed threshold with the best mean gain, if that beats the rules by MARGIN; 2.0 (never cut) if none
    does. The margin keeps a gain of a line or two, which one fold assignment or one rule can make or undo,
    from switching the scorer on."""
    best, best_gain = 2.0, MARGIN
    for p in points:
        if p.allowed and p.gain > best_gain + 1e-9:
            best, best_gain = p.threshold, p.gain
    return best


def choose_threshold(
    dev: list[PageBlocks], entries: dict[str, dict]
) -> tuple[float, list[Point], dict[str, np.ndarray]]:
    """The threshold (see `choose`), judged on out-of-fold probabilities of FOLDINGS assignments of the dev sites
    to folds; the curve it was chosen on, and the first assignment's probabilities."""
    oofs = [out_of_fold(dev, salt) for salt in range(FOLDINGS)]
    points = curve(dev, oofs, entries)
    return choose(points), points, oofs[0]


def reproduces(shipped: dict, fresh: dict, tolerance: float = 1e-6) -> bool:
    """Same features, threshold and tree shapes; numbers equal up to float noise between machines."""
    if any(shipped[key] != fresh[key] for key in ("features", "threshold", "feature")):
        return False
    return all(np.allclose(shipped[key], fresh[key], rtol=0, atol=tolerance) for key in ("base", "split", "leaf"))


def report_rows(
    dev: list[PageBlocks],
    held: list[PageBlocks],
    probs: dict[str, np.ndarray],
    oof: dict[str, np.ndarray],
    threshold: float,
) -> list[tuple[str, list[PageBlocks], dict[str, np.ndarray], float]]:
    """The rows of the report: dev always, held-out only where its pages were collected (--heldout)."""
    rows = [
        ("dev rules", dev, probs, 2.0),
        ("dev +scorer (oof0)", dev, oof, threshold),
        ("dev +scorer", dev, probs, threshold),
        ("heldout rules", held, probs, 2.0),
        ("heldout +scorer", held, probs, threshold),
    ]
    return [row for row in rows if row[1]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", type=Path, default=block_scorer.WEIGHTS)
    ap.add_argument("--check", action="store_true", help="compare with the shipped weights instead of writing")
    ap.add_argument("--cache", type=Path, help="pickle of the collected blocks: reused when it exists (for tuning)")
    ap.add_argument("--heldout", action="store_true", help="also collect and score the held-out half (a final look)")
    args = ap.parse_args(argv)

    score = load_scorer(args.eval_dir)
    manifest = score.load_manifest(str(args.eval_dir / "manifest.json"), set(), None)
    entries = {e["file"]: e for e in manifest}
    look = args.heldout and not args.check  # a final look at held-out; a check needs dev only
    if args.cache and args.cache.exists():
        pages = pickle.loads(args.cache.read_bytes())
    else:
        pages = collect(to_collect(manifest, heldout=look), args.jobs)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(pages))
    dev = [p for p in pages if p.split == "dev"]
    held = [p for p in pages if p.split == "heldout"] if look else []  # a cache may hold them from a look
    threshold, points, oof = choose_threshold(dev, entries)
    model = model_of(dev, threshold)
    data = model.to_json()
    text = json.dumps(data, separators=(",", ":")) + "\n"
    if args.check:
        same = reproduces(json.loads(args.out.read_text("utf-8")), data)
        print("shipped weights reproduced" if same else f"{args.out} differs from a fresh training run")
        return 0 if same else 1
    args.out.write_text(text, "utf-8")

    probs = {p.file: model.probabilities(p.x) for p in pages}
    print(f"{len(dev)} dev pages, {len(held)} held-out pages scored; threshold {threshold}; features {len(FEATURES)}")
    print(f"out of fold, {FOLDINGS} fold assignments: threshold, F1 gain over the rules (mean, worst), extra comments,")
    print("boilerplate / article lines dropped in all assignments")
    for pt in points:
        print(
            f"{pt.threshold:>5.2f}{pt.gain:>+9.5f}{pt.worst:>+9.5f}{pt.comments:>3}{pt.dropped_bad:>5}{pt.dropped_good:>5}"
        )
    print(f"{'subset':<20}{'P':>7}{'R':>7}{'F1':>7}{'comments':>9}{'drop bad':>9}{'drop good':>10}{'drop other':>11}")
    for label, subset, pr, th in report_rows(dev, held, probs, oof, threshold):
        t = evaluate(subset, pr, th, entries)
        print(
            f"{label:<20}{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.4f}{t.comments:>9}"
            f"{t.dropped_bad:>9}{t.dropped_good:>10}{t.dropped_other:>11}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
