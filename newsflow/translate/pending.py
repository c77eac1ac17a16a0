"""Translating what waits in the warehouse: the pending articles whose language has an installed model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsflow.batching import chunked
from newsflow.config import Settings
from newsflow.langcodes import canonical
from newsflow.progress import reporter
from newsflow.summary import TranslateCounts
from newsflow.warehouse.store import TranslationRow, Writer

# Articles per translation call: enough sentences for full token batches, small enough to commit often.
TRANSLATE_CHUNK = 64


def make_translator(settings: Settings) -> Any | None:
    """The engine over the installed models, or None when no model is installed (articles wait)."""
    from newsflow.translate.engine import Translator

    translator = Translator(settings.translation)
    return translator if translator.languages() else None


def translate_pending(
    writer: Writer,
    settings: Settings,
    run_id: str | None,
    langs: Sequence[str] | None = None,
    retry_failed: bool = False,
    translator: Any | None = None,
) -> TranslateCounts:
    """Translate every pending (and, if asked, failed) article whose language has a model."""
    from newsflow.translate.engine import TranslationFailure, TranslationRequest

    wanted = {canonical(lang) for lang in (langs or settings.languages.translate)}
    translator = translator or make_translator(settings)
    available = (translator.languages() if translator else set()) & wanted
    waiting = len(writer.pending_articles(sorted(wanted - available), retry_failed)) if wanted - available else 0
    if not available or translator is None:
        return TranslateCounts(waiting=waiting)
    pending = writer.pending_articles(sorted(available), retry_failed)
    progress = reporter()
    progress.start("translating", len(pending))
    translated = failed = 0
    try:
        for chunk in chunked(pending, TRANSLATE_CHUNK):
            requests = [TranslationRequest(p.article_id, p.lang, p.title, p.text) for p in chunk]
            try:
                results = translator.translate(requests)
            except Exception as exc:  # the engine itself broke: these articles fail, the job goes on
                results = [TranslationFailure(r.key, f"{type(exc).__name__}: {exc}") for r in requests]
            done = [
                TranslationRow(r.key, r.title_en, r.text_en, r.model)
                for r in results
                if not isinstance(r, TranslationFailure)
            ]
            bad = [(r.key, r.error) for r in results if isinstance(r, TranslationFailure)]
            writer.store_translations(run_id, done, bad)
            translated += len(done)
            failed += len(bad)
            progress.advance(len(chunk))
    finally:
        progress.finish()
    return TranslateCounts(translated=translated, failed=failed, waiting=waiting)
