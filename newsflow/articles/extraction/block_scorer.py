"""A learned boilerplate scorer over the lines of an extracted article.

After trafilatura and the rule-based post-filters, each remaining line is scored by a small
logistic model on structural features (newsflow.articles.extraction.features): the probability
that it is boilerplate (navigation, share bar, teaser, comment...). Lines above the shipped
threshold are dropped. The weights are trained by benchmarks/train_block_scorer.py on the
development half of the site-split extraction benchmark and shipped as block_scorer.json.

Not called by html.py yet: on the shared benchmark no threshold improved F1 on the dev half (out of
fold), so the trained threshold is above 1 and the scorer would drop nothing (docs/boilerplate-scorer.md).
The hook, once a model earns it, is one line at the end of html._body:
`keep_blocks(tree, _clean_lines(doc.text))` (the tree trafilatura read; it extracts from a copy).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from lxml.html import HtmlElement

from newsflow.articles.extraction.features import FEATURES, block_features

WEIGHTS = Path(__file__).with_name("block_scorer.json")


@dataclass(frozen=True)
class Model:
    """Standardisation, then a logistic unit; `threshold` is the drop probability."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "weights": [round(float(v), 8) for v in self.weights],
            "bias": round(self.bias, 8),
            "threshold": round(self.threshold, 4),
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        if data["features"] != list(FEATURES):
            raise ValueError(f"{WEIGHTS.name}: trained on other features; rerun benchmarks/train_block_scorer.py")
        return cls(
            np.array(data["mean"]), np.array(data["scale"]), np.array(data["weights"]),
            float(data["bias"]), float(data["threshold"]),
        )  # fmt: skip


@functools.cache
def model() -> Model:
    """The shipped model, read once per process."""
    return Model.from_json(json.loads(WEIGHTS.read_text("utf-8")))


def keep_blocks(tree: HtmlElement, lines: list[str]) -> list[str]:
    """The lines the model does not judge boilerplate; tree is the page they were extracted from."""
    if len(lines) < 2:  # a one-line article has nothing to weigh against
        return lines
    m = model()
    p = m.probabilities(block_features(tree, lines))
    return [line for line, prob in zip(lines, p, strict=True) if prob < m.threshold]
