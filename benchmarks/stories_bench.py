"""Story clustering: precision and recall of the near-duplicate threshold on pairs built from real pages.

    .venv/bin/python benchmarks/stories_bench.py [--pages 400]

Articles: the main text of pages of the shared extraction benchmark (../shared/eval/extraction, German
and English news and blog pages), at least 120 words each, one per site. From each article A:

true pairs (same story)
- republication: A with another byline, dateline and footer around it;
- edited copy: a wire copy as a second outlet runs it: a dateline, one sentence dropped, one added
  from another article, 4 % of the words replaced;
- shortened copy: the first two thirds of A's paragraphs, lightly edited as above;

false friends (different stories)
- the nearest other article: the one sharing the most words with A (same language), its topic neighbour;
- same topic, same day: another article that repeats A's opening paragraph as background.

Each pair is scored as the pipeline does (newsflow.articles.minhash: band keys find candidates, the MinHash estimate
decides) at several thresholds and shingle sizes; the exact Jaccard of the shingle sets is shown for reference.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
EVAL_DIR = REPO.parent / "shared" / "eval" / "extraction"

from newsflow.articles import minhash as stories  # noqa: E402
from newsflow.articles.extraction.html import extract_text  # noqa: E402

_WORDS = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def load_articles(limit: int) -> list[tuple[str, str]]:
    """(lang, text) of up to `limit` pages, one per site, with at least 120 words."""
    manifest = json.loads((EVAL_DIR / "manifest.json").read_text())
    seen_sites: set[str] = set()
    out: list[tuple[str, str]] = []
    for entry in manifest:
        site = entry["url"].split("/")[2]
        if site in seen_sites or entry.get("lang") not in ("de", "en"):
            continue
        html = gzip.decompress((EVAL_DIR / entry["file"]).read_bytes()).decode("utf-8", "replace")
        text = extract_text(html, entry["url"])
        if len(_WORDS.findall(text)) >= 120:
            seen_sites.add(site)
            out.append((entry["lang"], text))
        if len(out) >= limit:
            break
    return out


def _edit(text: str, other: str, rng: random.Random) -> str:
    sentences = _SENTENCE.split(text)
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences))]
    extra = _SENTENCE.split(other)
    sentences.insert(rng.randrange(1, len(sentences) + 1), rng.choice(extra))
    words = " ".join(sentences).split(" ")
    vocabulary = other.split()
    for i in rng.sample(range(len(words)), max(1, len(words) // 25)):
        words[i] = rng.choice(vocabulary)
    return "OSLO (NTB): " + " ".join(words)


def build_pairs(articles: list[tuple[str, str]], seed: int = 7) -> list[tuple[str, bool, str, str]]:
    """(kind, same story?, text a, text b)."""
    rng = random.Random(seed)
    pairs: list[tuple[str, bool, str, str]] = []
    words = [set(_WORDS.findall(text.casefold())) for _, text in articles]
    for i, (lang, text) in enumerate(articles):
        other = articles[(i + 1) % len(articles)][1]
        pairs.append(
            ("republication", True, text, f"By Kari Nordmann\n\n{text}\n\nThis article first appeared in Avisa.")
        )
        pairs.append(("edited copy", True, text, _edit(text, other, rng)))
        paragraphs = text.split("\n\n")
        shortened = "\n\n".join(paragraphs[: max(1, len(paragraphs) * 2 // 3)])
        pairs.append(("shortened copy", True, text, _edit(shortened, other, rng)))
        same_lang = [j for j, (lg, _) in enumerate(articles) if lg == lang and j != i]
        nearest = max(same_lang, key=lambda j: len(words[i] & words[j]) / len(words[i] | words[j]))
        pairs.append(("nearest other article", False, text, articles[nearest][1]))
        background = paragraphs[0]
        pairs.append(("same topic, shared background", False, text, f"{other}\n\n{background}"))
    return pairs


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=400)
    args = parser.parse_args()
    if not EVAL_DIR.exists():
        sys.exit(f"skipping: {EVAL_DIR} is absent")
    articles = load_articles(args.pages)
    pairs = build_pairs(articles)
    print(
        f"{len(articles)} articles ({Counter(lang for lang, _ in articles)}), {len(pairs)} pairs: "
        f"{Counter((k, same) for k, same, _, _ in pairs)}\n"
    )
    scored = []
    for kind, same, a, b in pairs:
        fa, fb = stories.fingerprint(a), stories.fingerprint(b)
        if fa is None or fb is None:
            scored.append((kind, same, False, 0.0))
            continue
        candidate = bool(set(enumerate(fa.keys)) & set(enumerate(fb.keys)))
        scored.append((kind, same, candidate, stories.similarity(fa.signature, fb.signature)))
    print(
        f"shingles of {stories.SHINGLE_WORDS} words, {stories.NUM_PERM} permutations, "
        f"{stories.BANDS} bands of {stories.ROWS}\n"
    )
    print("| threshold | precision | recall | F1 | false friends joined |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        tp = sum(1 for _, same, cand, sim in scored if same and cand and sim >= threshold)
        fp = sum(1 for _, same, cand, sim in scored if not same and cand and sim >= threshold)
        fn = sum(1 for _, same, cand, sim in scored if same and not (cand and sim >= threshold))
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        mark = " (used)" if threshold == stories.THRESHOLD else ""
        print(f"| {threshold}{mark} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {fp} |")
    print(f"\nby kind, at the threshold used ({stories.THRESHOLD}):\n")
    print("| pair | same story | pairs | joined | similarity (MinHash) min / median / max | exact Jaccard median |")
    print("| --- | --- | ---: | ---: | --- | ---: |")
    by_kind: dict[str, list[tuple[bool, bool, float]]] = defaultdict(list)
    exact: dict[str, list[float]] = defaultdict(list)
    for (kind, same, cand, sim), (_, _, a, b) in zip(scored, pairs, strict=True):
        by_kind[kind].append((same, cand and sim >= stories.THRESHOLD, sim))
        exact[kind].append(jaccard(stories.shingles(a), stories.shingles(b)))
    for kind, rows in by_kind.items():
        sims = sorted(s for _, _, s in rows)
        joined = sum(1 for _, j, _ in rows if j)
        ex = sorted(exact[kind])
        print(
            f"| {kind} | {'yes' if rows[0][0] else 'no'} | {len(rows)} | {joined} | "
            f"{sims[0]:.2f} / {sims[len(sims) // 2]:.2f} / {sims[-1]:.2f} | {ex[len(ex) // 2]:.2f} |"
        )


if __name__ == "__main__":
    main()
