"""CI gate: newsflow's HTML extraction must keep its score on the shared extraction benchmark.

The benchmark (990 real pages with snippets that must / must not be extracted) lives outside the
repository, in ../shared/eval/extraction; without it this gate is skipped locally and fails in CI
(tests/support/shared.py).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.shared import require_shared

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

REPO = Path(__file__).resolve().parents[3]
EVAL_DIR = REPO.parent / "shared" / "eval" / "extraction"

# Reached with `.venv/bin/python benchmarks/extraction_eval.py --jobs 2` (trafilatura 2.3.1, lxml 6.1.3).
# The benchmark is split by site; the held-out half (510 pages, 500 sites) is the one no rule was
# derived from: newsflow F1 0.943 there (trafilatura alone 0.925). On all 990 pages: 0.950, and 4 of
# 468 comment snippets leaked (trafilatura alone 26). The gate allows 0.005 of F1 for library noise.
REACHED_F1 = 0.950
REACHED_HELDOUT_F1 = 0.943
F1_TOLERANCE = 0.005
MAX_COMMENT_SNIPPETS = 4


def _load_benchmark(name: str = "extraction_eval") -> ModuleType:
    sys.path.insert(0, str(REPO / "benchmarks"))  # rule_provenance imports extraction_eval
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and the worker processes look it up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_newsflow_keeps_its_extraction_score() -> None:
    require_shared(EVAL_DIR / "manifest.json")
    bench = _load_benchmark()
    score = bench.load_scorer(EVAL_DIR)
    entries = score.load_manifest(str(EVAL_DIR / "manifest.json"), set(), None)
    pages = bench.score_pages(entries, ("newsflow",), jobs=2)  # two processes: well under 3 minutes on 2 cores
    stats = bench.totals(pages, "newsflow")
    held = bench.totals(pages, "newsflow", lambda page: page.split == "heldout")
    assert stats.f1 >= REACHED_F1 - F1_TOLERANCE, f"F1 {stats.f1:.4f} < {REACHED_F1} - {F1_TOLERANCE}"
    assert held.f1 >= REACHED_HELDOUT_F1 - F1_TOLERANCE, f"held-out F1 {held.f1:.4f} < {REACHED_HELDOUT_F1}"
    assert stats.comments_found <= MAX_COMMENT_SNIPPETS, f"{stats.comments_found} comment snippets leaked"


def test_no_rule_matches_text_found_only_on_held_out_sites() -> None:
    """The held-out figure is honest only while no vocabulary rule could have been learnt from those sites."""
    require_shared(EVAL_DIR / "manifest.json")
    provenance = _load_benchmark("rule_provenance")
    manifest = json.loads((EVAL_DIR / "manifest.json").read_text("utf-8"))
    assert provenance.held_out_only(manifest) == []
