"""Language detection: deterministic, Norwegian as nb, Danish not mistaken for Norwegian."""

from __future__ import annotations

import pytest

from newsflow.articles.language import detect_language

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

NORWEGIAN = (
    "Regjeringen la fram statsbudsjettet i dag. Finansministeren sier at økonomien går bedre enn ventet, "
    "og at arbeidsledigheten holder seg lav. Opposisjonen mener likevel at kommunene får for lite penger, "
    "og at eldreomsorgen ikke får det løftet som ble lovet i valgkampen i fjor høst."
)
DANISH = (
    "Regeringen fremlagde i dag sit forslag til finanslov. Finansministeren siger, at økonomien går bedre "
    "end ventet, og at arbejdsløsheden forbliver lav. Oppositionen mener dog, at kommunerne får for få penge, "
    "og at ældreplejen ikke får det løft, som blev lovet i valgkampen sidste efterår."
)
GERMAN = (
    "Die Bundesregierung hat heute den Haushaltsentwurf vorgestellt. Der Finanzminister sagte, die Wirtschaft "
    "entwickle sich besser als erwartet und die Arbeitslosigkeit bleibe niedrig."
)


def test_norwegian_comes_out_as_nb() -> None:
    assert detect_language(NORWEGIAN).code == "nb"


def test_danish_article_is_not_reported_as_norwegian() -> None:
    assert detect_language(DANISH).code == "da"


def test_german() -> None:
    result = detect_language(GERMAN)
    assert result.code == "de"
    assert result.confidence > 0.9


def test_the_language_is_read_from_the_start_of_a_long_text() -> None:
    # 2,300 characters of a German article, then a long English appendix: the sample is the first 2,500.
    german = " ".join([GERMAN] * 13)[:2300]
    english = "The government presented its budget today and said the economy is doing better than expected. " * 40
    assert len(german) == 2300 and len(english) == 3760
    assert detect_language(f"{german} {english}").code == "de"


def test_detection_is_deterministic_on_short_ambiguous_text() -> None:
    results = {detect_language("Ja takk, det vil jeg gjerne ha til middag i dag").code for _ in range(30)}
    assert len(results) == 1


def test_too_little_text_is_undetermined() -> None:
    result = detect_language("OK 123 !!")
    assert (result.code, result.confidence) == ("und", 0.0)


def test_urls_do_not_drive_the_guess() -> None:
    text = GERMAN + " https://www.example.com/the/english/words/in/this/url/are/many"
    assert detect_language(text).code == "de"


def test_detection_from_many_threads_at_once_is_consistent() -> None:
    # Profiles load lazily; concurrent first calls once raised "Need to load profiles" or mislabelled text.
    import subprocess
    import sys

    code = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from newsflow.articles.language import detect_language\n"
        f"texts = [{GERMAN!r}, {NORWEGIAN!r}, {DANISH!r}] * 20\n"
        "with ThreadPoolExecutor(8) as pool:\n"
        "    print(''.join(sorted(set(r.code + ',' for r in pool.map(detect_language, texts)))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "da,de,nb,"


# ---------------------------------------------------------------- short texts, the Nordic neighbours, priors

# Norwegian Bokmål that bare langdetect calls Danish (probability 0.998).
NORWEGIAN_TAKEN_FOR_DANISH = (
    "Mange foreldre er bekymret for at barnehagen skal legges ned. "
    "Prisene på strøm har steget kraftig denne uken, og mange husholdninger merker det."
)


def _bare_langdetect(text: str) -> str:
    from newsflow.articles.language import _ranked

    return _ranked(text)[0][0]


def test_short_norwegian_that_langdetect_calls_danish_is_stored_as_nb() -> None:
    assert _bare_langdetect(NORWEGIAN_TAKEN_FOR_DANISH) == "da"
    result = detect_language(NORWEGIAN_TAKEN_FOR_DANISH)
    assert (result.code, result.method) == ("nb", "neighbours")
    assert 0.5 < result.confidence <= 1.0


def test_a_source_that_declares_nb_settles_a_nordic_tie_and_records_the_confidence() -> None:
    result = detect_language(NORWEGIAN_TAKEN_FOR_DANISH, expected=["nb"])
    assert (result.code, result.method, result.confidence) == ("nb", "declared", 0.998)


def test_a_declared_language_is_a_prior_not_a_filter() -> None:
    assert detect_language(GERMAN, expected=["nb"]).code == "de"
    assert detect_language(DANISH, expected=["de"]).code == "da"


def test_a_source_that_declares_nynorsk_gets_nn() -> None:
    text = "Ho fortel at ho aldri hadde trudd at bedrifta skulle bli så stor. Det er ikkje første gong."
    assert detect_language(text, expected=["nn"]).code == "nn"
    assert detect_language(text).code == "nb"  # undeclared Norwegian keeps the pipeline's code


def test_short_texts_never_worse_than_bare_langdetect_and_no_norwegian_as_danish_or_swedish() -> None:
    from tests.support.shorttext import LANGUAGES, labelled

    def right(expected: str, got: str) -> bool:
        return got == expected or (expected == "nn" and got == "nb")

    data = labelled(20)
    bare = {lang: 0 for lang in LANGUAGES}
    ours = {lang: 0 for lang in LANGUAGES}
    norwegian_as: list[str] = []
    for lang, text in data:
        bare[lang] += right(lang, _bare_langdetect(text))
        code = detect_language(text).code
        ours[lang] += right(lang, code)
        if lang in ("nb", "nn"):
            norwegian_as.append(code)
    assert all(ours[lang] >= bare[lang] for lang in LANGUAGES), (ours, bare)
    assert sum(bare.values()) == 118  # langdetect takes two of these Norwegian articles for Danish
    assert sum(ours.values()) == 120
    assert not {"da", "sv"} & set(norwegian_as)


def test_the_process_stage_applies_the_sources_declared_languages() -> None:
    from datetime import datetime

    from newsflow.articles.process import process_document
    from newsflow.config import LanguageSettings, SourceLocale
    from newsflow.records import RawDocument

    languages = LanguageSettings(locales=(("nrk", SourceLocale(languages=("nb",))),))
    doc = RawDocument("nrk", "a.txt", NORWEGIAN_TAKEN_FOR_DANISH.encode(), "text/plain", datetime(2026, 4, 2))
    article = process_document(doc, languages).articles[0]
    assert (article.lang, article.lang_method, article.lang_confidence) == ("nb", "declared", 0.998)
