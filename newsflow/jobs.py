"""Jobs the flows orchestrate: each is plain Python on the core, usable without Prefect."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsflow.batching import chunked
from newsflow.config import Settings
from newsflow.langcodes import canonical
from newsflow.progress import reporter
from newsflow.records import Failure
from newsflow.warehouse.store import BatchCounts, TranslationRow, Writer

# Articles per translation call: enough sentences for full token batches, small enough to commit often.
TRANSLATE_CHUNK = 64


@dataclass(frozen=True)
class TranslateCounts:
    translated: int = 0
    failed: int = 0
    waiting: int = 0  # still pending: no model installed for their language
    failures: tuple[Failure, ...] = ()  # one per failed article, naming it and the reason


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
    translated = 0
    failures: list[Failure] = []
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
            failures.extend(writer.store_translations(run_id, done, bad))
            translated += len(done)
            progress.advance(len(chunk))
    finally:
        progress.finish()
    return TranslateCounts(translated, len(failures), waiting, tuple(failures))


@dataclass(frozen=True)
class RunSummary:
    """What one run did, for the CLI's summary table and exit code."""

    run_id: str
    flow: str
    read: int
    new: int
    updated: int
    unchanged: int
    failed: int
    translated: int = 0
    translation_failed: int = 0
    waiting: int = 0
    failures: tuple[Failure, ...] = ()

    @classmethod
    def build(
        cls,
        run_id: str,
        flow: str,
        read: int,
        counts: BatchCounts,
        failures: Sequence[Failure],
        translated: TranslateCounts | None = None,
    ) -> RunSummary:
        t = translated or TranslateCounts()
        return cls(
            run_id,
            flow,
            read,
            counts.new,
            counts.updated,
            counts.unchanged,
            counts.failed,
            t.translated,
            t.failed,
            t.waiting,
            (*failures, *t.failures),
        )

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.translation_failed == 0

    def line(self) -> str:
        return (
            f"read {self.read}, new {self.new}, updated {self.updated}, unchanged {self.unchanged}, "
            f"failed {self.failed}, translated {self.translated}, waiting for a model {self.waiting}"
        )
