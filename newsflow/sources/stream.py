"""From a configured source (or ad-hoc targets) to a stream of raw documents and failures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsflow.config import Settings, SourceSettings
from newsflow.records import SourceItem
from newsflow.sources.files import list_files, list_inputs, read_files
from newsflow.sources.kinds import source_kind

if TYPE_CHECKING:
    from newsflow.sources.web_stream import PreviousFetches


def collect_source(
    settings: Settings,
    source: SourceSettings,
    previous: PreviousFetches | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Iterator[SourceItem]:
    if not source_kind(source.kind).fetched:
        assert source.path is not None
        paths, failures, skipped = list_inputs([source.path], source.name)
        yield from failures
        yield from skipped
        yield from read_files(paths, source.name, settings.files.max_bytes)
        return
    from newsflow.sources.web_stream import collect_web_source

    yield from collect_web_source(settings, source, previous, since=since, until=until)


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def collect_targets(
    settings: Settings, targets: list[str], source_name: str, previous: PreviousFetches | None = None
) -> Iterator[SourceItem]:
    """Ad-hoc `newsflow ingest PATH_OR_URL...`: files and folders are read, URLs fetched."""
    paths = [Path(t).expanduser() for t in targets if not is_url(t)]
    if paths:
        found, failures, skipped = list_inputs(paths, source_name)
        yield from failures
        yield from skipped
        yield from read_files(found, source_name, settings.files.max_bytes)
    urls = [t for t in targets if is_url(t)]
    if urls:
        from newsflow.sources.web_stream import collect_urls

        yield from collect_urls(settings, urls, source_name, previous)


def count_local_inputs(settings: Settings, sources: list[str] | None, targets: list[str] | None) -> int | None:
    """How many inputs a run over local files will read (files, plus paths that fail), counted before it starts
    so that progress has a total; None when a URL, feed or sitemap is among them (unknown until fetched)."""
    if targets:
        if any(is_url(t) for t in targets):
            return None
        paths = [Path(t).expanduser() for t in targets]
    else:
        chosen = [settings.source(name) for name in sources] if sources else list(settings.sources)
        if any(source_kind(src.kind).fetched or src.path is None for src in chosen):
            return None
        paths = [src.path for src in chosen if src.path is not None]
    found, failures = list_files(paths, "")
    return len(found) + len(failures)
