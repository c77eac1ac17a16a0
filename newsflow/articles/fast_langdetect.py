"""langdetect's own detection, with its per-character work done in C: the same profiles, the same text
cleaning, the same n-grams in the same order, the same seeded random walk, so the same probabilities.

langdetect (1.0.9) spends most of a page in Python loops: normalising each character (a binary search over
Unicode blocks), sliding its n-gram buffer one character at a time, and multiplying 55 probabilities one by one
for each n-gram it draws. Here:
- the text is cleaned with the same expressions (URLs, e-mail addresses, Vietnamese marks, runs of spaces,
  Latin letters dropped from a text mostly in another script), the counts taken by regular expressions;
- each character is normalised once per process, by langdetect's own `NGram.normalize`, through a
  translation table that fills itself (`str.translate`);
- the n-grams depend on each word alone (`word_ngrams` says why), so a word's are found once per process and
  a text's are its words', one after another: langdetect's order (by position, then 1-, 2- and 3-grams);
- each draw multiplies a numpy row of the n-gram's probabilities into the walk (the same multiplications,
  element by element, in the same order), and the walk draws from the same `random.Random`, seeded the same:
  one `gauss` per trial, one `choice` per step, normalised (with Python's own `sum`) after the first step and
  every fifth.
`tests/articles/test_fast_langdetect.py` checks the answers against langdetect's `Detector` on real texts.
"""

from __future__ import annotations

import random
import re
from typing import Any

import numpy as np
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.language import Language as Ranked
from langdetect.utils.ngram import NGram

# `Detector`'s defaults, as `DetectorFactory.create()` leaves them.
MAX_TEXT_LENGTH = 10000
N_TRIAL = 7
# Words whose n-grams are kept between texts (about 370 bytes each, 19 MB in all); past this many the memo starts
# again. On the 990 benchmark pages (60,000 words) 50,000 cost 1 % more time than keeping them all, 25,000 7 %.
WORDS_KEPT = 50_000
_SPACE_RUNS = re.compile(" {2,}")
# langdetect's Latin letters, `'A' <= ch <= 'z'`, which takes in [ \\ ] ^ _ and ` too. It counts a character from
# U+0300 on as non-Latin unless its block is "Latin Extended Additional", a test that compares the block's
# number with that name and so never holds: every such character counts.
_LATIN = re.compile("[A-z]")


class _Normalised(dict[int, str]):
    """`NGram.normalize` of each character, computed the first time the character is met."""

    def __missing__(self, code: int) -> str:
        value = self[code] = NGram.normalize(chr(code))
        return value


_NORMALISED = _Normalised()


def cleaned(text: str) -> str:
    """The text langdetect's `Detector.append` and `cleaning_text` leave for n-gram extraction."""
    text = Detector.URL_RE.sub(" ", text)
    if "@" in text:  # what the e-mail pattern needs, found faster than the pattern fails
        text = Detector.MAIL_RE.sub(" ", text)
    if any(mark in text for mark in NGram.DMARK_CLASS):  # the same for the Vietnamese marks
        text = NGram.normalize_vi(text)
    text = _SPACE_RUNS.sub(" ", text[:MAX_TEXT_LENGTH])
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    latin = np.count_nonzero((codes >= ord("A")) & (codes <= ord("z")))
    if 2 * latin < np.count_nonzero(codes >= 0x300):
        return _LATIN.sub("", text)
    return text


def word_ngrams(word: str, trailing: bool) -> list[str]:
    """The n-grams langdetect's `_extract_ngrams` yields at the characters of one word (no space in it) that
    follows a space or starts the text, and, when a space follows it, at that space.

    langdetect slides a buffer of up to three normalised characters that a space empties and starts again
    (from that space): at each character it yields the buffer's last 1, 2 and 3 characters, while the buffer
    holds that many, except a lone space; at the second of two capital letters in a row (a word in capitals)
    and at a second space in a row it yields nothing. So what a word yields depends on the word alone, and a
    text's n-grams are its words', one after another.
    """
    grams = []
    before, last = " ", " "
    for char in word:
        if not (char.isupper() and last.isupper()):
            grams.append(char)
            grams.append(last + char)
            if last != " ":
                grams.append(before + last + char)
        before, last = last, char
    if trailing:
        grams.append(last + " ")
        grams.append(before + last + " ")
    return grams


def ngrams(text: str, known: Any) -> list[str]:
    """The n-grams langdetect finds in the cleaned `text` that its profiles know, in its order."""
    *inner, tail = text.translate(_NORMALISED).split(" ")
    found = [gram for word in inner if word for gram in word_ngrams(word, True)]
    return [gram for gram in found + word_ngrams(tail, False) if gram in known]


class FastDetector:
    """langdetect's `Detector` over a loaded `DetectorFactory`: `probabilities(text)` is what
    `factory.create()`, `.append(text)` and `.get_probabilities()` give, computed as described above."""

    def __init__(self, factory: Any) -> None:
        self._known = factory.word_lang_prob_map
        self._langs = list(factory.langlist)
        self._seed = factory.seed
        self._rows: dict[str, np.ndarray] = {}  # an n-gram's probabilities, as read from the profiles
        self._words: dict[str, tuple[np.ndarray, ...]] = {}  # a word's n-grams' rows ("word " if a space follows)

    def probabilities(self, text: str) -> list[Ranked]:
        rows = self._rows_of(cleaned(text).translate(_NORMALISED))
        if not rows:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        sure = Detector.PROB_THRESHOLD
        ranked = [Ranked(lang, p) for lang, p in zip(self._langs, self._walk(rows), strict=True) if p > sure]
        ranked.sort(reverse=True)
        return ranked

    def _rows_of(self, normalised: str) -> list[np.ndarray]:
        """The probability rows of the normalised text's known n-grams, in langdetect's order: word by word,
        each word's (with the space after it, or at the end without) looked up once per process."""
        words = self._words
        if len(words) > WORDS_KEPT:
            words.clear()
        *inner, tail = normalised.split(" ")
        rows: list[np.ndarray] = []
        for word in inner:
            if word:
                key = word + " "
                found = words.get(key)
                if found is None:
                    found = words[key] = self._word_rows(word, True)
                rows += found
        if tail:
            rows += words.get(tail) or self._word_rows(tail, False)
        return rows

    def _word_rows(self, word: str, trailing: bool) -> tuple[np.ndarray, ...]:
        known, rows = self._known, self._rows
        found = []
        for gram in word_ngrams(word, trailing):
            if gram in known:
                row = rows.get(gram)
                if row is None:
                    row = rows[gram] = np.array(known[gram], dtype=np.float64)
                found.append(row)
        return tuple(found)

    def _walk(self, rows: list[np.ndarray]) -> list[float]:
        """langdetect's `_detect_block` after the n-grams: seven seeded random walks, averaged."""
        count = len(self._langs)
        total = np.zeros(count)
        rng = random.Random()
        rng.seed(self._seed)
        choice = rng.choice
        for _ in range(N_TRIAL):
            prob = np.full(count, 1.0 / count)
            weight = (Detector.ALPHA_DEFAULT + rng.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH) / Detector.BASE_FREQ
            step = 0
            while True:
                prob *= weight + choice(rows)
                if step % 5 == 0:
                    values = prob.tolist()
                    norm = sum(values)  # Python's sum, as langdetect's: numpy's adds in another order
                    if norm == 0.0:
                        raise ZeroDivisionError("float division by zero")
                    prob /= norm
                    # the largest quotient, as langdetect finds it: dividing by norm keeps the order
                    if max(values) / norm > Detector.CONV_THRESHOLD or step >= Detector.ITERATION_LIMIT:
                        break
                step += 1
            total += prob / N_TRIAL
        return [float(p) for p in total]
