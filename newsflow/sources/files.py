"""Local dumps: folders of scraped .txt/.md/.html files, read recursively, bytes untouched."""

from __future__ import annotations

import errno
import heapq
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from newsflow.common.sizes import human_bytes
from newsflow.config import FileSettings
from newsflow.records import Failure, RawDocument, Skipped

CONTENT_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html"}
DEFAULT_MAX_BYTES = FileSettings().max_bytes


class FileTooLarge(OSError):
    """A file over the size limit: not read, recorded as a failure."""


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
            folder_found, folder_failures, folder_skipped = _walk(path, source)
            found += folder_found
            failures += folder_failures
            skipped += folder_skipped
        elif path.is_file():
            found.append(path.resolve())  # named explicitly: read it whatever its suffix
        else:
            failures.append(Failure(source, str(path), "read", _missing(path)))
    return list(dict.fromkeys(found)), failures, skipped


def _walk(root: Path, source: str) -> tuple[list[Path], list[Failure], list[Skipped]]:
    """One folder, recursively, in sorted order. Each folder is listed once with scandir, whose entries answer
    is_file/is_dir from the listing itself: a stat per file (as Path.rglob + is_file + resolve cost) only for links.
    Unreadable folders are passed over, as Path.rglob and os.walk do. Folders are taken in path order, so a
    folder reached twice (through a link) is walked under its first path, whatever order the disk lists them in."""
    entries: list[tuple[Path, Path | None]] = []  # (as found, where it leads; None: a link that leads nowhere)
    seen_folders: set[str] = set()
    folders = [str(root)]
    while folders:
        folder = heapq.heappop(folders)
        real = os.path.realpath(folder)
        if real in seen_folders:  # a link back to a folder already walked: no endless loop
            continue
        seen_folders.add(real)
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    if entry.name.startswith("."):
                        continue
                    path, kind = Path(folder, entry.name), _leads_to(entry)
                    if kind == "folder":
                        heapq.heappush(folders, str(path))
                    elif entry.name.lower() == "readme.md":
                        continue
                    elif kind == "file":
                        entries.append((path, path.resolve() if entry.is_symlink() else Path(real, entry.name)))
                    elif entry.is_symlink():
                        entries.append((path, None))
        except OSError:
            continue
    found: list[Path] = []
    failures: list[Failure] = []
    skipped: list[Skipped] = []
    for path, target in sorted(entries):
        if path.suffix.lower() not in CONTENT_TYPES:
            if target is not None:
                skipped.append(Skipped(source, str(path)))
        elif target is not None:
            found.append(target)
        else:  # an article's name on a link that leads nowhere: say so, do not skip it
            failures.append(Failure(source, str(path), "read", _missing(path)))
    return found, failures, skipped


def _leads_to(entry: os.DirEntry[str]) -> str:
    """'folder', 'file' or '' (anything else: a link that leads nowhere, a symlink loop, a socket)."""
    try:
        return "folder" if entry.is_dir() else "file" if entry.is_file() else ""
    except OSError:  # a symlink loop
        return ""


def _missing(path: Path) -> str:
    """Why a named path is neither a file nor a folder: missing, a symlink loop, a dangling link, ..."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (too many levels of symbolic links)"
        if exc.errno == errno.ENOENT and path.is_symlink():
            return f"broken symlink to {path.readlink()}"
        if exc.errno != errno.ENOENT:
            return f"cannot read: {exc.strerror or exc}"
        return "no such file or folder"
    return "not a regular file or folder"


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts) or relative.name.lower() == "readme.md"


def read_file(path: Path, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one file as bytes; raises OSError (FileTooLarge past ``max_bytes``) for the caller to record.
    A file too large is never read whole: its size is checked first, and at most ``max_bytes + 1`` are read."""
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        if stat.st_size > max_bytes:
            raise FileTooLarge(f"too large: {human_bytes(stat.st_size)} > {human_bytes(max_bytes)} ([files] max_bytes)")
        content = handle.read(max_bytes + 1)  # a file growing while read still stops here
    if len(content) > max_bytes:
        raise FileTooLarge(f"too large: more than {human_bytes(max_bytes)} ([files] max_bytes)")
    return RawDocument(
        source=source,
        location=str(path),
        content=content,
        content_type=CONTENT_TYPES.get(path.suffix.lower(), "text/plain"),
        fetched_at=datetime.now(UTC).replace(tzinfo=None),
        modified_at=datetime.fromtimestamp(stat.st_mtime, UTC).replace(tzinfo=None),
    )


def read_files(
    paths: Iterable[Path], source: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument | Failure]:
    for path in paths:
        try:
            yield read_file(path, source, max_bytes)
        except FileTooLarge as exc:
            yield Failure(source, str(path), "read", str(exc))
        except OSError as exc:
            yield Failure(source, str(path), "read", f"cannot read file: {exc.strerror or exc}")
