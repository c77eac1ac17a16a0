"""What a run did: counts for the CLI's summary table, the `runs` row and the exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsflow.records import BatchCounts, Failure, KnownFailure


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
