"""Translation where the models are: one engine per worker process, loaded once and kept.

A Dask worker (or any process) that is handed translation batches keeps one Translator per settings
for its lifetime; the engine loads each language's model on first use, so a worker loads each model
once, not once per batch. Workers need the models, not the warehouse: texts go back to the caller.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Sequence
from functools import lru_cache

from newsflow.config import TranslationSettings
from newsflow.translation.engine import TranslationFailure, TranslationRequest, TranslationResult, Translator

# glibc mallopt parameters
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def _undo_small_trim_threshold() -> None:
    """Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536. Setting it fixes glibc's mmap
    threshold at 128 KiB, so every large CTranslate2 buffer is mmap'ed and unmapped again: translation ran
    3-4x slower on a worker than in-process (measured, benchmarks/dask_translation_bench.py). Restore
    sizes that keep those buffers on the heap, for this process only."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc
        return
    libc.mallopt(_M_MMAP_THRESHOLD, 32 * 2**20)
    libc.mallopt(_M_TRIM_THRESHOLD, 64 * 2**20)


@lru_cache(maxsize=4)  # per-process model cache: the one piece of state a worker must keep
def engine(settings: TranslationSettings) -> Translator:
    _undo_small_trim_threshold()
    return Translator(settings)


def translate_batch(
    settings: TranslationSettings, requests: Sequence[TranslationRequest]
) -> list[TranslationResult | TranslationFailure]:
    """Translate articles on this process's engine (sentences of all of them batched together)."""
    return engine(settings).translate(requests)


def languages(settings: TranslationSettings) -> set[str]:
    """Source languages this process has a model for."""
    return engine(settings).languages()
