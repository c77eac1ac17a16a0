"""Translation where the models are: one engine per worker process, loaded once and kept.

A Dask worker (or any process) that is handed translation batches keeps one Translator per settings
for its lifetime; the engine loads each language's model on first use, so a worker loads each model
once, not once per batch. Workers need the models, not the warehouse: texts go back to the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from newsflow.config import TranslationSettings
from newsflow.translate.engine import TranslationFailure, TranslationRequest, TranslationResult, Translator


@lru_cache(maxsize=4)  # per-process model cache: the one piece of state a worker must keep
def engine(settings: TranslationSettings) -> Translator:
    return Translator(settings)


def translate_batch(
    settings: TranslationSettings, requests: Sequence[TranslationRequest]
) -> list[TranslationResult | TranslationFailure]:
    """Translate articles on this process's engine (sentences of all of them batched together)."""
    return engine(settings).translate(requests)


def languages(settings: TranslationSettings) -> set[str]:
    """Source languages this process has a model for."""
    return engine(settings).languages()
