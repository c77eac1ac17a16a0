"""The sandbox's list of DuckDB's core functions, kept in the source for the pinned DuckDB, is DuckDB's own."""

from __future__ import annotations

import duckdb
import pytest

from newsflow.warehouse.sandbox import allowlist, core_functions

pytestmark = pytest.mark.no_warehouse


def test_the_kept_list_is_what_duckdb_lists() -> None:
    assert duckdb.__version__ == core_functions.DUCKDB_VERSION  # pyproject pins DuckDB: a new pin, a new list
    assert allowlist.listed_core_functions() == core_functions.NAMES


def test_under_the_pinned_duckdb_the_list_is_read_not_queried() -> None:
    assert allowlist.core_functions() is core_functions.NAMES


def test_the_allowlist_is_the_core_less_the_side_effects() -> None:
    allowed = allowlist.scalar_functions()
    assert {"count_star", "lower", "strftime", "unnest", "stem"} <= allowed
    assert not {"nextval", "setseed", "write_log", "query", "pg_sleep"} & allowed
