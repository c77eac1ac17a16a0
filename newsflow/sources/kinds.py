"""The kinds of source a config can name, each with what it can do: one table, read by the config, the stream,
discovery and backfill, instead of an if-chain on the kind's name in each.

A new kind: an entry here, the code that reads it (a module in sources/, called from stream.py), and a
commented example in config.toml. This module imports nothing of newsflow, so the config can import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class SourceKind:
    name: str
    locator: Literal["path", "url", "urls"]  # the config key that says where it reads from
    fetched: bool  # over HTTP (sources/web_stream.py); else read from disk, so its inputs can be counted first
    listing: Literal["feed", "sitemap"] | None = None  # discovery reads its entries from a listing at `url`

    @property
    def dates_entries(self) -> bool:
        """Its listing dates each entry, so a backfill window applies before fetching; other kinds say nothing
        of dates until extracted, and are filtered by article date afterwards."""
        return self.listing is not None


KINDS: dict[str, SourceKind] = {
    kind.name: kind
    for kind in (
        SourceKind("files", locator="path", fetched=False),
        SourceKind("urls", locator="urls", fetched=True),
        SourceKind("feed", locator="url", fetched=True, listing="feed"),
        SourceKind("sitemap", locator="url", fetched=True, listing="sitemap"),
    )
}
SOURCE_KINDS = tuple(KINDS)  # the names, in the order an error lists them


def source_kind(name: str) -> SourceKind:
    """The kind of a validated source (config.py refuses a name not in KINDS)."""
    return KINDS[name]
