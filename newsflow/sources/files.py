"""Local dumps: folders of scraped .txt/.md/.html files, read recursively, bytes untouched."""

from __future__ import annotations

import errno
import heapq
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK

from newsflow.common.sizes import human_bytes
from newsflow.config import FileSettings
from newsflow.records import Failure, RawDocument, Skipped

CONTENT_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html"}
DEFAULT_MAX_BYTES = FileSettings().max_bytes


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
        elif path.exists():  # a file, or a named pipe or device that read_file refuses, naming what it is
            found.append(path.resolve())  # named explicitly: read it whatever its suffix
        else:
            failures.append(_unreachable(path.absolute(), source))
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
                    elif kind in ("file", "other"):
                        entries.append((path, path.resolve() if entry.is_symlink() else Path(real, entry.name)))
                    elif entry.is_symlink():  # named by its folder's real path, as the files beside it are
                        entries.append((Path(real, entry.name), None))
        except OSError:
            continue
    found: list[Path] = []
    failures: list[Failure] = []
    skipped: list[Skipped] = []
    for path, target in sorted(entries):
        if path.suffix.lower() not in CONTENT_TYPES:
            if target is not None:
                skipped.append(Skipped(source, location_of(path)))
        elif target is not None:
            found.append(target)
        else:  # an article's name on a link that leads nowhere: say so, do not skip it
            failures.append(_unreachable(path, source))
    return found, failures, skipped


def _leads_to(entry: os.DirEntry[str]) -> str:
    """'folder', 'file', 'other' (a named pipe, a socket, a device: listed, so that read_file refuses it by
    name and the run records it) or '' (a link that leads nowhere, a symlink loop)."""
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
        entry.stat()  # follows a link: raises for one that leads nowhere
        return "other"
    except OSError:
        return ""


def _unreachable(path: Path, source: str) -> Failure:
    """The failure for a path that leads to no file or folder. A link that leads nowhere (dangling, a loop) is
    known by its own size and time, as a file refused unread is: a rerun over the same link is a known failure,
    and a link pointed elsewhere is tried again. A path that is not there at all has nothing to be known by."""
    location, why = location_of(path), _missing(path)
    try:
        stat = path.lstat()
    except OSError:
        return Failure(source, location, "read", why)
    return Failure(source, location, "read", why, unread_id(source, location, stat.st_size, stat.st_mtime_ns))


def _missing(path: Path) -> str:
    """Why a named path is neither a file nor a folder: missing, a symlink loop, a dangling link, ..."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (too many levels of symbolic links)"
        if exc.errno == errno.ENOENT and path.is_symlink():
            return f"broken symlink to {location_of(path.readlink())}"
        if exc.errno != errno.ENOENT:
            return f"cannot read: {exc.strerror or exc}"
        return "no such file or folder"
    return "not a regular file or folder"


def location_of(path: Path) -> str:
    """The path as stored and printed: itself, or, where its name is not UTF-8 (a dump from a Latin-1 system),
    with the bytes that are not as \\xNN; Python holds those as lone surrogates, which no store can encode."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts) or relative.name.lower() == "readme.md"


def unread_id(source: str, location: str, size: int, mtime_ns: int) -> str:
    """The document id of a file that failed before it was read: its size and modification time stand in for
    its bytes (as long as a document id), so a rerun over the same file knows the failure, and a file that grows
    or changes is tried again."""
    return sha256(f"{source}\x00{location}\x00unread\x00{size}\x00{mtime_ns}".encode()).hexdigest()[:32]


class Unread(OSError):
    """A file refused before its bytes were read (too large, not a regular file), with the id of what it was."""

    def __init__(self, message: str, stat: os.stat_result) -> None:
        super().__init__(message)
        self.size, self.mtime_ns = stat.st_size, stat.st_mtime_ns


class FileTooLarge(Unread):
    """A file over the size limit: not read, recorded as a failure."""


class NotRegular(Unread):
    """No regular file once opened (a FIFO, a device or a socket swapped in after the listing): never read."""


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """Open without blocking (a FIFO's open waits for a writer; O_NONBLOCK returns at once) and refuse anything
    but a regular file, whatever the listing said: the path may have been replaced since."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        stat = os.stat(path)  # a socket cannot be opened at all: say what it is rather than ENXIO
        if not S_ISREG(stat.st_mode):
            raise NotRegular(f"not a regular file ({_kind(stat.st_mode)}): not read", stat) from None
        raise
    try:
        stat = os.fstat(fd)
        if not S_ISREG(stat.st_mode):
            raise NotRegular(f"not a regular file ({_kind(stat.st_mode)}): not read", stat)
        os.set_blocking(fd, True)  # a regular file never blocks; plain reads from here
    except BaseException:
        os.close(fd)
        raise
    return fd, stat


def _kind(mode: int) -> str:
    if S_ISFIFO(mode):
        return "a named pipe"
    if S_ISCHR(mode) or S_ISBLK(mode):
        return "a device"
    if S_ISSOCK(mode):
        return "a socket"
    return "a folder" if S_ISDIR(mode) else "not a file"


def read_file(path: Path, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one file as bytes; raises OSError (FileTooLarge past ``max_bytes``, NotRegular for anything but a
    regular file) for the caller to record. A file too large is never read whole: its size is checked first,
    and at most ``max_bytes + 1`` are read."""
    fd, stat = _open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        if stat.st_size > max_bytes:
            raise FileTooLarge(
                f"too large: {human_bytes(stat.st_size)} > {human_bytes(max_bytes)} ([files] max_bytes)", stat
            )
        content = handle.read(max_bytes + 1)  # a file growing while read still stops here
    if len(content) > max_bytes:
        raise FileTooLarge(f"too large: more than {human_bytes(max_bytes)} ([files] max_bytes)", stat)
    return RawDocument(
        source=source,
        location=location_of(path),
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
        except Unread as exc:
            # Known by its size and time: the same file fails a rerun as a known failure, not a new one.
            location = location_of(path)
            yield Failure(source, location, "read", str(exc), unread_id(source, location, exc.size, exc.mtime_ns))
        except OSError as exc:
            yield Failure(source, location_of(path), "read", f"cannot read file: {exc.strerror or exc}")
