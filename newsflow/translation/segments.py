"""Sentence pairs: the units a translation is made of, and the one way English text is assembled from them.

The engine translates sentence by sentence and keeps each pair (original, English, score, alarms); the
stored title_en/text_en are ``assemble`` of those pairs, so `translation_segments` always rebuilds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TITLE = "title"
TEXT = "text"
EMPTY_PARAGRAPH = "…"  # a paragraph whose every sentence came back empty: kept, so paragraphs never merge


@dataclass(frozen=True)
class Segment:
    """One sentence of an article's title or text with its translation."""

    field: str  # title | text
    paragraph: int  # 0-based, within the field
    line: int  # 0-based line within the paragraph (lines are kept as written)
    position: int  # 0-based sentence within the paragraph, across its lines
    original: str
    english: str
    score: float | None  # mean log-probability per output token (see engine.mean_log_prob); None: nothing decoded
    tokens: int  # source SentencePiece tokens: the weight of this sentence in the article's score
    flags: tuple[str, ...] = ()  # newsflow.translation.quality alarms


def assemble(segments: Iterable[Segment]) -> str:
    """The English text of one field's segments: sentences joined by a space, lines by a newline,
    paragraphs by a blank line; empty sentences and lines dropped, an all-empty paragraph kept as "…"."""
    paragraphs: dict[int, dict[int, list[str]]] = {}
    for seg in sorted(segments, key=lambda s: (s.paragraph, s.position)):
        paragraphs.setdefault(seg.paragraph, {}).setdefault(seg.line, []).append(seg.english)
    out = []
    for _, lines in sorted(paragraphs.items()):
        text_lines = [" ".join(s for s in sentences if s) for _, sentences in sorted(lines.items())]
        out.append("\n".join(line for line in text_lines if line) or EMPTY_PARAGRAPH)
    return "\n\n".join(out)


def weighted_score(segments: Sequence[Segment]) -> float | None:
    """Mean of the sentences' scores weighted by their length in tokens; None when none has a score."""
    scored: list[tuple[float, int]] = [(s.score, s.tokens) for s in segments if s.score is not None and s.tokens > 0]
    total = sum(tokens for _, tokens in scored)
    return sum(score * tokens for score, tokens in scored) / total if total else None
