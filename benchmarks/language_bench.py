"""Short-text language detection: the pipeline against bare seeded langdetect (and other detectors).

    .venv/bin/python benchmarks/language_bench.py [--per-language 100] [--sentences 2]

Short articles (two sentences unless --sentences says otherwise) in nb, nn, da, sv, de and en
(tests/support/shorttext.py: sentences written for this project, the same 22 in each language). A Nynorsk
article counts as right when stored as nb, since langdetect cannot name Nynorsk and Norwegian is "nb" in the
pipeline unless a source declares "nn".
Columns: bare langdetect; py3langid alone (the second detector); heliport alone, where it is installed
(measured as a candidate, not a dependency); the pipeline with no declaration; the pipeline where each
source declares its true language. "nb->da" counts Norwegian (nb or nn) stored as Danish.
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsflow.articles.language import _ranked, detect_language
from newsflow.common.langcodes import canonical
from tests.support.shorttext import LANGUAGES, labelled


def right(expected: str, got: str) -> bool:
    return got == expected or (expected == "nn" and got == "nb")


def bare_langdetect(text: str) -> str:
    ranked = _ranked(text)
    return ranked[0][0] if ranked else "und"


def py3langid_alone() -> Callable[[str], str]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    model = LanguageIdentifier.from_model_file(MODEL_FILE)
    return lambda text: canonical(model.classify(text)[0])


def heliport_alone() -> Callable[[str], str] | None:
    try:
        import heliport  # type: ignore[import-not-found]
    except ImportError:
        return None
    model = heliport.Identifier()
    return lambda text: canonical(model.identify(text, ignore_confidence=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-language", type=int, default=100)
    parser.add_argument("--sentences", type=int, default=2, help="sentences per article")
    args = parser.parse_args()
    data = labelled(args.per_language, sentences=args.sentences)
    detectors: dict[str, Callable[[str], str]] = {
        "langdetect (bare, seeded)": bare_langdetect,
        "py3langid alone": py3langid_alone(),
        "pipeline, nothing declared": lambda text: detect_language(text).code,
    }
    if (hp := heliport_alone()) is not None:
        detectors["heliport alone"] = hp
    expected_by_text = dict((text, lang) for lang, text in data)
    detectors["pipeline, source declares its language"] = lambda text: (
        detect_language(text, [expected_by_text[text]]).code
    )
    print(f"{len(data)} articles of {args.sentences} sentences, {args.per_language} per language\n")
    header = "| detector | " + " | ".join(LANGUAGES) + " | all | nb->da | nb->sv | s |"
    print(header)
    print("|" + " --- |" * (len(LANGUAGES) + 5))
    for name, detect in detectors.items():
        start = time.perf_counter()
        got = [(lang, detect(text)) for lang, text in data]
        seconds = time.perf_counter() - start
        per_lang = collections.Counter(lang for lang, code in got if right(lang, code))
        norwegian_as = collections.Counter(code for lang, code in got if lang in ("nb", "nn"))
        cells = " | ".join(str(per_lang[lang]) for lang in LANGUAGES)
        total = sum(per_lang.values())
        print(f"| {name} | {cells} | {total} | {norwegian_as['da']} | {norwegian_as['sv']} | {seconds:.1f} |")
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
