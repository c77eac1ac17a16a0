"""The run summary adds up: every input read is new, updated, unchanged or failed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult

pytestmark = pytest.mark.backend_neutral

TEXT = "Title: Bro\n\nKommunestyret vedtok en ny bro over fjorden torsdag kveld, og ordføreren var fornøyd.\n"


def test_the_same_article_twice_in_one_batch_adds_up(
    cli: Callable[..., CliResult],
    write_config: Callable[..., Path],
    sql: Callable[[Path, str], list[dict[str, object]]],
    tmp_path: Path,
) -> None:
    config = write_config()
    first, second, other = tmp_path / "a.txt", tmp_path / "mirror" / "a.txt", tmp_path / "b.txt"
    second.parent.mkdir()
    first.write_text(TEXT, encoding="utf-8")
    second.write_text(TEXT, encoding="utf-8")
    other.write_text(TEXT.replace("torsdag", "fredag"), encoding="utf-8")
    result = cli("--config", config, "ingest", first, second, other, "--no-translate")
    assert result.code == 0, result.err
    runs = sql(config, "SELECT n_read, n_new, n_updated, n_unchanged, n_failed FROM runs")
    assert runs == [{"n_read": 3, "n_new": 2, "n_updated": 0, "n_unchanged": 1, "n_failed": 0}]
