"""newsflow.articles.extraction.block_scorer: the trees, the trailing cut, what extraction keeps with them, and
the model file's reproducibility from the training script."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from newsflow.articles.extraction import block_scorer
from newsflow.articles.extraction.block_scorer import NO_SPLIT, Model, kept
from newsflow.articles.extraction.features import BLOCK, FEATURES, LineFeatures, block_features
from newsflow.articles.extraction.html import extract_text, rule_lines
from newsflow.articles.extraction.parse import load_html

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

REPO = Path(__file__).resolve().parents[3]
EVAL_DIR = REPO.parent / "shared" / "eval" / "extraction"

URL = "https://example.org/news/library-sundays.htm"
STORY = [
    "Library opens on Sundays",
    "The town library will open on Sundays from next month, the council decided on Tuesday evening after a long"
    " debate about staff and costs.",
    "Readers had asked for longer hours for years. A survey last spring found that most of them work during the"
    " week and can only visit at weekends.",
    "The extra day will cost about forty thousand a year, which the council will pay from the culture budget. Two"
    " librarians will be hired on part-time contracts.",
    "The library's director welcomed the decision and said the reading room would also stay open an hour longer on"
    " Thursdays.",
]


def _page(paragraphs: list[str], after: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{STORY[0]}</title></head><body><div id='main'><div class='content'>"
        f"<h1>{STORY[0]}</h1>{body}{after}</div></div></body></html>"
    )


def _box(heading: str, path: str, links: list[str]) -> str:
    items = "".join(f"<li><a href='/{path}/{i}.htm'>{text}</a></li>" for i, text in enumerate(links))
    return f"<span>{heading}</span><div class='list'><ul>{items}</ul></div>"


# The site's link boxes after the story, in its container: trafilatura drops the lists (all links) and keeps
# their headings, run together in one line.
BOXES = (
    _box("Forum", "forum", ["Which bike lock is best", "Parking at the station"])
    + _box("Small ads", "ads", ["Sofa to give away", "Flat wanted"])
    + _box("Events", "events", ["Flea market on Saturday", "Choir concert"])
)


def test_the_trees_score_the_headings_of_the_sites_link_boxes_above_every_line_of_the_story() -> None:
    tree = load_html(_page(STORY[1:], BOXES))
    assert tree is not None
    lines = rule_lines(tree, URL)
    assert lines == [*STORY, "ForumSmall adsEvents"]  # the rules keep them
    p = block_scorer.model().probabilities(block_features(tree, lines, URL))
    assert p[-1] > p[:-1].max()


def test_with_no_threshold_chosen_extraction_keeps_the_lines_the_rules_keep() -> None:
    # the training found no cut that beats the rules on dev by its margin (docs/boilerplate-scorer.md)
    assert block_scorer.model().threshold == 2.0
    assert extract_text(_page(STORY[1:], BOXES), URL) == "\n\n".join([*STORY, "ForumSmall adsEvents"])


def test_a_short_last_paragraph_of_the_story_is_kept() -> None:
    story = [*STORY, "Nobody voted against it."]
    assert extract_text(_page(story[1:]), URL) == "\n\n".join(story)


def test_only_the_trailing_run_above_the_threshold_goes_and_the_first_line_stays() -> None:
    assert kept(np.array([0.1, 0.9, 0.2, 0.7, 0.6]), 0.5) == 3
    assert kept(np.array([0.1, 0.2, 0.3]), 0.5) == 3
    assert kept(np.array([0.9, 0.8]), 0.5) == 1


def _stump(feature: int, split: float, left: float, right: float) -> Model:
    """One tree of depth 1."""
    return Model(0.0, np.array([[feature]]), np.array([[split]]), np.array([[left, right]]), 0.5)


def test_a_tree_sends_a_value_above_its_split_right() -> None:
    x = np.zeros((2, len(FEATURES)))
    x[1, 3] = 0.7
    p = _stump(3, 0.5, -2.0, 2.0).probabilities(x)
    assert p[0] == pytest.approx(1 / (1 + np.exp(2.0)))
    assert p[1] == pytest.approx(1 / (1 + np.exp(-2.0)))


def test_trees_of_depth_two_add_up_and_an_unsplit_node_sends_all_left() -> None:
    x = np.zeros((3, len(FEATURES)))
    x[1, 0], x[2, 0], x[2, 1] = 1.0, 1.0, 1.0
    model = Model(
        0.5,
        np.array([[0, 1, 1], [0, 0, 0]]),
        np.array([[0.5, NO_SPLIT, 0.5], [NO_SPLIT, NO_SPLIT, NO_SPLIT]]),
        np.array([[1.0, 2.0, 3.0, 4.0], [0.25, 9.0, 9.0, 9.0]]),
        0.5,
    )
    z = np.log(model.probabilities(x) / (1 - model.probabilities(x)))
    assert z == pytest.approx([0.5 + 1.0 + 0.25, 0.5 + 3.0 + 0.25, 0.5 + 4.0 + 0.25])


def test_model_round_trips_through_json() -> None:
    model = _stump(2, 0.25, -1.0, 1.5)
    again = Model.from_json(json.loads(json.dumps(model.to_json())))
    x = np.eye(len(FEATURES))
    assert np.array_equal(again.probabilities(x), model.probabilities(x))
    assert again.threshold == 0.5


def test_weights_for_other_features_are_refused() -> None:
    data = _stump(0, 0.5, 0.0, 0.0).to_json() | {"features": ["bias", "old"]}
    with pytest.raises(ValueError, match="trained on other features"):
        Model.from_json(data)


def test_shipped_model_reads_the_current_features() -> None:
    assert block_scorer.model().feature.max() < len(FEATURES)


def _training_script() -> ModuleType:
    """benchmarks/train_block_scorer.py as a module."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    spec = importlib.util.spec_from_file_location("train_block_scorer", REPO / "benchmarks" / "train_block_scorer.py")
    assert spec is not None and spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = train  # the worker processes look the dataclasses up there
    spec.loader.exec_module(train)
    return train


def test_the_training_cuts_only_where_the_mean_gain_over_the_rules_passes_the_margin() -> None:
    train = _training_script()
    point = train.Point  # threshold, gain (mean, worst), extra comments, boilerplate / article lines dropped
    below = point(0.55, train.MARGIN * 0.9, -0.001, 0, 12, 3)
    assert train.choose([below]) == 2.0
    above = point(0.8, train.MARGIN * 1.5, 0.0, 0, 3, 1)
    better = point(0.6, train.MARGIN * 2, 0.0, 0, 6, 6)
    assert train.choose([below, better, above]) == 0.6


def test_the_training_refuses_a_cut_that_leaks_a_comment_or_drops_more_article_than_boilerplate() -> None:
    train = _training_script()
    gain = train.MARGIN * 2
    assert train.choose([train.Point(0.5, gain, 0.0, 1, 9, 2), train.Point(0.6, gain, 0.0, 0, 2, 3)]) == 2.0


def test_the_training_runs_the_held_out_pages_only_when_asked() -> None:
    train = _training_script()
    dev = {"file": "a.html", "url": "https://www.nytimes.com/2020/a.html"}
    held = {"file": "b.html", "url": "https://www.spiegel.de/politik/b.html"}
    assert [train.split_of(dev), train.split_of(held)] == ["dev", "heldout"]
    assert train.to_collect([dev, held], heldout=False) == [dev]
    assert train.to_collect([dev, held], heldout=True) == [dev, held]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_shipped_weights_are_reproduced_by_the_training_script() -> None:
    if not (EVAL_DIR / "manifest.json").exists():
        pytest.skip("../shared/eval/extraction not found: skipping the training check")
    train = _training_script()
    assert train.main(["--check", "--jobs", "2", "--eval-dir", str(EVAL_DIR)]) == 0


def test_bounds_span_the_leaves_that_the_unknown_columns_leave_reachable() -> None:
    # root on column 0; its left child splits column 1, its right child column 2
    model = Model(
        0.0, np.array([[0, 1, 2]]), np.array([[0.5, 0.5, 0.5]]), np.array([[-1.0, 1.0, -3.0, 3.0]]), 0.5
    )  # fmt: skip
    x = np.zeros(len(FEATURES))
    x[0] = 1.0  # right at the root
    everything = np.ones(len(FEATURES), dtype=bool)
    assert model.bounds(x, everything) == pytest.approx((1 / (1 + np.exp(3.0)),) * 2)
    no_column_2 = everything.copy()
    no_column_2[2] = False
    assert model.bounds(x, no_column_2) == pytest.approx((1 / (1 + np.exp(3.0)), 1 / (1 + np.exp(-3.0))))
    no_root = everything.copy()
    no_root[0] = False  # either child, each sending the zeros of columns 1 and 2 left
    assert model.bounds(x, no_root) == pytest.approx((1 / (1 + np.exp(3.0)), 1 / (1 + np.exp(1.0))))


def test_an_unsplit_node_sends_every_line_left_in_the_bounds_too() -> None:
    model = Model(0.0, np.array([[0, 1, 1]]), np.array([[NO_SPLIT, 0.5, 0.5]]), np.array([[1.0, 2.0, 3.0, 4.0]]), 0.5)
    unknown = np.zeros(len(FEATURES), dtype=bool)
    assert model.bounds(np.zeros(len(FEATURES)), unknown) == pytest.approx(
        (1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(-2.0)))
    )


@pytest.mark.parametrize("after", ["", BOXES])
def test_the_cut_is_that_of_the_whole_rows(after: str) -> None:
    tree = load_html(_page(STORY[1:], after))
    assert tree is not None
    lines = rule_lines(tree, URL)
    model = block_scorer.model()
    whole = lines[: kept(model.probabilities(block_features(tree, lines, URL)), model.threshold)]
    assert block_scorer.keep_blocks(tree, lines, URL) == whole


def test_the_story_s_last_line_is_kept_without_the_main_container() -> None:
    tree = load_html(_page(STORY[1:]))
    assert tree is not None
    lines = rule_lines(tree, URL)
    features = LineFeatures(tree, lines, URL)
    model = block_scorer.model()
    assert model.bounds(*features.partial(len(lines) - 1, BLOCK))[1] < model.threshold
