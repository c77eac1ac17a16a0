"""From a configured source (or ad-hoc targets) to a stream of raw documents and failures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsflow.config import Settings, SourceSettings
from newsflow.records import Failure, RawDocument, Unchanged
from newsflow.sources.files import list_files, read_files

if TYPE_CHECKING:
    from newsflow.sources.web_collect import PreviousFetches


def collect_source(
    settings: Settings,
    source: SourceSettings,
    previous: PreviousFetches | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Iterator[RawDocument | Failure | Unchanged]:
    if source.kind == "files":
        assert source.path is not None
        paths, failures = list_files([source.path], source.name)
        yield from failures
        yield from read_files(paths, source.name, settings.files.max_bytes)
        return
    from newsflow.sources.web_collect import collect_web_source

    yield from collect_web_source(settings, source, previous, since=since, until=until)


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def collect_targets(
    settings: Settings, targets: list[str], source_name: str, previous: PreviousFetches | None = None
) -> Iterator[RawDocument | Failure | Unchanged]:
    """Ad-hoc `newsflow ingest PATH_OR_URL...`: files and folders are read, URLs fetched."""
    paths = [Path(t).expanduser() for t in targets if not is_url(t)]
    if paths:
        found, failures = list_files(paths, source_name)
        yield from failures
        yield from read_files(found, source_name, settings.files.max_bytes)
    urls = [t for t in targets if is_url(t)]
    if urls:
        from newsflow.sources.web_collect import collect_urls

        yield from collect_urls(settings, urls, source_name, previous)
