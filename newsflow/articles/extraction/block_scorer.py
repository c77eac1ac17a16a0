"""A learned boilerplate scorer over the lines of an extracted article.

After trafilatura and the rule-based post-filters, each remaining line is scored by small boosted
decision trees on structural features (newsflow.articles.extraction.features): the probability that
it is boilerplate (a footer's links, a subscription form's messages, a source or contact line, a
teaser). Trees express what a weighted sum cannot: short AND outside the main container AND all link.
The lines are cut from the article's end while they score at or above the shipped threshold: on the
benchmark's development half, out of fold, that is where the model's drops are mostly boilerplate;
anywhere in the text it removed about as much article as boilerplate (docs/boilerplate-scorer.md). The
shipped threshold is 2.0 (never cut) while the training finds no gain over the rules beyond its margin.

The trees are trained by benchmarks/train_block_scorer.py on the development half of the site-split
extraction benchmark and shipped as block_scorer.json; inference is numpy only.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from lxml.html import HtmlElement

from newsflow.articles.extraction.features import BLOCK, FEATURES, LineFeatures

WEIGHTS = Path(__file__).with_name("block_scorer.json")
# a split that is never taken (a node the training left unsplit sends every line left)
NO_SPLIT = 1e30
# widens a bound on the score, far beyond the rounding of summing the leaves in another order, so that a
# decision taken on the bound is the one the whole row would give
_MARGIN = 1e-9


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-min(max(z, -40.0), 40.0)))


@dataclass(frozen=True)
class Model:
    """Boosted trees of one depth, complete and stored by level: internal node k has children 2k+1 (left,
    value <= split) and 2k+2; `feature` and `split` are (trees, 2**depth - 1), `leaf` is (trees, 2**depth).
    The probability is the sigmoid of `base` plus one leaf of every tree; `threshold` is the drop probability."""

    base: float
    feature: np.ndarray
    split: np.ndarray
    leaf: np.ndarray
    threshold: float

    @property
    def depth(self) -> int:
        return int(self.leaf.shape[1]).bit_length() - 1

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        trees, inner = self.feature.shape
        at = np.arange(trees)
        rows = np.arange(len(x))[:, None]
        node = np.zeros((len(x), trees), dtype=np.int64)
        for _ in range(self.depth):  # all lines through all trees, one level at a time
            node = 2 * node + 1 + (x[rows, self.feature[at, node]] > self.split[at, node])
        return sigmoid(self.base + self.leaf[at, node - inner].sum(axis=1))

    def bounds(self, x: np.ndarray, known: np.ndarray) -> tuple[float, float]:
        """The least and the greatest probability of a row whatever its columns not `known` hold: each tree
        adds the least (greatest) of the leaves that its splits on known columns leave reachable."""
        decided = known[self.feature] | self._unsplit  # an unsplit node sends every line left
        right = x[self.feature] > self.split
        left_ok, right_ok = ~decided | ~right, ~decided | right
        reach = np.ones((len(self.leaf), 1), dtype=bool)
        for level in range(self.depth):  # the reachable nodes of each level, left child before right
            nodes = slice(2**level - 1, 2 ** (level + 1) - 1)
            reach = np.stack([reach & left_ok[:, nodes], reach & right_ok[:, nodes]], axis=2).reshape(len(reach), -1)
        low = self.base + float(np.where(reach, self.leaf, np.inf).min(axis=1).sum())
        high = self.base + float(np.where(reach, self.leaf, -np.inf).max(axis=1).sum())
        return _sigmoid(low - _MARGIN), _sigmoid(high + _MARGIN)

    @functools.cached_property
    def _unsplit(self) -> np.ndarray:
        return self.split >= NO_SPLIT

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "base": self.base,
            "feature": self.feature.tolist(),
            "split": self.split.tolist(),
            "leaf": self.leaf.tolist(),
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        if data["features"] != list(FEATURES):
            raise ValueError(f"{WEIGHTS.name}: trained on other features; rerun benchmarks/train_block_scorer.py")
        return cls(
            float(data["base"]), np.array(data["feature"], dtype=np.int64).reshape(len(data["feature"]), -1),
            np.array(data["split"], dtype=float).reshape(len(data["split"]), -1),
            np.array(data["leaf"], dtype=float).reshape(len(data["leaf"]), -1), float(data["threshold"]),
        )  # fmt: skip


@functools.cache
def model() -> Model:
    """The shipped model, read once per process."""
    return Model.from_json(json.loads(WEIGHTS.read_text("utf-8")))


def kept(probabilities: np.ndarray, threshold: float) -> int:
    """How many lines stay: the trailing run at or above the threshold goes, the first line always stays."""
    n = len(probabilities)
    while n > 1 and probabilities[n - 1] >= threshold:
        n -= 1
    return n


def keep_blocks(tree: HtmlElement, lines: list[str], url: str | None = None) -> list[str]:
    """The lines less the trailing ones the model judges boilerplate (as `kept` cuts them); tree is the page
    they were extracted from (pre-cleaned, as html.rule_lines leaves it), url its address. Rows are computed
    from the last line back, only until one stays."""
    m = model()
    # a one-line article has nothing to weigh against; a threshold above 1 (the training found no gain) never cuts
    if len(lines) < 2 or m.threshold > 1.0:
        return lines
    features = LineFeatures(tree, lines, url)
    n = len(lines)
    while n > 1 and _drops(m, features, n - 1):
        n -= 1
    return lines[:n]


def _drops(m: Model, features: LineFeatures, i: int) -> bool:
    """Whether line i scores at or above the threshold. Decided on the row without the main container (every
    line's block, most of a page's cost) where the trees' bounds settle it, as they do for most last lines;
    the line's own columns alone settled none of the benchmark's (so that stage is not tried)."""
    x, known = features.partial(i, BLOCK)
    if not known.all():
        low, high = m.bounds(x, known)
        if high < m.threshold:
            return False
        if low >= m.threshold:
            return True
        x = features.with_containers(i, x)
    return bool(m.probabilities(x[None, :])[0] >= m.threshold)
