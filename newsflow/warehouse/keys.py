"""Lists of keys (ids, locations, URLs, codes, names) as one query parameter, everywhere in the warehouse.

DuckDB's Python client converts a list parameter element by element and, for each element, tries
`import pandas` to recognise pandas' missing values. Where pandas is not installed (newsflow's runtime),
every try is a failed import: 2,000 keys cost 0.1-0.2 s per query, most of an unchanged rerun's lookup.
One string of NUL-separated keys binds at once; paths, URLs and ids never contain NUL.
"""

from __future__ import annotations

from collections.abc import Iterable

# `column IN_KEYS`, with packed(keys) as its parameter.
IN_KEYS = "IN (SELECT unnest(string_split(?, chr(0))))"


def packed(keys: Iterable[str]) -> str:
    """The parameter for IN_KEYS. No keys match nothing (no key is the empty string)."""
    return "\0".join(keys)
