"""A full disk under the warehouse: one line, the run marked failed, nothing half-written, a clean rerun.

The full disk is a real one: a small tmpfs, which needs root to mount (as in CI); elsewhere skipped.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from newsflow.config import load_settings
from newsflow.warehouse.backends.configured import open_reader
from newsflow.warehouse.backends.disk_full import DiskFull, reported_as_disk_full
from newsflow.warehouse.backends.duckdb_file import lock_path
from newsflow.warehouse.writer import Writer
from tests.support.backend import ON_LAKE

WORDS = [
    "the",
    "council",
    "approved",
    "a",
    "new",
    "budget",
    "for",
    "schools",
    "and",
    "roads",
    "after",
    "long",
    "debate",
    "in",
    "the",
    "city",
    "hall",
    "on",
    "tuesday",
]


def mount_tmpfs(where: Path, size: str) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True, capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs, room for a batch or two of articles, not for all of them: 2 MiB for a file (its schema
    takes 1.3 MB); 128 KiB for a lake's data_path (a batch of 30 is 0.24 MB of Parquet, the schema is in the catalog)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    where = tmp_path / "disk"
    where.mkdir()
    try:
        mount_tmpfs(where, "128k" if ON_LAKE else "2m")
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False, capture_output=True)
        if os.path.ismount(where):
            subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


def write_articles(folder: Path, n: int) -> None:
    rng = random.Random(1)
    folder.mkdir()
    for i in range(n):
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(30)]
        (folder / f"a{i:03}.txt").write_text(f"Article {i} about the budget\n\n" + "\n\n".join(paragraphs))


def ingest(capfd: pytest.CaptureFixture[str], config: Path, folder: Path) -> tuple[int, str]:
    """`newsflow ingest` in this process; capfd sees all of stderr, Prefect's console logs included."""
    from newsflow.cli.app import invoke

    capfd.readouterr()
    code = invoke(["--config", str(config), "ingest", str(folder)])
    return code, capfd.readouterr().err


def on_small_disk(small_disk: Path, tmp_path: Path) -> tuple[str, str, int]:
    """The [warehouse] table of a warehouse whose data lies on the small disk, the path a full disk names, and
    the batch size: the file itself; on a lake its data_path (the catalog stays on the roomy disk, as a server's
    would), with batches larger than the 10 rows DuckLake inlines into the catalog instead of writing Parquet."""
    if not ON_LAKE:
        db = small_disk / "news.duckdb"
        return f'path = "{db}"\nlock_timeout_s = 10\n', str(db), 10
    data_path = f"{small_disk}/"
    return (
        f'path = "{tmp_path / "news.duckdb"}"\nlock_timeout_s = 10\nbackend = "ducklake"\n'
        f'catalog = "sqlite:{tmp_path / "catalog.sqlite"}"\ndata_path = "{data_path}"\n'
        f'search_index = "{tmp_path / "search.duckdb"}"\n',
        data_path,
        30,
    )


@pytest.mark.slow
def test_full_disk_is_one_line_a_failed_run_and_a_rerun_completes(
    prefect_harness: None, small_disk: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    warehouse, full, batch_size = on_small_disk(small_disk, tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[warehouse]\n{warehouse}\n[translation]\nmodels_dir = "{tmp_path / "models"}"\n\n'
        f"[orchestration]\nbatch_size = {batch_size}\nmax_workers = 2\n",
        encoding="utf-8",
    )
    settings = load_settings(config).warehouse
    docs = tmp_path / "docs"
    write_articles(docs, 60)  # 0.7 MB of text, stored twice (raw and clean): more than the disk holds

    code, err = ingest(capfd, config, docs)
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: disk full while writing {full}: No space left on device")
    with open_reader(settings) as con:
        # whole batches or nothing: every stored document has its article, and no failure was invented
        assert con.execute("SELECT count(*) FROM documents ANTI JOIN articles USING (document_id)").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM failures").fetchone() == (0,)
        stored = con.execute("SELECT count(*) FROM articles").fetchone()
    assert stored is not None and stored[0] < 60

    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)  # space freed
    code, err = ingest(capfd, config, docs)
    assert code == 0, err
    with open_reader(settings) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (60,)
        runs = con.execute("SELECT status, error FROM runs ORDER BY started_at").fetchall()
    assert [status for status, _ in runs] == ["failed", "completed"]
    assert runs[0][1].startswith(f"disk full while writing {full}: No space left on device")


def test_a_run_end_the_full_warehouse_refused_is_recorded_by_the_next_job(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    error = f"disk full while writing {db}: No space left on device"
    with Writer(db, "first job") as writer:
        run_id = writer.start_run("ingest", {})
        assert writer.leave_run_end(run_id, "failed", error)  # what a job does when finish_run hit ENOSPC
    with Writer(db, "next job") as writer:
        writer.start_run("ingest", {})
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status, error FROM runs WHERE run_id = ?", [run_id]).fetchone() == ("failed", error)
    assert "unrecorded" not in lock_path(db).read_text(encoding="utf-8")


def test_enospc_while_writing_is_named_with_the_file(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    with pytest.raises(DiskFull) as caught, reported_as_disk_full(db):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert str(caught.value) == f"disk full while writing {db}: No space left on device"
