"""Offline translation to English: Argos packages, run by a batched CTranslate2 engine.

Import :mod:`newsflow.translation.offline` (and call ``configure``) before anything imports argostranslate.
"""

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
