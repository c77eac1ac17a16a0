"""Translating what waits in the warehouse: the pending articles whose language has an installed model."""

from __future__ import annotations

import contextlib
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from newsflow.common.batching import chunked
from newsflow.common.langcodes import canonical
from newsflow.config import Settings
from newsflow.records import Failure
from newsflow.runs.progress import reporter
from newsflow.runs.summary import TranslateCounts
from newsflow.warehouse.stores.translation_queue import PendingArticle, TranslationRow
from newsflow.warehouse.writer import Writer

# Articles per translation call: enough sentences for full token batches, small enough to commit often.
TRANSLATE_CHUNK = 64


class Pending(Protocol):
    """A translation batch on its way: done now (in this process) or on a worker."""

    def result(self) -> list[Any]: ...


class Engine(Protocol):
    """Where translation batches run: this process, or worker processes (flows/ submits them to Dask)."""

    in_flight: int  # batches submitted before the oldest one is awaited and stored
    batch_articles: int  # articles per batch

    def languages(self) -> set[str]: ...

    def submit(self, requests: list[Any]) -> Pending: ...


@dataclass(frozen=True)
class _Done:
    value: list[Any]

    def result(self) -> list[Any]:
        return self.value


class LocalEngine:
    """The engine in this process: each batch is translated when submitted."""

    in_flight = 1
    batch_articles = TRANSLATE_CHUNK

    def __init__(self, translator: Any) -> None:
        self.translator = translator

    def languages(self) -> set[str]:
        return set(self.translator.languages())

    def submit(self, requests: list[Any]) -> Pending:
        try:
            return _Done(self.translator.translate(requests))
        except Exception as exc:  # the engine itself broke: these articles fail, the job goes on
            from newsflow.translation.engine import TranslationFailure

            return _Done([TranslationFailure(r.key, f"{type(exc).__name__}: {exc}") for r in requests])


def make_translator(settings: Settings) -> Any | None:
    """The engine over the installed models, or None when no model is installed (articles wait)."""
    from newsflow.translation.engine import Translator

    translator = Translator(settings.translation)
    return translator if translator.languages() else None


def translate_pending(
    writer: Writer,
    settings: Settings,
    run_id: str | None,
    langs: Sequence[str] | None = None,
    retry_failed: bool = False,
    translator: Any | None = None,
    engine: Engine | None = None,
    upgrade: bool = False,
) -> TranslateCounts:
    """Translate every pending (and, if asked, failed) article whose language has a model; with ``upgrade``
    instead the translated articles whose model is older than the one installed for their language.

    Batches of engine.batch_articles articles go to the engine (up to engine.in_flight at once) and are stored
    in order as they come back, one transaction each.
    """
    wanted = {canonical(lang) for lang in (langs or settings.languages.translate)}
    if engine is None:
        translator = translator or make_translator(settings)
        engine = LocalEngine(translator) if translator else None
    available = (engine.languages() if engine else set()) & wanted
    waiting = len(writer.pending_articles(sorted(wanted - available), retry_failed)) if wanted - available else 0
    if not available or engine is None:
        return TranslateCounts(waiting=waiting)
    # Batches are claimed one at a time as they are submitted, so that a concurrent run (on a lake) takes other
    # articles: each article is translated by one run, and each run counts only what it translated.
    claimant = run_id or f"translate-{uuid.uuid4().hex}"
    languages = sorted(available)
    # An upgrade re-translates a fixed list (translated articles, which no pending claim competes for).
    upgrading = writer.queue.articles(outdated(writer, settings, languages)) if upgrade else None
    progress = reporter()
    total = len(upgrading) if upgrading is not None else len(writer.pending_articles(languages, retry_failed))
    progress.start("translating", total)
    translated = [0]
    failures: list[Failure] = []  # each names its article, the model and the reason
    in_flight: deque[tuple[Pending, list[Any]]] = deque()

    def store_oldest() -> None:
        future, requests = in_flight.popleft()
        done, bad = _outcome(future, requests)
        failures.extend(writer.store_translations(run_id, done, bad))
        translated[0] += len(done)
        progress.advance(len(requests))

    try:
        from newsflow.translation.engine import TranslationRequest

        for chunk in _chunks(writer, languages, claimant, engine.batch_articles, retry_failed, upgrading):
            requests = [TranslationRequest(p.article_id, p.lang, p.title, p.text) for p in chunk]
            in_flight.append((engine.submit(requests), requests))
            while len(in_flight) >= max(1, engine.in_flight):
                store_oldest()
        while in_flight:
            store_oldest()
    finally:
        progress.finish()
        # Failed articles, and on an early stop the batches not stored: free for other jobs at once.
        with contextlib.suppress(Exception):  # else void when this run ends, or after the lease
            writer.release_claims(claimant)
    return TranslateCounts(translated[0], len(failures), waiting, tuple(failures))


def _chunks(
    writer: Writer,
    languages: list[str],
    claimant: str,
    size: int,
    retry_failed: bool,
    upgrading: list[PendingArticle] | None,
) -> Iterator[list[PendingArticle]]:
    if upgrading is not None:
        yield from chunked(upgrading, size)
        return
    while chunk := writer.claim_pending(languages, claimant, size, retry_failed):
        yield chunk


def outdated(writer: Writer, settings: Settings, langs: Sequence[str]) -> list[str]:
    """Translated articles whose model is an older version than the newest installed for their language."""
    from newsflow.translation.models import installed_pairs, version_key

    installed = installed_pairs(settings.translation)
    ids = []
    for article_id, lang, model in writer.queue.translated_by(langs):
        info = installed.get(lang)
        if info is None:
            continue
        stored_version = (model or "").rpartition(" ")[2]
        if model is None or version_key(stored_version) < version_key(info.version):
            ids.append(article_id)
    return ids


def _outcome(future: Pending, requests: list[Any]) -> tuple[list[TranslationRow], list[tuple[str, str]]]:
    from newsflow.translation.engine import TranslationFailure

    try:
        results = future.result()
    except Exception as exc:  # the batch failed for good (a worker lost, retries spent): these articles fail
        results = [TranslationFailure(r.key, f"{type(exc).__name__}: {exc}") for r in requests]
    done = [
        TranslationRow(r.key, r.title_en, r.text_en, r.model, r.segments, r.score, r.flags)
        for r in results
        if not isinstance(r, TranslationFailure)
    ]
    bad = [(r.key, r.error) for r in results if isinstance(r, TranslationFailure)]
    return done, bad
