"""Language codes, in one place: every stage names a language by its ISO 639-1 code, Norwegian Bokmål "nb".

Detectors, feeds, pages and configs spell languages in other ways: langdetect says "no" (it cannot tell
Bokmål from Nynorsk; Argos' Norwegian model is "nb"), heliport answers in ISO 639-3 ("nob"), pages write
"nb-NO" or "en_US". `canonical` and `primary_language` turn all of them into the pipeline's codes.
"""

from __future__ import annotations

import re

NORWEGIAN = "nb"
# Norwegian, Danish and Swedish: close enough that detectors confuse them on short texts.
NORDIC = frozenset({"nb", "nn", "da", "sv"})

ALIASES = {
    "no": "nb",
    "nob": "nb",
    "nor": "nb",
    "nno": "nn",
    "dan": "da",
    "swe": "sv",
    "deu": "de",
    "ger": "de",
    "eng": "en",
    "zh-cn": "zh",
    "zh-tw": "zh",
}
_TAG = re.compile(r"[a-z]{2,3}")


def canonical(code: str) -> str:
    """The pipeline's code for a language code: 'NO' -> 'nb', 'nob' -> 'nb', 'zh-cn' -> 'zh', 'De' -> 'de'."""
    lowered = code.strip().lower()
    return ALIASES.get(lowered, lowered)


def primary_language(value: str | None) -> str | None:
    """The language of a tag as pages and feeds write it ('nb-NO' -> 'nb', 'en_US' -> 'en'); None unless
    its primary subtag is two or three letters."""
    if not value:
        return None
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return canonical(primary) if _TAG.fullmatch(primary) else None
