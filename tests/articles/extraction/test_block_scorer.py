"""newsflow.articles.extraction.block_scorer: the model file and its reproducibility from the training script."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from newsflow.articles.extraction import block_scorer
from newsflow.articles.extraction.block_scorer import Model
from newsflow.articles.extraction.features import FEATURES

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

REPO = Path(__file__).resolve().parents[3]
EVAL_DIR = REPO.parent / "shared" / "eval" / "extraction"


def test_model_round_trips_through_json() -> None:
    n = len(FEATURES)
    model = Model(np.zeros(n), np.ones(n), np.linspace(-1, 1, n), 0.5, 0.9)
    again = Model.from_json(json.loads(json.dumps(model.to_json())))
    x = np.eye(n)
    assert np.allclose(again.probabilities(x), model.probabilities(x))
    assert again.threshold == 0.9


def test_weights_for_other_features_are_refused() -> None:
    data = Model(np.zeros(2), np.ones(2), np.zeros(2), 0.0, 0.5).to_json() | {"features": ["bias", "old"]}
    with pytest.raises(ValueError, match="trained on other features"):
        Model.from_json(data)


def test_shipped_model_reads_the_current_features() -> None:
    assert block_scorer.model().weights.shape == (len(FEATURES),)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_shipped_weights_are_reproduced_by_the_training_script() -> None:
    if not (EVAL_DIR / "manifest.json").exists():
        pytest.skip("../shared/eval/extraction not found: skipping the training check")
    sys.path.insert(0, str(REPO / "benchmarks"))
    spec = importlib.util.spec_from_file_location("train_block_scorer", REPO / "benchmarks" / "train_block_scorer.py")
    assert spec is not None and spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = train  # the worker processes look the dataclasses up there
    spec.loader.exec_module(train)
    assert train.main(["--check", "--jobs", "2", "--eval-dir", str(EVAL_DIR)]) == 0
