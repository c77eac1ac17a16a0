"""Bounded work per document, and config values that would do nothing or crash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsflow.records import Failure, RawDocument, Skipped
from newsflow.sources.files import list_files, list_inputs, read_files, unread_id
from tests.conftest import Cli

pytestmark = pytest.mark.backend_neutral


def _big_file(path: Path, size: int) -> Path:
    line = b"Dette er en linje i en altfor stor tekstdump fra et nettsted uten ende, gjentatt.\n"
    with path.open("wb") as out:
        out.write(line * (size // len(line)))
        out.write(b"x" * (size % len(line)))
    return path


def test_a_file_over_the_limit_is_a_failure_naming_both_sizes(tmp_path: Path) -> None:
    big = _big_file(tmp_path / "dump.txt", 31_400_000)
    small = tmp_path / "ok.txt"
    small.write_text("Kort tekst.\n")
    results = list(read_files([big, small], "dump", max_bytes=5_000_000))
    stat = big.stat()
    assert results[0] == Failure(
        "dump",
        str(big),
        "read",
        "too large: 31.4 MB > 5 MB ([files] max_bytes)",
        unread_id("dump", str(big), stat.st_size, stat.st_mtime_ns),
    )
    assert isinstance(results[1], RawDocument) and results[1].content == b"Kort tekst.\n"


def test_a_huge_file_is_refused_without_being_read(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.txt"
    with sparse.open("wb") as out:
        out.truncate(50_000_000_000)  # 50 GB of holes: reading it whole would exhaust memory
    stat = sparse.stat()
    assert list(read_files([sparse], "dump")) == [
        Failure(
            "dump",
            str(sparse),
            "read",
            "too large: 50 GB > 5 MB ([files] max_bytes)",
            unread_id("dump", str(sparse), stat.st_size, stat.st_mtime_ns),
        )
    ]


@pytest.mark.slow
def test_a_30_mb_dump_is_recorded_as_failed_and_the_rest_goes_in(
    cli: Cli, write_config: Callable[..., Path], sql: Callable[[Path, str], list[dict[str, object]]], tmp_path: Path
) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    big = _big_file(folder / "huge.txt", 30 * 1024 * 1024)
    (folder / "ok.txt").write_text("Title: Kort\n\nKommunestyret vedtok en ny bro over fjorden torsdag kveld.\n")
    config = write_config()
    result = cli("--config", config, "ingest", folder, "--no-translate")
    assert result.code == 1
    assert f"failed {big}: read: too large: 31.5 MB > 5 MB ([files] max_bytes)\n" in result.err
    assert sql(config, "SELECT stage, error FROM failures") == [
        {"stage": "read", "error": "too large: 31.5 MB > 5 MB ([files] max_bytes)"}
    ]
    assert sql(config, "SELECT count(*) AS n FROM articles") == [{"n": 1}]
    assert sql(config, "SELECT location FROM documents") == [{"location": str(folder / "ok.txt")}]


def test_files_max_bytes_is_configurable(cli: Cli, write_config: Callable[..., Path], tmp_path: Path) -> None:
    page = tmp_path / "side.txt"
    page.write_text("Kommunestyret vedtok en ny bro over fjorden torsdag kveld. " * 40)
    config = write_config(extra="[files]\nmax_bytes = 1000\n")
    result = cli("--config", config, "ingest", page, "--no-translate")
    assert result.code == 1
    assert f"failed {page}: read: too large: 2.4 kB > 1 kB ([files] max_bytes)\n" in result.err


def test_a_file_that_failed_unread_and_is_unchanged_is_a_known_failure_until_it_changes(
    cli: Cli, write_config: Callable[..., Path], sql: Callable[[Path, str], list[dict[str, object]]], tmp_path: Path
) -> None:
    """Known by its bytes whatever the stage: too large (read), binary (decode), empty (decode) alike. A file
    refused unread is known by the size and time recorded with it, so one that grows is tried again."""
    folder = tmp_path / "dump"
    folder.mkdir()
    big = _big_file(folder / "big.txt", 6_000)  # the 6 MB dump of the report, over a limit of 5 kB
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "ok.txt").write_text("Title: Kort\n\nKommunestyret vedtok en ny bro over fjorden torsdag kveld.\n")
    config = write_config(extra="[files]\nmax_bytes = 5000\n")

    first = cli("--config", config, "ingest", folder, "--no-translate")
    assert first.code == 1
    assert f"failed {big}: read: too large: 6 kB > 5 kB ([files] max_bytes)\n" in first.err
    assert sql(config, "SELECT count(*) AS n FROM failures") == [{"n": 3}]

    again = cli("--config", config, "ingest", folder, "--no-translate")
    assert again.code == 0, again.err
    known = sorted(line for line in again.err.splitlines() if line.startswith("known failure"))
    assert [known[0], known[2]] == [
        f"known failure {folder / 'big.txt'}: too large: 6 kB > 5 kB ([files] max_bytes)",
        f"known failure {folder / 'empty.txt'}: empty file",
    ]
    assert known[1].startswith(f"known failure {folder / 'binary.txt'}: binary content")
    assert "3 known failures" in again.out
    assert sql(config, "SELECT count(*) AS n FROM failures") == [{"n": 3}]

    with big.open("ab") as out:
        out.write(b"Noch eine Zeile.\n")  # it grew: tried again, and fails again as a new failure
    grown = cli("--config", config, "ingest", folder, "--no-translate")
    assert grown.code == 1
    assert f"failed {big}: read: too large: 6 kB > 5 kB ([files] max_bytes)\n" in grown.err
    assert sql(config, "SELECT count(*) AS n FROM failures WHERE location LIKE '%big.txt'") == [{"n": 2}]


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ("orchestration", "batch_size"),
        ("orchestration", "max_workers"),
        ("fetch", "max_concurrency"),
        ("fetch", "max_bytes"),
        ("files", "max_bytes"),
        ("orchestration", "dask_workers"),
    ],
)
def test_zero_where_it_means_nothing_is_a_usage_error_naming_the_key(
    run_cli: Cli, write_config: Callable[..., Path], section: str, key: str
) -> None:
    config = write_config(extra=f"[{section}]\n{key} = 0\n")
    result = run_cli("--config", config, "status")
    assert result.code == 2
    assert result.err.strip() == f"error: {config}: {section}.{key}: must be at least 1, not 0"


def test_a_folder_also_reached_through_a_link_is_walked_once_under_its_own_path(tmp_path: Path) -> None:
    """Folders are taken in path order, so the first path to a folder walks it, however the disk lists them."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "story.txt").write_text("text", encoding="utf-8")
    (tmp_path / "b" / "photo.png").write_bytes(b"png")
    (tmp_path / "z-link").symlink_to(tmp_path / "b")
    (tmp_path / "b" / "up").symlink_to(tmp_path)  # and a link back to the top: no endless walk
    found, failures, skipped = list_inputs([tmp_path], "s")
    assert found == [tmp_path / "b" / "story.txt"]
    assert failures == []
    assert skipped == [Skipped("s", str(tmp_path / "b" / "photo.png"))]


def test_a_symlink_loop_is_reported_as_one(tmp_path: Path) -> None:
    loop = tmp_path / "a.txt"
    loop.symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(loop)
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    named, named_failures = list_files([loop], "s")
    assert named == []
    link = loop.lstat()
    assert named_failures == [
        Failure(
            "s",
            str(loop),
            "read",
            "symlink loop (too many levels of symbolic links)",
            unread_id("s", str(loop), link.st_size, link.st_mtime_ns),  # known by the link itself on a rerun
        )
    ]
    _, in_folder = list_files([tmp_path], "s")
    assert [(Path(f.location).name, f.error) for f in in_folder] == [
        ("a.txt", "symlink loop (too many levels of symbolic links)"),
        ("b.txt", "symlink loop (too many levels of symbolic links)"),
        ("gone.txt", f"broken symlink to {tmp_path / 'nowhere.txt'}"),
    ]
