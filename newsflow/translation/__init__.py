"""Offline translation to English: Argos packages, run by a batched CTranslate2 engine.

Import :mod:`newsflow.translation.offline` (and call ``configure``) before anything imports argostranslate.

Names are resolved on first use (PEP 562): the writer imports `segments` (how a translation is stored), and an
ingest without translation needs neither the engine nor the CTranslate2 and SentencePiece it loads (~0.1 s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsflow.common.lazy import lazy_attributes

if TYPE_CHECKING:
    from newsflow.translation.engine import TranslationFailure, TranslationRequest, TranslationResult, Translator
    from newsflow.translation.models import (
        ModelError,
        ModelInfo,
        import_model,
        install_from_index,
        list_models,
        missing_languages,
    )
    from newsflow.translation.offline import OfflineError, configure

_WHERE = {
    "TranslationFailure": "newsflow.translation.engine",
    "TranslationRequest": "newsflow.translation.engine",
    "TranslationResult": "newsflow.translation.engine",
    "Translator": "newsflow.translation.engine",
    "ModelError": "newsflow.translation.models",
    "ModelInfo": "newsflow.translation.models",
    "import_model": "newsflow.translation.models",
    "install_from_index": "newsflow.translation.models",
    "list_models": "newsflow.translation.models",
    "missing_languages": "newsflow.translation.models",
    "OfflineError": "newsflow.translation.offline",
    "configure": "newsflow.translation.offline",
}
__all__ = [
    "ModelError",
    "ModelInfo",
    "OfflineError",
    "TranslationFailure",
    "TranslationRequest",
    "TranslationResult",
    "Translator",
    "configure",
    "import_model",
    "install_from_index",
    "list_models",
    "missing_languages",
]


__getattr__ = lazy_attributes(__name__, _WHERE)
