"""DuckDB extensions load from their wheels, without re-hashing them on every connection, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsflow.warehouse.backends import extensions

pytestmark = pytest.mark.no_warehouse

WHEEL = Path("/venv/lib/duckdb_extension_fts/extensions/v1.5.5/fts.duckdb_extension")


def test_every_extension_from_a_wheel_loads_unchecked() -> None:
    assert extensions.unchecked_loads_safe({"fts": WHEEL, "ducklake": WHEEL}, installed={"fts", "ducklake"})


def test_an_extension_with_no_wheel_and_no_installed_copy_cannot_load_and_changes_nothing() -> None:
    assert extensions.unchecked_loads_safe({"fts": WHEEL, "ducklake": None}, installed={"fts"})


def test_a_copy_in_the_home_folder_with_no_wheel_keeps_every_load_checked() -> None:
    assert not extensions.unchecked_loads_safe({"fts": WHEEL, "ducklake": None}, installed={"ducklake"})


def test_with_the_wheels_installed_a_connection_loads_without_the_signature_check() -> None:
    # The dev install has every extension's wheel (pyproject.toml: fts, and the lake extra's).
    with extensions.connect() as con:
        extensions.load_extension(con, "fts")
        setting = con.execute("SELECT current_setting('allow_unsigned_extensions')").fetchone()
        loaded = con.execute("SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'fts'").fetchone()
    assert (setting, loaded) == ((True,), (True,))
