"""What comes from outside is printed as itself: rich markup in paths is text, line breaks are quoted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.sources.websupport import serving

pytestmark = pytest.mark.backend_neutral


def test_markup_in_a_path_is_printed_verbatim_by_ingest_and_status(
    cli: Cli, write_config: Callable[..., Path], tmp_path: Path
) -> None:
    config = write_config()
    missing = tmp_path / "[utkast] [/red] [bold]notes.txt"
    result = cli("--config", config, "ingest", missing, "--no-translate")
    assert result.code == 1
    assert f"failed {missing}: read: no such file or folder\n" in result.err
    status = cli("--config", config, "status")
    assert status.code == 0, status.err
    assert f"adhoc  {missing}: read: no such file or folder\n" in status.out


def test_a_line_break_in_a_path_is_quoted_so_one_failure_is_one_line(
    cli: Cli, write_config: Callable[..., Path], tmp_path: Path
) -> None:
    config = write_config()
    missing = tmp_path / "first\nsecond.txt"
    result = cli("--config", config, "ingest", missing, "--no-translate")
    assert result.code == 1
    failed = [line for line in result.err.splitlines() if line.startswith("failed ")]
    assert failed == [f"failed {str(missing)!r}: read: no such file or folder"]


def test_query_results_holding_markup_are_data(cli: Cli, write_config: Callable[..., Path], tmp_path: Path) -> None:
    config = write_config()
    cli("--config", config, "ingest", tmp_path / "nothing.txt", "--no-translate")
    result = cli("--config", config, "query", "SELECT '[/red]' AS \"[bold]\", '[utkast]' AS b")
    assert result.code == 0, result.err
    assert "[/red]" in result.out and "[utkast]" in result.out and "[bold]" in result.out


def test_a_value_with_terminal_escapes_is_printed_escaped_in_tables_and_raw_in_json(
    run_cli: Cli, write_config: Callable[..., Path], tmp_path: Path
) -> None:
    # A feed author as the attacker wrote it: ESC [31m (red) and the one-byte C1 CSI U+009B.
    from tests.support.backend import backend_for

    config = write_config()
    backend_for(tmp_path / "warehouse" / "news.duckdb").run(lambda con: None)
    author = "chr(27) || '[31mAUTHOR' || chr(155) || '2J'"
    raw = run_cli("--config", config, "query", f"SELECT {author} AS author", "--format", "json")
    assert '"author": "\\u001b[31mAUTHOR\\u009b2J"' in raw.out  # escaped by JSON's rules: the value as stored
    table = run_cli("--config", config, "query", f"SELECT {author} AS author")
    assert "\x1b" not in table.out and "\x9b" not in table.out
    assert "\\x1b[31mAUTHOR\\x9b2J" in table.out
    wide = run_cli("--config", config, "query", f"SELECT {author} AS author, repeat('x', 300) AS long")
    assert "\x1b" not in wide.out and "\\x1b[31mAUTHOR\\x9b2J" in wide.out  # the vertical layout too


def test_file_names_with_esc_and_c1_csi_are_escaped_in_failures_status_and_tables(
    cli: Cli, write_config: Callable[..., Path], tmp_path: Path
) -> None:
    config = write_config()
    missing = tmp_path / "\x1b]0;pwned\x07 \x9b31m.txt"
    result = cli("--config", config, "ingest", missing, "--no-translate")
    assert result.code == 1
    status = cli("--config", config, "status")
    table = cli("--config", config, "query", "SELECT location FROM failures")
    for out in (result.err, status.out, table.out):
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "\\x1b]0;pwned\\x07 \\x9b31m.txt" in table.out
    assert "\\x9b31m.txt" in status.out


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour reopens</title></head>
<body><article><h1>Harbour reopens after the storm</h1>
<p>The harbour reopened on Monday after a week of repairs to the breakwater, the port authority said.</p>
<p>Ferries to the islands run to the usual timetable again, and the fishing fleet went out before dawn.</p>
<p>Repairs cost less than feared, because the storm damaged only the outer section of the old wall.</p>
</article></body></html>"""


def test_a_feed_author_with_terminal_escapes_is_stored_raw_and_printed_escaped(
    cli: Cli, write_config: Callable[..., Path]
) -> None:
    # The feed item's author as the attacker wrote it, ESC raw in the XML; the page names no author, so the
    # feed's hint becomes the article's author (articles/process.py: the page's own, else the feed's).
    with serving() as site:
        site.add("/harbour", PAGE)
        item = f"<item><title>Harbour</title><link>{site.url('/harbour')}</link><author>\x1b[31mAUTHOR</author></item>"
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{item}</channel></rss>'
        site.add("/feed.xml", feed, headers={"Content-Type": "application/rss+xml"})
        config = write_config(extra="[fetch]\nmin_delay_s = 0\nretries = 0\nallow_private_addresses = true\n")
        ingest = cli("--config", config, "ingest", site.url("/feed.xml"), "--no-translate")
    assert ingest.code == 0, ingest.err
    raw = cli("--config", config, "query", "SELECT author, author = chr(27) || '[31mAUTHOR' AS raw FROM articles")
    assert raw.code == 0, raw.err
    assert "\x1b" not in raw.out
    assert [line.split() for line in raw.out.splitlines() if "AUTHOR" in line] == [["\\x1b[31mAUTHOR", "True"]]
    as_json = cli("--config", config, "query", "SELECT author FROM articles", "--format", "json")
    assert json.loads(as_json.out) == [{"author": "\x1b[31mAUTHOR"}]  # stored as it came
    assert '"author": "\\u001b[31mAUTHOR"' in as_json.out  # JSON's own escape: no raw ESC on the terminal
