"""Run ends that a full warehouse refused, kept in the job's lock file for the next job to record.

The lock file holds the running job's name from its start, so it already owns a page on disk. A note is
written over that content in place (never truncated first), which a full disk still allows.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def read_notes(lock_file: Path) -> list[dict[str, Any]]:
    """Run ends left by earlier jobs: {"run_id", "status", "error"} each."""
    try:
        info = json.loads(lock_file.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return []
    notes = info.get("unrecorded") if isinstance(info, dict) else None
    return [n for n in notes if isinstance(n, dict) and "run_id" in n] if isinstance(notes, list) else []


def write_in_place(lock_file: Path, info: dict[str, Any]) -> bool:
    """Replace the file's content without freeing its space first; False when even that failed."""
    data = json.dumps(info).encode("utf-8")
    try:
        fd = os.open(lock_file, os.O_WRONLY)  # not O_APPEND: pwrite must land at offset 0
        try:
            os.pwrite(fd, data, 0)
            os.ftruncate(fd, len(data))
        finally:
            os.close(fd)
    except OSError:
        return False
    return True
