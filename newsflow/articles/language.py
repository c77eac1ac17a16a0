"""Language detection: seeded langdetect, a second opinion between the Nordic neighbours, and the source's prior.

langdetect's answer is computed by `fast_langdetect`: its profiles and its algorithm with the per-character loops
in C, the same languages and probabilities at a third of the CPU. langdetect alone mistakes a few short
Norwegian texts for Danish (4 in 100 two-sentence articles in the issue's test, 3 in 100 in ours). So when it
answers nb, nn, da or sv:
- a source that declares its languages (``languages = ["nb"]``) decides between the neighbours;
- otherwise a second detector trained on the four (py3langid, its model ships in its wheel) decides.
When langdetect is unsure (best probability below `UNSURE`), a declared language it ranks wins.
Measured in benchmarks/language_bench.py; tests/articles/test_language.py holds the short-text check.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langdetect import DetectorFactory, LangDetectException
from langdetect.detector_factory import init_factory

from newsflow.articles.fast_langdetect import FastDetector
from newsflow.common.langcodes import NORDIC, NORWEGIAN, canonical
from newsflow.common.letters import has_letters

UNDETERMINED = "und"
# Below this many letters langdetect guesses; such texts are "und" rather than a wrong language.
MIN_LETTERS = 20
# The sample langdetect reads: the start of the text (title and body), cut at a word. Its cost grows with
# the sample (every n-gram is extracted before it draws from them), its answer did not: on 248 real pages of
# the shared extraction benchmark the first 2,500 characters gave the language of the first 5,000 on every
# page at 75 % of the CPU; 1,000 (45 %) and start-and-middle samples flipped pages that mix two languages.
_MAX_CHARS = 2500
# Below this probability langdetect's answer gives way to a language the source declares.
UNSURE = 0.9
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
# py3langid's labels for the neighbours ("no" is Norwegian, Bokmål mostly).
_NEIGHBOURS = ("no", "nn", "da", "sv")


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, "nb" for Norwegian Bokmål, "und" when undetermined
    confidence: float
    # langdetect | neighbours (the second detector chose among nb, nn, da, sv) | declared (the source's prior)
    method: str = "langdetect"


_init_lock = threading.Lock()
_detector: FastDetector | None = None
_neighbours: Any = None


def _factory() -> FastDetector:
    """Load langdetect's profiles once, under a lock: batches are detected on several threads, and a
    detector created while another thread is still loading fails with "Need to load profiles"."""
    global _detector
    if _detector is not None:
        return _detector
    with _init_lock:
        if _detector is None:
            # Seeded: unseeded, "Ja takk" came out "fi" 83 times and "id" 17 times in 100 calls.
            DetectorFactory.seed = 0
            init_factory()
            from langdetect.detector_factory import _factory as factory

            _detector = FastDetector(factory)
    return _detector


def _neighbour_model() -> Any:
    """py3langid restricted to the Nordic neighbours, loaded once (about 1 s) on the first Nordic text."""
    global _neighbours
    if _neighbours is not None:
        return _neighbours
    with _init_lock:
        if _neighbours is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            model.set_languages(list(_NEIGHBOURS))
            _neighbours = model
    return _neighbours


def _ranked(sample: str) -> list[tuple[str, float]]:
    """langdetect's languages and probabilities, best first, in the pipeline's codes."""
    try:
        found = _factory().probabilities(sample)
    except LangDetectException:
        return []
    merged: dict[str, float] = {}
    for item in found:
        code = canonical(item.lang)
        merged[code] = merged.get(code, 0.0) + float(item.prob)
    return sorted(merged.items(), key=lambda kv: -kv[1])


def neighbour_ranking(text: str) -> list[tuple[str, float]]:
    """The second opinion: nb, nn, da and sv by probability, best first (Norwegian as nb, Nynorsk as nn)."""
    return [(canonical(code), round(float(p), 4)) for code, p in _neighbour_model().rank(text)]


def _start(text: str) -> str:
    """At most _MAX_CHARS of `text`, not ending inside a word."""
    if len(text) <= _MAX_CHARS:
        return text
    head = text[:_MAX_CHARS]
    cut = max(head.rfind(" "), head.rfind("\n"))
    return head[:cut] if cut > _MAX_CHARS // 2 else head


def detect_language(text: str, expected: Sequence[str] = ()) -> Language:
    """The language of `text`; `expected` are the languages its source declares (a prior, not a filter)."""
    sample = _URL.sub(" ", _start(text))
    if not has_letters(sample, MIN_LETTERS):
        return Language(UNDETERMINED, 0.0)
    ranked = _ranked(sample)
    if not ranked:
        return Language(UNDETERMINED, 0.0)
    best, prob = ranked[0]
    declared = [canonical(code) for code in expected]
    if best in declared:
        return Language(best, round(prob, 4))
    if best in NORDIC:
        return _among_neighbours(sample, ranked, declared)
    if prob < UNSURE and (wanted := [(c, p) for c, p in ranked if c in declared]):
        return Language(wanted[0][0], round(wanted[0][1], 4), "declared")
    return Language(best, round(prob, 4))


def _among_neighbours(sample: str, ranked: list[tuple[str, float]], declared: list[str]) -> Language:
    """langdetect says nb, nn, da or sv: the source's declaration decides, else the second detector.

    With a declaration the confidence is langdetect's probability for the neighbours together (the source
    settles which of them); with the second detector it is that detector's probability among the four.
    """
    nordic_mass = round(sum(p for c, p in ranked if c in NORDIC), 4)
    wanted = [code for code in declared if code in NORDIC]
    if len(wanted) == 1:
        return Language(wanted[0], nordic_mass, "declared")
    opinion = neighbour_ranking(sample)
    if wanted:
        opinion = [(c, p) for c, p in opinion if c in wanted]
    code, confidence = opinion[0]
    if code == "nn" and "nn" not in wanted:
        code = NORWEGIAN  # undeclared Nynorsk stays "nb", as langdetect names it and the nb model translates it
    if code == ranked[0][0]:
        return Language(code, round(ranked[0][1], 4))
    return Language(code, confidence, "neighbours")
