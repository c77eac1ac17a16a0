"""The shipped config.toml documents every key of the settings schema, and only those: the two cannot drift."""

from __future__ import annotations

import dataclasses
import re
import tomllib
import typing

import pytest

from newsflow import config as schema
from tests.conftest import REPO

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

SHIPPED = REPO / "config.toml"
# `key = value`, live or commented out (`# key = value`), at the start of a line.
KEY = re.compile(r"^#?\s*([a-z_][a-z0-9_]*)\s*=", re.MULTILINE)
TABLE = re.compile(r"^#?\s*\[\[?([a-z_]+)\]\]?\s*$", re.MULTILINE)


def schema_keys() -> dict[str, set[str]]:
    """Section -> its keys, from the Settings dataclass: every dataclass-typed field is a section."""
    hints = typing.get_type_hints(schema.Settings)
    sections: dict[str, set[str]] = {}
    for field in dataclasses.fields(schema.Settings):
        kind = hints[field.name]
        args = typing.get_args(kind)
        section = args[0] if args and dataclasses.is_dataclass(args[0]) else kind  # tuple[SourceSettings, ...]
        if dataclasses.is_dataclass(section):
            sections[field.name] = {f.name for f in dataclasses.fields(section) if not f.metadata.get(schema.DERIVED)}
    return sections


def documented_keys() -> dict[str, set[str]]:
    text = SHIPPED.read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    tables = list(TABLE.finditer(text))
    for i, table in enumerate(tables):
        end = tables[i + 1].start() if i + 1 < len(tables) else len(text)
        found.setdefault(table.group(1), set()).update(KEY.findall(text, table.end(), end))
    return found


def test_every_settings_key_is_in_the_shipped_config() -> None:
    documented = documented_keys()
    missing = {
        f"{section}.{key}" for section, keys in schema_keys().items() for key in keys - documented.get(section, set())
    }
    assert missing == set()


def test_the_shipped_config_names_no_key_the_schema_lacks() -> None:
    known = schema_keys()
    unknown = {
        f"{section}.{key}" for section, keys in documented_keys().items() for key in keys - known.get(section, set())
    }
    assert unknown == set()


def test_the_shipped_config_loads() -> None:
    tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    settings = schema.load_settings(SHIPPED)
    assert [s.name for s in settings.sources] == ["seeds"]


def test_the_config_newsflow_init_writes_is_the_shipped_one_over_an_inbox() -> None:
    # Keys, defaults and comments stay the checkout's; only the one source differs (its folder, inbox/).
    template = (REPO / "newsflow" / "templates" / "config.toml").read_text(encoding="utf-8")
    shipped = SHIPPED.read_text(encoding="utf-8")
    source = 'name = "{0}"\nkind = "files"\npath = "{0}"\n'
    assert source.format("seeds") in shipped
    assert template == shipped.replace(source.format("seeds"), source.format("inbox"))
