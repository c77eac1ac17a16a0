"""What a run did: counts for the CLI's summary table, the `runs` row and the exit code."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from newsflow.records import BatchCounts, Failure, KnownFailure

T = TypeVar("T")

# Failures of one kind printed one by one; past these, one line counts the rest (they are all stored).
SHOWN_OF_A_KIND = 5
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>]+")


@dataclass(frozen=True)
class TranslateCounts:
    translated: int = 0
    failed: int = 0
    waiting: int = 0  # still pending: no model installed for their language
    failures: tuple[Failure, ...] = ()  # one per failed article, naming it and the reason


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
    known_failures: tuple[KnownFailure, ...] = ()  # failed before on the same bytes: reported, not counted
    skipped: int = 0  # files in folders that are not articles

    @classmethod
    def build(
        cls,
        run_id: str,
        flow: str,
        read: int,
        counts: BatchCounts,
        failures: Sequence[Failure],
        translated: TranslateCounts | None = None,
        known_failures: Sequence[KnownFailure] = (),
        skipped: int = 0,
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
            tuple(known_failures),
            skipped,
        )

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.translation_failed == 0

    def line(self) -> str:
        return (
            f"read {self.read}, new {self.new}, updated {self.updated}, unchanged {self.unchanged}, "
            f"failed {self.failed}, translated {self.translated}, waiting for a model {self.waiting}"
            + "".join(f", {note}" for note in self.notes())
        )

    def notes(self) -> list[str]:
        """What the table does not show: known failures (not counted as failed) and skipped files."""
        notes = []
        if self.known_failures:
            n = len(self.known_failures)
            notes.append(f"{n} known failure{'s' if n != 1 else ''} (unchanged since recorded; not failing the run)")
        if self.skipped:
            n = self.skipped
            notes.append(f"skipped {n} file{'s' if n != 1 else ''} that {'are' if n != 1 else 'is'} not an article")
        return notes


def failure_kind(location: str, stage: str, error: str) -> str:
    """What a failure says about its input, without naming the input: the stage and the message with the
    input's own location and any URL in it blanked. Two failures of one kind differ only in which input failed
    (`fetch: HTTP 404 Not Found` for 19,500 sitemap children); any other difference (a status, a size, a
    reason) keeps them apart."""
    return f"{stage}: {blanked(location, error)}"


def blanked(location: str, error: str) -> str:
    """The message with the input's own location and any URL in it replaced by `…`."""
    message = error.replace(location, "…") if location else error
    return _URL.sub("…", message)


@dataclass(frozen=True)
class Flood:
    """Failures of one kind past the first ``SHOWN_OF_A_KIND``: counted on one line, not printed."""

    kind: str
    more: int


def condensed(
    items: Sequence[T], kind: Callable[[T], str], shown: int = SHOWN_OF_A_KIND
) -> tuple[list[T], list[Flood]]:
    """The items to print one by one (the first ``shown`` of each kind, in their order) and, per kind with more,
    how many more there are (kinds in order of first appearance)."""
    seen: dict[str, int] = {}
    first: list[T] = []
    for item in items:
        key = kind(item)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= shown:
            first.append(item)
    return first, [Flood(key, n - shown) for key, n in seen.items() if n > shown]
