"""Whether a text has enough letters to be worth reading, without a Python loop over every character."""

from __future__ import annotations

from itertools import islice


def has_letters(text: str, count: int) -> bool:
    """Whether `text` holds at least `count` letters (`str.isalpha`). Reads only up to the count-th letter, in C:
    a generator over a whole page's characters cost as much as detecting its language."""
    if count <= 0:
        return True
    return next(islice(filter(str.isalpha, text), count - 1, None), None) is not None
