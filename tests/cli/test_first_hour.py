"""Exit codes a scheduler can trust and a summary that accounts for every file: through the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SEEDS, CliResult

pytestmark = pytest.mark.backend_neutral

ARTICLE = (SEEDS / "de_stadtrat_radwege.txt").read_text(encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "radweg.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_a_bad_file_already_recorded_and_unchanged_is_a_known_failure_not_a_failed_run(
    cli: Callable[..., CliResult], write_config: Callable[..., Path], folder: Path
) -> None:
    (folder / "empty.txt").write_bytes(b"")
    config = write_config()

    first = cli("-c", config, "ingest", folder, "--no-translate")
    assert first.code == 1
    assert [line for line in first.err.splitlines() if "empty.txt" in line] == [
        f"failed {folder / 'empty.txt'}: decode: empty file"
    ]

    again = cli("-c", config, "ingest", folder, "--no-translate")
    assert again.code == 0, again.err
    assert [line for line in again.err.splitlines() if "empty.txt" in line] == [
        f"known failure {folder / 'empty.txt'}: empty file"
    ]
    assert "1 known failure (unchanged since recorded; not failing the run)" in again.out

    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 40)  # a new bad file fails the run again
    third = cli("-c", config, "ingest", folder, "--no-translate")
    assert third.code == 1
    assert any(line.startswith(f"failed {folder / 'broken.txt'}: decode:") for line in third.err.splitlines())


def test_files_in_a_folder_that_are_not_articles_are_counted_as_skipped(
    cli: Callable[..., CliResult], write_config: Callable[..., Path], folder: Path
) -> None:
    (folder / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    result = cli("-c", write_config(), "ingest", folder, "--no-translate")
    assert result.code == 0, result.err
    assert "skipped 2 files that are not an article" in result.out


def test_an_unknown_translate_language_is_a_usage_error(
    run_cli: Callable[..., CliResult], write_config: Callable[..., Path]
) -> None:
    result = run_cli("-c", write_config(), "translate", "--lang", "xx")
    assert result.code == 2
    assert result.err == "error: --lang 'xx': not a configured language (languages.translate: nb, de)\n"


def test_norwegian_no_is_accepted_for_translate(
    cli: Callable[..., CliResult], write_config: Callable[..., Path]
) -> None:
    result = cli("-c", write_config(), "translate", "--lang", "no")
    assert result.code == 0, result.err
