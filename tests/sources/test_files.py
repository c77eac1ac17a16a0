"""Local files are opened only as regular files, and never in a way that can wait: a path listed as a file and
replaced by a named pipe before it is read is a failure naming it, not a run that hangs in open()."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsflow.records import Failure, RawDocument
from newsflow.sources.files import list_files, read_files

pytestmark = pytest.mark.no_warehouse


def drained(reading: Iterator[RawDocument | Failure], unblock: list[Path]) -> list[RawDocument | Failure]:
    """The rest of `reading`, read in a thread joined with a bound: an open() that waits for a writer would wait
    forever. If it does, the pipes are opened for writing so the thread ends, and the test fails."""
    results: list[RawDocument | Failure] = []
    reader = threading.Thread(target=lambda: results.extend(reading), daemon=True)
    reader.start()
    reader.join(60)
    blocked = reader.is_alive()
    for pipe in unblock if blocked else []:
        with contextlib.suppress(OSError):
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
    assert not blocked, "reading a named pipe blocked"
    return results


def test_a_fifo_swapped_in_after_the_listing_is_a_failure_not_a_hang(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "a.txt").write_text("Kommunestyret vedtok en ny bro.\n", encoding="utf-8")
    (folder / "zzz.txt").write_text("Ordføreren er fornøyd.\n", encoding="utf-8")
    listed, failures = list_files([folder], "dump")
    assert (listed, failures) == ([folder / "a.txt", folder / "zzz.txt"], [])

    reading = read_files(listed, "dump")
    first = next(reading)
    assert isinstance(first, RawDocument) and first.location == str(folder / "a.txt")
    (folder / "zzz.txt").unlink()  # between the listing and the read, as another program might
    os.mkfifo(folder / "zzz.txt")

    (failure,) = drained(reading, unblock=[folder / "zzz.txt"])
    assert isinstance(failure, Failure)
    assert (failure.location, failure.stage, failure.error) == (
        str(folder / "zzz.txt"),
        "read",
        "not a regular file (a named pipe): not read",
    )


def test_a_named_fifo_or_device_is_never_opened_for_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    results = drained(read_files([fifo, Path("/dev/null")], "dump"), unblock=[fifo])
    assert [(r.location, r.error) for r in results if isinstance(r, Failure)] == [
        (str(fifo), "not a regular file (a named pipe): not read"),
        ("/dev/null", "not a regular file (a device): not read"),
    ]


def test_a_named_pipe_or_socket_in_a_folder_is_listed_and_refused_by_name(tmp_path: Path) -> None:
    import socket

    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "a.txt").write_text("Kommunestyret vedtok en ny bro.\n", encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(folder / "c.html"))
        listed, failures = list_files([folder], "dump")
        assert (listed, failures) == ([folder / "a.txt", folder / "b.txt", folder / "c.html"], [])
        results = drained(read_files(listed, "dump"), unblock=[folder / "b.txt"])
    assert [(r.location, r.error) for r in results if isinstance(r, Failure)] == [
        (str(folder / "b.txt"), "not a regular file (a named pipe): not read"),
        (str(folder / "c.html"), "not a regular file (a socket): not read"),
    ]


def test_a_file_name_that_is_not_utf8_is_read_and_located_with_its_byte_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    latin1 = os.fsdecode(os.fsencode(folder) + b"/sak-\xf8ya.txt")  # "øya" as a Latin-1 system wrote it
    Path(latin1).write_bytes(b"Title: \xc3\x98ya\n")
    listed, failures = list_files([folder], "dump")
    assert (listed, failures) == ([Path(latin1)], [])
    (doc,) = read_files(listed, "dump")
    assert isinstance(doc, RawDocument)
    assert (doc.location, doc.content) == (f"{folder}/sak-\\xf8ya.txt", b"Title: \xc3\x98ya\n")
