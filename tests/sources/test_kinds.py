"""The registry of source kinds: what each kind can do, read by the config, the stream, discovery and backfill."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsflow.config import ConfigError, load_settings
from newsflow.sources.kinds import KINDS, SOURCE_KINDS

pytestmark = pytest.mark.no_warehouse


def test_each_kind_with_where_it_reads_from_and_what_it_can_do() -> None:
    table = {k.name: (k.locator, k.fetched, k.listing, k.dates_entries) for k in KINDS.values()}
    assert table == {
        "files": ("path", False, None, False),
        "urls": ("urls", True, None, False),
        "feed": ("url", True, "feed", True),
        "sitemap": ("url", True, "sitemap", True),
    }
    assert SOURCE_KINDS == ("files", "urls", "feed", "sitemap")


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("files", "sources[0].path: required for kind 'files'"),
        ("feed", "sources[0].url: required for kind 'feed', an http(s) URL"),
        ("sitemap", "sources[0].url: required for kind 'sitemap', an http(s) URL"),
        ("urls", "sources[0].urls: required for kind 'urls', a list of http(s) URLs"),
    ],
)
def test_the_config_asks_each_kind_for_its_own_locator(tmp_path: Path, kind: str, message: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[[sources]]\nname = "s"\nkind = "{kind}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(str(config))
    assert str(caught.value) == f"{config}: {message}"
