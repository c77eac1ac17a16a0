"""Quality alarms on a translation: pure rules on an original sentence, its English and the model's score.

Each rule names a failure a reader of the English cannot see: text left in the original language, a
neural-MT loop, a sentence that shrank or grew far beyond what the language pair does, a number, URL or
e-mail address that did not make it across, a model unsure of its own output. An alarm says "look here",
never "this is wrong": a name-only sentence is legitimately identical, a list of scores legitimately repetitive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

UNTRANSLATED = "untranslated"  # the English is the original, letter for letter (ignoring case and spacing)
EMPTY = "empty"  # the original has words or digits, the English has none
LOOP = "loop"  # an n-gram repeated back to back that the original does not repeat
LENGTH_RATIO = "length_ratio"  # English length / original length far outside the pair's usual ratio
MISSING_NUMBER = "missing_number"  # a number of the original is not in the English
MISSING_URL = "missing_url"  # a URL of the original is not in the English
MISSING_EMAIL = "missing_email"  # an e-mail address of the original is not in the English
LOW_SCORE = "low_score"  # the model's score is below [translation] review_below

ALL_FLAGS = (UNTRANSLATED, EMPTY, LOOP, LENGTH_RATIO, MISSING_NUMBER, MISSING_URL, MISSING_EMAIL, LOW_SCORE)

# Untranslated: only a sentence of at least this many words counts (names and figures stay the same).
UNTRANSLATED_MIN_WORDS = 3
# Loop: n-grams of 1..LOOP_MAX_N words; a single word must come LOOP_MIN_REPEATS + 1 times in a row
# ("very, very, very" is English), a longer n-gram LOOP_MIN_REPEATS times.
LOOP_MAX_N = 4
LOOP_MIN_REPEATS = 3
# Length ratio: English characters per original character, by source language (typical of news text;
# German compounds make English a little longer per character, Finnish cases a little shorter).
TYPICAL_RATIO = {"de": 1.05, "nb": 1.05, "nn": 1.05, "da": 1.05, "sv": 1.05, "fi": 1.2, "fr": 0.9, "es": 0.9}
RATIO_FACTOR = 2.0  # "far outside": below typical / 2 or above typical * 2
RATIO_MIN_CHARS = 20  # shorter originals vary too much to judge

_WORD = re.compile(r"\w+", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# A number: digit groups joined by . , : ' or thin/no-break spaces, or by a space before a 3-digit group
# (Norwegian "10 000"); compared as its digits without leading zeros, so "3,5" matches "3.5", "09.30" "9:30".
_NUMBER = re.compile(r"\d+(?:(?:[.,:'\u00a0\u202f]| (?=\d{3}\b))\d+)*")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_TRAILING = ".,;:!?)]}»\"'"


def unit_flags(original: str, english: str, score: float | None, lang: str, review_below: float) -> tuple[str, ...]:
    """The alarms of one translated sentence, in ALL_FLAGS order."""
    found: set[str] = set()
    if is_empty(original, english):
        found.add(EMPTY)
    elif is_untranslated(original, english):
        found.add(UNTRANSLATED)
    if has_loop(english) and not has_loop(original):
        found.add(LOOP)
    if length_ratio_off(original, english, lang):
        found.add(LENGTH_RATIO)
    if missing_numbers(original, english):
        found.add(MISSING_NUMBER)
    if missing_urls(original, english):
        found.add(MISSING_URL)
    if missing_emails(original, english):
        found.add(MISSING_EMAIL)
    if score is not None and score < review_below:
        found.add(LOW_SCORE)
    return ordered(found)


def article_flags(
    unit_flag_lists: Iterable[Iterable[str]], score: float | None, review_below: float
) -> tuple[str, ...]:
    """An article's alarms: every alarm of one of its sentences, and low_score for its weighted score."""
    found = {flag for flags in unit_flag_lists for flag in flags}
    found.discard(LOW_SCORE)  # one unsure sentence does not make the article unsure: its weighted score decides
    if score is not None and score < review_below:
        found.add(LOW_SCORE)
    return ordered(found)


def ordered(flags: Iterable[str]) -> tuple[str, ...]:
    present = set(flags)
    return tuple(f for f in ALL_FLAGS if f in present)


def is_empty(original: str, english: str) -> bool:
    return bool(_WORD.search(original)) and not _WORD.search(english)


def is_untranslated(original: str, english: str) -> bool:
    words = [w for w in _WORD.findall(original) if _LETTERS.search(w)]
    return len(words) >= UNTRANSLATED_MIN_WORDS and _normal(original) == _normal(english)


def has_loop(text: str) -> bool:
    words = [w.casefold() for w in _WORD.findall(text)]
    for n in range(1, LOOP_MAX_N + 1):
        needed = LOOP_MIN_REPEATS + (1 if n == 1 else 0)
        for start in range(len(words) - n * needed + 1):
            gram = words[start : start + n]
            if all(words[start + k * n : start + (k + 1) * n] == gram for k in range(1, needed)):
                return True
    return False


def length_ratio(original: str, english: str) -> float | None:
    size = len("".join(original.split()))
    return None if size < RATIO_MIN_CHARS else len("".join(english.split())) / size


def length_ratio_off(original: str, english: str, lang: str) -> bool:
    ratio = length_ratio(original, english)
    if ratio is None:
        return False
    typical = TYPICAL_RATIO.get(lang, 1.0)
    return ratio < typical / RATIO_FACTOR or ratio > typical * RATIO_FACTOR


def numbers(text: str) -> set[str]:
    return {re.sub(r"\D", "", m).lstrip("0") or "0" for m in _NUMBER.findall(text)}


def missing_numbers(original: str, english: str) -> set[str]:
    return numbers(original) - numbers(english)


def urls(text: str) -> set[str]:
    return {m.rstrip(_TRAILING).casefold() for m in _URL.findall(text)}


def missing_urls(original: str, english: str) -> set[str]:
    present = english.casefold()
    return {u for u in urls(original) if u not in present}


def missing_emails(original: str, english: str) -> set[str]:
    present = english.casefold()
    return {e.casefold() for e in _EMAIL.findall(original) if e.casefold().rstrip(_TRAILING) not in present}


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())
