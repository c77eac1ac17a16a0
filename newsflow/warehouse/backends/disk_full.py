"""A full disk under the warehouse: one error that says so, instead of whatever DuckDB raised halfway."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path


class DiskFull(OSError):
    """The disk under the warehouse is full: nothing more can be written until space is freed."""


def is_disk_full(exc: BaseException | None) -> bool:
    """Whether exc, or an error it was raised from, is ENOSPC (DuckDB puts the OS message in its own)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        if "No space left on device" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@contextlib.contextmanager
def reported_as_disk_full(path: Path | str) -> Iterator[None]:
    """Turn an ENOSPC raised while writing path (a file, or a lake's data_path) into DiskFull naming it."""
    try:
        yield
    except DiskFull:
        raise
    except Exception as exc:
        if is_disk_full(exc):
            raise DiskFull(f"disk full while writing {path}: No space left on device") from exc
        raise
