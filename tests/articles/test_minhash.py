"""newsflow's MinHash is datasketch's, bit for bit: signatures and band keys stored before stay valid.

datasketch (the dev extra) is the reference; the runtime computes the same values without it (and its scipy).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from newsflow.articles import minhash as stories

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TEXTS = sorted(p for p in SEEDS.glob("*.txt"))


def _datasketch_fingerprint(text: str) -> tuple[bytes, tuple[int, ...]]:
    """What newsflow stored before it computed MinHash itself (the code of newsflow.articles.minhash then)."""
    minhash = MinHash(num_perm=stories.NUM_PERM, seed=stories.SEED, scheme=stories.SCHEME)
    minhash.update_batch([g.encode("utf-8") for g in stories.shingles(text)])
    values = np.asarray(minhash.hashvalues, dtype="<u4")
    rows = stories.ROWS
    keys = tuple(
        int.from_bytes(
            hashlib.blake2b(values[b * rows : (b + 1) * rows].tobytes(), digest_size=8).digest(), "little", signed=True
        )
        for b in range(stories.BANDS)
    )
    return values.tobytes(), keys


def test_the_permutations_are_datasketchs() -> None:
    reference = MinHash(num_perm=stories.NUM_PERM, seed=stories.SEED, scheme=stories.SCHEME).permutations
    a, b = stories._permutations()
    assert a.tolist() == reference[0].tolist()
    assert b.tolist() == reference[1].tolist()


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_signature_and_band_keys_equal_datasketchs_on_a_seed_article(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    fingerprint = stories.fingerprint(text)
    assert fingerprint is not None
    assert (fingerprint.signature, fingerprint.keys) == _datasketch_fingerprint(text)


def test_shingles_are_the_case_folded_word_triples_in_any_spacing() -> None:
    assert stories.shingles("Oslo, OSLO!\nBergen  Trondheim.") == {"oslo oslo bergen", "oslo bergen trondheim"}


def test_a_text_of_fewer_words_than_a_shingle_has_none() -> None:
    assert stories.shingles("Oslo Bergen") == set()


def test_shingles_holding_a_line_break_are_hashed_each_whole_as_datasketch_does() -> None:
    grams = {"oslo\nbergen", "bergen trondheim", "tromsø"}
    reference = MinHash(num_perm=stories.NUM_PERM, seed=stories.SEED, scheme=stories.SCHEME)
    reference.update_batch([g.encode("utf-8") for g in grams])
    assert stories.minhash(grams).tolist() == reference.hashvalues.tolist()
