"""The batched engine on the tiny real model (it copies its input, so outputs can be checked exactly)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsflow.config import TranslationSettings
from newsflow.translation.engine import (
    TranslationFailure,
    TranslationRequest,
    TranslationResult,
    Translator,
    split_paragraphs,
)
from newsflow.translation.offline import sentence_splitter
from newsflow.translation.segments import assemble
from tests.support.argos_model import generate_sentences

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

S = generate_sentences(12, "de", seed=3)  # words the tiny model's SentencePiece knows


def _ok(result: TranslationResult | TranslationFailure) -> TranslationResult:
    assert isinstance(result, TranslationResult), result
    return result


def test_languages(installed: TranslationSettings) -> None:
    assert Translator(installed).languages() == {"de"}


def test_paragraphs_title_and_order(installed: TranslationSettings) -> None:
    body = f"{S[0]} {S[1]}\n\n{S[2]}\n{S[3]}\n\n\n{S[4]}"
    requests = [
        TranslationRequest("a", "de", S[5], body),
        TranslationRequest("b", "de", None, S[6]),
        TranslationRequest("c", "de", "", ""),
    ]
    a, b, c = (_ok(r) for r in Translator(installed).translate(requests))
    assert [r.key for r in (a, b, c)] == ["a", "b", "c"]
    assert len(split_paragraphs(a.text_en)) == len(split_paragraphs(body)) == 3
    assert a.text_en == f"{S[0]} {S[1]}\n\n{S[2]}\n{S[3]}\n\n{S[4]}"  # the copy model returns its input
    assert a.title_en == S[5]
    assert a.model == "translate-de_en 1.0"
    assert (b.title_en, b.text_en) == (None, S[6])
    assert (c.title_en, c.text_en) == ("", "")


def test_repeated_sentences_hit_the_cache(installed: TranslationSettings) -> None:
    translator = Translator(installed)
    first = translator.translate([TranslationRequest("1", "de", None, f"{S[0]} {S[1]} {S[0]}")])
    assert _ok(first[0]).text_en == f"{S[0]} {S[1]} {S[0]}"
    assert (translator.cache_info().hits, translator.cache_info().misses) == (1, 2)
    again = translator.translate([TranslationRequest("2", "de", S[1], S[0])])
    assert (_ok(again[0]).title_en, _ok(again[0]).text_en) == (S[1], S[0])
    assert translator.cache_info().hits == 3
    assert translator.cache_info().misses == 2


def test_one_bad_request_does_not_stop_the_others(installed: TranslationSettings) -> None:
    requests = [
        TranslationRequest("good1", "de", None, S[0]),
        TranslationRequest("no-model", "fr", None, "Bonjour."),
        TranslationRequest("raises", "de", None, f"{S[1]} Kaputt \ud800."),  # lone surrogate: tokenizer raises
        TranslationRequest("good2", "de", None, S[2]),
    ]
    out = Translator(installed).translate(requests)
    assert [r.key for r in out] == ["good1", "no-model", "raises", "good2"]
    assert _ok(out[0]).text_en == S[0] and _ok(out[3]).text_en == S[2]
    assert isinstance(out[1], TranslationFailure) and "fr→en" in out[1].error
    assert isinstance(out[2], TranslationFailure) and "UnicodeEncodeError" in out[2].error


def test_norwegian_code_no_maps_to_nb(installed: TranslationSettings) -> None:
    out = Translator(installed).translate([TranslationRequest("x", "no", None, "Hei.")])
    assert isinstance(out[0], TranslationFailure) and "nb→en" in out[0].error


def test_long_sentence_is_cut_not_dropped(installed: TranslationSettings) -> None:
    long = " ".join(S[:6]).replace(".", ",").replace("!", ",").replace("?", ",")[:-1] + "."
    translator = Translator(replace(installed, max_input_tokens=16))
    result = _ok(translator.translate([TranslationRequest("l", "de", None, long)])[0])
    assert result.text_en.replace(" ", "") == long.replace(" ", "")  # pieces rejoined; cuts may add spaces
    assert translator.cache_info().misses > 5


def test_beam_and_batch_settings(installed: TranslationSettings) -> None:
    cfg = replace(installed, beam_size=4, max_batch_tokens=32, compute_type="float32")
    texts = [TranslationRequest(str(i), "de", None, s) for i, s in enumerate(S)]
    assert [_ok(r).text_en for r in Translator(cfg).translate(texts)] == S


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "de",
            "Dr. Müller kam am 3. Oktober nach Berlin. Er sagte z.B. nichts! Warum?",
            ["Dr. Müller kam am 3. Oktober nach Berlin.", "Er sagte z.B. nichts!", "Warum?"],
        ),
        (
            "nb",
            "Dr. Hansen kom 3. oktober til Oslo. Det var f.eks. kaldt den 17. mai! Hvorfor?",
            ["Dr. Hansen kom 3. oktober til Oslo.", "Det var f.eks. kaldt den 17. mai!", "Hvorfor?"],
        ),
        ("no", "Hei. Ha det.", ["Hei.", "Ha det."]),
    ],
)
def test_offline_sentence_splitter(lang: str, text: str, expected: list[str]) -> None:
    assert sentence_splitter(lang)(text) == expected


def test_split_paragraphs() -> None:
    assert split_paragraphs("") == [] and split_paragraphs(" \n\n ") == []
    assert split_paragraphs("\n\na\nb\n \n\nc\n") == ["a\nb", "c"]


def test_missing_model_dir_means_no_languages(settings: TranslationSettings) -> None:
    assert Translator(settings).languages() == set()


def test_segments_rebuild_title_and_text_exactly(installed: TranslationSettings) -> None:
    body = f"{S[0]} {S[1]}\n{S[2]}\n\n{S[3]}\n\n\n{S[4]} {S[5]}"
    (result,) = Translator(installed).translate([TranslationRequest("a", "de", S[6], body)])
    result = _ok(result)
    title = [s for s in result.segments if s.field == "title"]
    text = [s for s in result.segments if s.field == "text"]
    assert assemble(title) == result.title_en == S[6]
    assert assemble(text) == result.text_en
    assert [(s.paragraph, s.line, s.position) for s in text] == [
        (0, 0, 0),
        (0, 0, 1),
        (0, 1, 2),
        (1, 0, 0),
        (2, 0, 0),
        (2, 0, 1),
    ]
    assert [s.original for s in text] == [S[0], S[1], S[2], S[3], S[4], S[5]]


def test_scores_are_mean_log_probabilities_and_the_article_weighs_them_by_length(
    installed: TranslationSettings,
) -> None:
    (result,) = Translator(installed).translate([TranslationRequest("a", "de", None, f"{S[0]} {S[1]}")])
    result = _ok(result)
    scores = [s.score for s in result.segments]
    assert all(s is not None and s <= 0 for s in scores)
    a, b = result.segments
    assert result.score == pytest.approx((a.score * a.tokens + b.score * b.tokens) / (a.tokens + b.tokens))
    # A cached unit keeps its score.
    (again,) = Translator(installed).translate([TranslationRequest("b", "de", None, S[0])])
    assert _ok(again).segments[0].score == pytest.approx(a.score)


def test_alarms_fire_on_the_tiny_models_real_output(installed: TranslationSettings) -> None:
    # The random-weight model copies its input (untranslated), turns letters it does not know into ⁇ (the URL
    # is lost), and no sentence scores 0 (so review_below = 0 flags everything).
    settings = replace(installed, review_below=0.0)
    text = f"{S[0]} Mehr unter www.xyz.de heute."
    (result,) = Translator(settings).translate([TranslationRequest("a", "de", None, text)])
    result = _ok(result)
    first, second = result.segments
    assert first.flags == ("untranslated", "low_score")
    assert "missing_url" in second.flags
    assert result.flags[0] == "untranslated" and {"missing_url", "low_score"} <= set(result.flags)
    (calm,) = Translator(replace(installed, review_below=-50.0)).translate([TranslationRequest("b", "de", None, S[0])])
    assert _ok(calm).flags == ("untranslated",)
