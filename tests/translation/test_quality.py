"""Quality alarms: each rule fires on a real failure and stays silent on a clean translation."""

from __future__ import annotations

import pytest

from newsflow.translation import quality
from newsflow.translation.quality import unit_flags

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

REVIEW = -1.0
DE = "Der Stadtrat hat am Mittwoch den Bau eines neuen Radwegs beschlossen."
EN = "On Wednesday the city council approved the construction of a new cycle path."


def test_a_clean_translation_raises_no_alarm() -> None:
    assert unit_flags(DE, EN, -0.2, "de", REVIEW) == ()


def test_untranslated_fires_on_a_copy_and_not_on_a_short_name() -> None:
    assert unit_flags(DE, "der  stadtrat hat am Mittwoch den Bau eines neuen Radwegs beschlossen.", -0.1, "de", REVIEW)[
        :1
    ] == ("untranslated",)
    assert unit_flags("Angela Merkel.", "Angela Merkel.", -0.1, "de", REVIEW) == ()


def test_empty_fires_when_words_come_back_as_nothing() -> None:
    assert "empty" in unit_flags(DE, "", None, "de", REVIEW)
    assert unit_flags("…", "", None, "de", REVIEW) == ()


def test_loop_fires_on_a_repeated_ngram_the_original_does_not_repeat() -> None:
    looped = "The city council approved the city council approved the city council approved the path."
    assert "loop" in unit_flags(DE, looped, -0.3, "de", REVIEW)
    assert "loop" in unit_flags("Nein.", "No no no no.", -0.3, "de", REVIEW)
    # The original repeats itself: so may the English.
    assert "loop" not in unit_flags("Ja, ja, ja, ja!", "Yes, yes, yes, yes!", -0.3, "de", REVIEW)
    assert not quality.has_loop("very, very, very good")  # three of one word is English


def test_length_ratio_fires_far_outside_the_pairs_range() -> None:
    assert "length_ratio" in unit_flags(DE, "The council.", -0.3, "de", REVIEW)
    assert "length_ratio" in unit_flags(DE, EN + " " + EN + " " + EN, -0.3, "de", REVIEW)
    assert "length_ratio" not in unit_flags("Ja.", "Yes, indeed, absolutely.", -0.3, "de", REVIEW)  # too short


def test_missing_numbers_compare_digits_across_notations() -> None:
    original = "Die Preise stiegen am 3. Oktober um 3,5 Prozent auf 10 000 Kronen um 09.30 Uhr."
    clean = "On October 3, prices rose by 3.5 percent to 10,000 kroner at 9:30."
    assert unit_flags(original, clean, -0.3, "de", REVIEW) == ()
    assert quality.missing_numbers(original, "On October 3, prices rose by 5 percent to 10,000 kroner at 9:30.") == {
        "35"
    }


def test_missing_urls_and_emails() -> None:
    original = "Mehr unter https://example.de/radweg, Fragen an presse@stadt.de."
    assert (
        unit_flags(original, "More at https://example.de/radweg, questions to presse@stadt.de.", -0.3, "de", REVIEW)
        == ()
    )
    flags = unit_flags(original, "More at example, questions to the press office.", -0.3, "de", REVIEW)
    assert ("missing_url" in flags, "missing_email" in flags) == (True, True)


def test_low_score_fires_below_review_below() -> None:
    assert unit_flags(DE, EN, -1.5, "de", REVIEW) == ("low_score",)
    assert unit_flags(DE, EN, -0.5, "de", REVIEW) == ()


def test_article_low_score_follows_its_weighted_score_not_one_sentence() -> None:
    assert quality.article_flags([("low_score",), ("loop",)], -0.4, REVIEW) == ("loop",)
    assert quality.article_flags([(), ()], -1.2, REVIEW) == ("low_score",)
