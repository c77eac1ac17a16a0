"""A URL that is no URL (an unclosed IPv6 bracket) in a listing, a page or a redirect: passed over or recorded,
never fatal to the run or to the article around it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Cli, CliResult, Sql
from tests.sources.websupport import Site, serving

pytestmark = pytest.mark.backend_neutral


FETCH = "[fetch]\nmin_delay_s = 0\nretries = 0\nallow_private_addresses = true\n"
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}<title>Harbour reopens</title></head>
<body><article><h1>Harbour reopens after the storm</h1>
<p>The harbour reopened on Monday after a week of repairs to the breakwater, the port authority said.</p>
<p>Ferries to the islands run to the usual timetable again, and the fishing fleet went out before dawn.</p>
</article></body></html>"""


def _urlset(*locs: str) -> str:
    urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def _ingest(cli: Cli, config: Path, site: Site, path: str) -> CliResult:
    return cli("--config", config, "ingest", site.url(path), "--no-translate")


def test_a_sitemap_entry_that_is_no_url_is_passed_over_and_the_others_are_stored(
    cli: Cli, write_config: Callable[..., Path], sql: Sql
) -> None:
    config = write_config(extra=FETCH)
    with serving() as site:
        site.add("/harbour", PAGE.format(head=""))
        site.add(
            "/sitemap.xml",
            _urlset("http://[::1/broken", site.url("/harbour")),
            headers={"Content-Type": "application/xml"},
        )
        result = _ingest(cli, config, site, "/sitemap.xml")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert sql(config, "SELECT url FROM articles") == [{"url": site.url("/harbour")}]
    assert sql(config, "SELECT status FROM runs") == [{"status": "completed"}]


def test_a_page_whose_canonical_link_is_no_url_is_stored_under_its_own_url(
    cli: Cli, write_config: Callable[..., Path], sql: Sql
) -> None:
    config = write_config(extra=FETCH)
    with serving() as site:
        site.add("/harbour", PAGE.format(head='<link rel="canonical" href="http://[::1/harbour">'))
        result = _ingest(cli, config, site, "/harbour")
    assert result.code == 0, result.err
    assert sql(config, "SELECT url, title FROM articles") == [
        {"url": site.url("/harbour"), "title": "Harbour reopens after the storm"}
    ]
    assert sql(config, "SELECT count(*) AS n FROM failures") == [{"n": 0}]


def test_a_redirect_to_no_url_is_one_failure_line_naming_the_location(
    cli: Cli, write_config: Callable[..., Path], sql: Sql
) -> None:
    config = write_config(extra=FETCH)
    with serving() as site:
        site.add("/moved", status=301, headers={"Location": "http://[bad/harbour"})
        site.add("/harbour", PAGE.format(head=""))
        result = cli("--config", config, "ingest", site.url("/moved"), site.url("/harbour"), "--no-translate")
    assert result.code == 1
    error = "redirect to an invalid URL: 'http://[bad/harbour'"
    assert [line for line in result.err.splitlines() if line] == [f"failed {site.url('/moved')}: fetch: {error}"]
    assert sql(config, "SELECT location, stage, error FROM failures") == [
        {"location": site.url("/moved"), "stage": "fetch", "error": error}
    ]
    assert sql(config, "SELECT url FROM articles") == [{"url": site.url("/harbour")}]
