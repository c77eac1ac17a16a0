"""A reader that keeps the DuckDB file open between uses (backends/held_reader.py) and gives it up to a writer."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from newsflow.warehouse.backends.duckdb_file import (
    WarehouseBusy,
    read_connection,
    write_connection,
    writer_signal,
)
from newsflow.warehouse.backends.held_reader import HeldReader
from tests.support.backend import file_only

pytestmark = file_only  # the file's one-writer rule; a lake never keeps a writer out


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "wh" / "news.duckdb"
    with write_connection(path, timeout_s=5) as con:  # the gate file comes with the first write
        con.execute("CREATE TABLE notes (n INTEGER)")
        con.execute("INSERT INTO notes VALUES (1)")
    return path


@pytest.fixture
def holder(db: Path) -> Iterator[HeldReader]:
    held = HeldReader(db, lambda: read_connection(db, timeout_s=5))
    yield held
    held.close()


def _notes(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [n for (n,) in con.execute("SELECT n FROM notes ORDER BY n").fetchall()]


def test_every_attempt_to_write_changes_the_writer_signal(db: Path) -> None:
    before = writer_signal(db)
    with write_connection(db, timeout_s=5):
        pass
    assert writer_signal(db) != before is not None


def test_the_connection_and_its_memo_are_kept_between_uses(holder: HeldReader) -> None:
    with holder.lend() as first:
        first.memo["notes"] = _notes(first.con)
    assert holder.holding
    with holder.lend() as second:
        assert second.con is first.con and second.memo == {"notes": [1]}


def test_a_writer_gets_the_file_between_two_uses_and_the_next_use_sees_its_write(db: Path, holder: HeldReader) -> None:
    with holder.lend() as lent:
        assert _notes(lent.con) == [1]
    with write_connection(db, timeout_s=5) as con:  # waits (bounded) for the holder to let the file go
        con.execute("INSERT INTO notes VALUES (2)")
    with holder.lend() as lent:
        assert _notes(lent.con) == [1, 2] and lent.memo == {}


def test_a_writer_waits_for_a_use_in_progress_and_gets_the_file_after_it(db: Path, holder: HeldReader) -> None:
    wrote = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with write_connection(db, timeout_s=10) as con:
                con.execute("INSERT INTO notes VALUES (2)")
            wrote.set()
        except BaseException as exc:  # reported by the test's thread
            errors.append(exc)

    with holder.lend() as lent:
        before = writer_signal(db)
        writer = threading.Thread(target=write)
        writer.start()
        while writer_signal(db) == before and writer.is_alive():  # until the writer has asked for the file
            wrote.wait(0.005)
        assert _notes(lent.con) == [1]  # not closed under its user
    writer.join(15)
    assert errors == [] and wrote.is_set()
    with holder.lend() as lent:
        assert _notes(lent.con) == [1, 2]


def test_a_write_from_this_process_waits_for_its_own_reader_then_gives_up_as_busy(db: Path) -> None:
    with read_connection(db, timeout_s=5), pytest.raises(WarehouseBusy, match="busy"), write_connection(db, 0.2):
        pass
