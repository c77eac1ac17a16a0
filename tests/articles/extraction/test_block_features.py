"""newsflow.articles.extraction.features: each extracted line finds its element, and its structure, again."""

from __future__ import annotations

import numpy as np
import pytest
from lxml.html import fromstring

from newsflow.articles.extraction.features import (
    _FAMILY_RE,
    BLOCK,
    FEATURES,
    KNOWN,
    LINE,
    LineFeatures,
    PageText,
    _families,
    block_features,
)

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

PAGE = (
    "<html><body>"
    '<div class="site-nav"><ul><li><a href="/">Start</a></li><li><a href="/sport">Sport</a></li></ul></div>'
    '<article class="story"><h1>Radwege werden ausgebaut</h1>'
    "<p>Der Stadtrat hat am Dienstagabend beschlossen, die Radwege deutlich auszubauen.</p>"
    '<p>Mehr dazu: <a href="/a">Alle Pläne im Überblick</a></p>'
    "<p>Bild anzeigen</p><p>Bild anzeigen</p></article>"
    '<footer id="page-footer"><p>Impressum</p></footer>'
    "</body></html>"
)
LINES = [
    "Radwege werden ausgebaut",
    "Der Stadtrat hat am Dienstagabend beschlossen, die Radwege deutlich auszubauen.",
    "Mehr dazu: Alle Pläne im Überblick",
    "Bild anzeigen",
    "Bild anzeigen",
    "- Sport",
    "Impressum",
]


@pytest.fixture(scope="module")
def rows() -> dict[str, list[float]]:
    x = block_features(fromstring(PAGE), LINES)
    return {name: [round(float(v), 3) for v in x[:, i]] for i, name in enumerate(FEATURES)}


def test_every_line_is_found_in_the_page_even_a_list_item(rows: dict[str, list[float]]) -> None:
    assert rows["mapped"] == [1.0] * len(LINES)


def test_link_share_is_that_of_the_lines_element(rows: dict[str, list[float]]) -> None:
    assert rows["link_share"][1] == 0.0
    assert 0.6 < rows["link_share"][2] < 0.8  # "Alle Pläne im Überblick" of "Mehr dazu: …"
    assert rows["link_share"][5] == 1.0


def test_class_families_and_region_tags_come_from_the_ancestors(rows: dict[str, list[float]]) -> None:
    assert rows["fam_nav"][5] > 0 and rows["fam_nav"][1] == 0.0
    assert rows["fam_content"][1] > 0  # <article class="story">
    assert rows["fam_footer"][6] == rows["in_footer"][6] == 0.8  # one level up: decayed once
    assert rows["in_li"][5] == 1.0


def test_headline_and_position(rows: dict[str, list[float]]) -> None:
    assert rows["tag_heading"][0] == 1.0 and rows["tag_p"][1] == 1.0
    assert rows["after_headline"][:5] == [1.0] * 5 and rows["after_headline"][5] == 0.0  # the menu comes first
    assert rows["is_first"][0] == 1.0 and rows["is_last"][-1] == 1.0


def test_a_line_repeated_word_for_word_is_marked(rows: dict[str, list[float]]) -> None:
    assert rows["same_lines"][3] == rows["same_lines"][4] > 0
    assert rows["same_lines"][1] == 0.0


def test_a_block_that_is_one_link_to_another_page_of_the_site_is_marked(rows: dict[str, list[float]]) -> None:
    assert rows["site_link"][5] == 1.0  # the menu's "/sport"
    assert rows["site_link"][2] == 0.0  # a sentence with a link in it


def test_an_item_among_siblings_of_its_tag_and_class_is_marked(rows: dict[str, list[float]]) -> None:
    assert rows["like_siblings"][5] > 0  # one more <li> beside it
    assert rows["like_siblings"][3] > rows["like_siblings"][5]  # four <p> in the article
    assert rows["like_siblings"][6] == 0.0  # the footer's only <p>


def test_the_share_of_a_lines_long_words_found_in_another_line(rows: dict[str, list[float]]) -> None:
    assert rows["words_shared"][0] == round(1 / 3, 3)  # "radwege" of "Radwege werden ausgebaut"
    assert rows["words_shared"][6] == 0.0  # "Impressum"


def test_a_long_word_repeated_within_its_own_line_only_is_not_shared() -> None:
    x = block_features(fromstring(PAGE), ["Radwege, Radwege werden", "Radwege ausgebaut", "Impressum"])
    assert x[:, FEATURES.index("words_shared")].tolist() == [0.5, 0.5, 0.0]


def test_a_row_built_alone_or_in_stages_is_the_row_of_all_lines() -> None:
    tree = fromstring(PAGE)
    whole = block_features(tree, LINES)
    for i in range(len(LINES)):
        alone = LineFeatures(tree, LINES)  # nothing of the page computed before this row
        assert np.array_equal(alone.row(i), whole[i])
        staged = LineFeatures(tree, LINES)
        for stage in (LINE, BLOCK):
            x, known = staged.partial(i, stage)
            assert np.array_equal(x[known], whole[i][known])
        assert np.array_equal(staged.with_containers(i, staged.partial(i, BLOCK)[0]), whole[i])


def test_only_the_main_container_is_left_after_the_block_stage() -> None:
    x, known = LineFeatures(fromstring(PAGE), LINES).partial(1, BLOCK)
    assert [FEATURES[i] for i in np.flatnonzero(~known)] == ["container_share", "under_main", "below_main"]
    assert x[FEATURES.index("link_share")] == 0.0 and x[FEATURES.index("tag_p")] == 1.0
    assert not KNOWN[LINE][FEATURES.index("mapped")] and KNOWN[LINE][FEATURES.index("words_shared")]


def test_the_main_container_of_the_page(rows: dict[str, list[float]]) -> None:
    # the <h1> and the <p> under <article> hold 163 of the lines' 179 characters; the menu's <li> 7, the footer 9
    assert rows["container_share"] == [0.911] * 5 + [0.039, 0.05]
    assert rows["under_main"] == [1.0] * 5 + [0.0, 0.0]
    assert rows["below_main"] == [0.0] * 7  # the <article>'s own children


def test_a_line_whose_probe_occurs_once_is_found_without_the_lines_before() -> None:
    page = PageText(fromstring(PAGE))
    assert page.find_alone("Impressum") == page.text.index("Impressum") == page.find("Impressum", 0)
    assert page.find_alone("Bild anzeigen") is None  # twice in the page: the lines before say which
    assert page.find_alone("Nicht auf der Seite") == -1
    features = LineFeatures(fromstring(PAGE), LINES)
    assert [features.offset(i) for i in range(len(LINES))] == LineFeatures(fromstring(PAGE), LINES).found


def test_each_character_of_the_page_text_maps_to_the_node_it_came_from() -> None:
    page = PageText(fromstring(PAGE))
    # the nodes' own text without whitespace, one node index per character
    expected = [k for k, node in enumerate(page.nodes) for _ in "".join(node.split())]
    assert [page.node_of(at) for at in range(len(page.text))] == expected
    assert page.text == "".join("".join(node.split()) for node in page.nodes)


@pytest.mark.parametrize(
    ("attrs", "families"),
    [
        ("imprint header-ads", ["footer", "header", "ad"]),  # the share family's "print" is inside "imprint"
        ("loadmore uploads tags-cloud stage", ["related", "tags"]),  # "ad" and "tag" inside a word are not marks
        ("sidebar-navigation sharing", ["side", "nav", "share"]),
        ("row col-12", []),
    ],
)
def test_class_families_are_found_in_order_as_one_pattern_of_named_groups_finds_them(
    attrs: str, families: list[str]
) -> None:
    assert list(_families(attrs)) == families == [m.lastgroup for m in _FAMILY_RE.finditer(attrs)]
