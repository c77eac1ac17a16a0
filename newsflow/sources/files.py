"""Local dumps: folders of scraped .txt/.md/.html files, read recursively, bytes untouched."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from newsflow.records import Failure, RawDocument, Skipped

CONTENT_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html"}


def list_files(paths: Iterable[Path], source: str) -> tuple[list[Path], list[Failure]]:
    """Every readable article file under the given files or folders, sorted; missing paths are failures."""
    found, failures, _ = list_inputs(paths, source)
    return found, failures


def list_inputs(paths: Iterable[Path], source: str) -> tuple[list[Path], list[Failure], list[Skipped]]:
    """As list_files, plus the files in those folders that are not articles by their suffix (one walk)."""
    found: list[Path] = []
    failures: list[Failure] = []
    skipped: list[Skipped] = []
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if not p.is_file() or _hidden(p.relative_to(path)):
                    continue
                if p.suffix.lower() in CONTENT_TYPES:
                    found.append(p)
                else:
                    skipped.append(Skipped(source, str(p)))
        elif path.is_file():
            found.append(path)  # named explicitly: read it whatever its suffix
        else:
            failures.append(Failure(source, str(path), "read", "no such file or folder"))
    return list(dict.fromkeys(p.resolve() for p in found)), failures, skipped


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts) or relative.name.lower() == "readme.md"


def read_file(path: Path, source: str) -> RawDocument:
    """Read one file as bytes; raises OSError for the caller to record."""
    content = path.read_bytes()
    stat = path.stat()
    return RawDocument(
        source=source,
        location=str(path),
        content=content,
        content_type=CONTENT_TYPES.get(path.suffix.lower(), "text/plain"),
        fetched_at=datetime.now(UTC).replace(tzinfo=None),
        modified_at=datetime.fromtimestamp(stat.st_mtime, UTC).replace(tzinfo=None),
    )


def read_files(paths: Iterable[Path], source: str) -> Iterator[RawDocument | Failure]:
    for path in paths:
        try:
            yield read_file(path, source)
        except OSError as exc:
            yield Failure(source, str(path), "read", f"cannot read file: {exc.strerror or exc}")
