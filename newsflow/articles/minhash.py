"""Near-duplicate articles, one story: MinHash signatures over word shingles, LSH band keys to find candidates.

Pure functions; `newsflow.warehouse.stores.story_links` keeps the keys and signatures in the warehouse and links
stories.
A story is the same wire copy (or a lightly edited one) in several sources, or a republication. Texts are
compared within one "space": the original language, or English (originals and translations), which is how
articles in two languages meet once both have English text.

Why these numbers (benchmarks/stories_bench.py measures them on true pairs and false friends built from
real pages; README "Stories"): word 3-shingles keep two different stories on one topic apart even when they
share names and a background paragraph; 126 permutations in 42 bands of 3 rows make a pair with similarity
0.3 a candidate with probability 0.68 and one at 0.5 with 0.996, while unrelated texts almost never meet;
a candidate joins the story when the estimated Jaccard similarity reaches `THRESHOLD` (0.4: precision
0.997, recall 0.930 on 2,000 pairs; 0.3 joined more shortened copies but also more false friends).

The MinHash is datasketch's `MinHash(num_perm=126, seed=1, scheme="affine32")`, computed here with numpy: the
package imports scipy (143 MiB installed) for its LSH classes, which newsflow does not use. The signatures and
band keys are bit-for-bit datasketch's (tests/articles/test_minhash.py compares them on real text), so keys
stored by earlier versions keep matching.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np

from newsflow.records import Fingerprint

SHINGLE_WORDS = 3
NUM_PERM = 126
BANDS = 42
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.4
# Texts with fewer shingles than this are too short to tell a copy from a coincidence: a story of their own.
MIN_SHINGLES = 8
# Stored signatures are comparable only under the same hashing: pinned, not left to the library's default.
SEED = 1
SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams of the case-folded text: punctuation, spacing and case do not make copies differ."""
    words = _WORD.findall(text.casefold())
    return set(map(" ".join, zip(*(words[i:] for i in range(size)), strict=False)))  # stops at the last whole one


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations h -> a*h + b (mod 2^32), drawn from RandomState(SEED); `a` is odd."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch applies to every input hash before permuting it."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def minhash(grams: set[str]) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a non-empty set of shingles; hashes are SHA-1's first
    4 bytes read little-endian (datasketch's sha1_hash32), and uint32 arithmetic wraps, which is the modulo."""
    # encoded in one call where a line break separates them (a shingle is words and spaces)
    encoded = "\n".join(grams).encode("utf-8").split(b"\n")
    if len(encoded) != len(grams):
        encoded = [g.encode("utf-8") for g in grams]
    hashes = np.frombuffer(b"".join([hashlib.sha1(g).digest()[:4] for g in encoded]), dtype="<u4")
    a, b = _permutations()
    return (_fmix32(hashes.astype(np.uint32)).reshape(-1, 1) * a + b).min(axis=0)


def fingerprint(text: str) -> Fingerprint | None:
    """The text's fingerprint, or None when it is too short to compare."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    values = np.asarray(minhash(grams), dtype="<u4")
    keys = tuple(
        int.from_bytes(
            hashlib.blake2b(values[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest(), "little", signed=True
        )
        for b in range(BANDS)
    )
    return Fingerprint(values.tobytes(), keys)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets: the share of equal MinHash values."""
    return float(np.mean(np.frombuffer(a, dtype="<u4") == np.frombuffer(b, dtype="<u4")))


def merge_groups(links: list[tuple[str, str]]) -> list[set[str]]:
    """Connected groups of linked ids (union-find): a story is everything its copies link to."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = {}
    for x in parent:
        groups.setdefault(root(x), set()).add(x)
    return list(groups.values())
