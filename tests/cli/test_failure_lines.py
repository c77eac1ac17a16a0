"""A flood of failures of one kind prints the first few and one line for the rest; every one is stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, Sql
from tests.sources.websupport import serving

pytestmark = pytest.mark.backend_neutral

FETCH = "[fetch]\nmin_delay_s = 0\nretries = 0\nallow_private_addresses = true\n"


def test_many_identical_failures_print_five_and_one_line_counting_the_rest(
    cli: Callable[..., CliResult], write_config: Callable[..., Path], sql: Sql
) -> None:
    with serving() as site:
        # 12 links to pages that are not there (404) and 2 to pages gone (410): two kinds of failure.
        links = [site.url(f"/gone/{n}") for n in range(12)] + [site.url(f"/removed/{n}") for n in range(2)]
        items = "".join(f"<item><title>Item {n}</title><link>{url}</link></item>" for n, url in enumerate(links))
        site.add("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')
        for n in range(2):
            site.add(f"/removed/{n}", "gone", status=410)
        config = write_config(extra=FETCH)
        result = cli("--config", config, "ingest", site.url("/feed.xml"), "--no-translate")
    assert result.code == 1
    (run_id,) = (r["run_id"] for r in sql(config, "SELECT run_id FROM runs"))
    lines = result.err.splitlines()
    not_found = [line for line in lines if line.startswith("failed ") and line.endswith(": fetch: HTTP 404 Not Found")]
    gone = [line for line in lines if line.startswith("failed ") and line.endswith(": fetch: HTTP 410 Gone")]
    assert len(not_found) == 5 and len(gone) == 2
    assert [line for line in lines if line.startswith("… and")] == [
        "… and 7 more failed the same way (fetch: HTTP 404 Not Found); all are in the failures table: "
        f"newsflow query \"SELECT location, error FROM failures WHERE run_id = '{run_id}'\""
    ]
    stored = sql(config, "SELECT location, stage, error FROM failures ORDER BY location")
    assert [f["location"] for f in stored] == sorted(links)
    assert {(f["stage"], f["error"]) for f in stored} == {("fetch", "HTTP 404 Not Found"), ("fetch", "HTTP 410 Gone")}
