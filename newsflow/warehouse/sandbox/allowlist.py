"""What `query` (and any other reader of analysts' SQL) may call: table functions by an explicit list, scalar
and aggregate functions from DuckDB's own core, less the few that act instead of compute.

A function not on these lists is refused before the statement runs, whatever the path to it (a PIVOT, a
serialized plan, a quoted name): the check walks DuckDB's own parse tree, not the text.
"""

from __future__ import annotations

import functools
import re

import duckdb

# Table functions that only read what the warehouse holds, its catalog, or generated rows.
TABLE_FUNCTIONS = frozenset(
    {
        "range",
        "generate_series",
        "unnest",
        "json_each",
        "json_tree",
        # the catalog: what tables, views, columns and functions there are
        "duckdb_tables",
        "duckdb_views",
        "duckdb_columns",
        "duckdb_schemas",
        "duckdb_types",
        "duckdb_functions",
        "duckdb_keywords",
        "duckdb_constraints",
        "duckdb_indexes",
        "duckdb_databases",
        "show",
        "show_tables",
        "show_tables_expanded",
        "show_databases",
        "table_info",
        "pragma_table_info",
        "pragma_show",
        # a lake's own Parquet (file access stays limited to its data_path) and its snapshots, for time travel
        "read_parquet",
        "parquet_scan",
        "ducklake_snapshots",
        "ducklake_current_snapshot",
        "ducklake_last_committed_snapshot",
        "ducklake_table_info",
        "ducklake_table_changes",
        "ducklake_table_insertions",
        "ducklake_table_deletions",
        "ducklake_list_files",
    }
)
# With --allow-files: the readers of other files (DuckDB still lets them read, never write).
FILE_TABLE_FUNCTIONS = frozenset(
    {
        "read_csv",
        "read_csv_auto",
        "sniff_csv",
        "read_json",
        "read_json_auto",
        "read_json_objects",
        "read_json_objects_auto",
        "read_ndjson",
        "read_ndjson_auto",
        "read_ndjson_objects",
        "read_text",
        "read_blob",
        "glob",
        "parquet_metadata",
        "parquet_schema",
        "parquet_file_metadata",
        "parquet_kv_metadata",
    }
)
# Core scalars that act instead of compute: advance a sequence, reseed, write to the log, run SQL, stall.
SIDE_EFFECT_SCALARS = frozenset(
    {"nextval", "setseed", "write_log", "json_execute_serialized_sql", "query", "pg_sleep", "sleep_ms"}
)
# Scalars the engine rewrites to or the parser emits that duckdb_functions() does not list.
PARSER_SCALARS = frozenset({"unnest", "unlist", "row", "grouping", "grouping_id", "stem"})
# The search macros that DuckDB's fts extension creates for each index (fts_main_<table>.match_bm25).
SEARCH_SCHEMA = re.compile(r"fts_main_[a-z0-9_]+")
SEARCH_MACROS = frozenset({"match_bm25", "tokenize"})
PLAIN_SCHEMAS = frozenset({"", "main", "pg_catalog"})


@functools.cache
def scalar_functions() -> frozenset[str]:
    """Every scalar, aggregate and macro of DuckDB's core (a fresh in-memory database: nothing a warehouse
    or extension adds), less the side-effecting ones. Generous on purpose: these only compute values."""
    return core_functions() - SIDE_EFFECT_SCALARS | PARSER_SCALARS


def core_functions() -> frozenset[str]:
    """The names DuckDB's core lists: those of this DuckDB version kept in `core_functions.NAMES` (read, not
    queried: the query costs a short command as much as its own work), else what duckdb_functions() says."""
    from newsflow.warehouse.sandbox import core_functions as kept

    if duckdb.__version__ == kept.DUCKDB_VERSION:
        return kept.NAMES
    return listed_core_functions()


def listed_core_functions() -> frozenset[str]:
    """What a fresh in-memory database lists in duckdb_functions()."""
    with duckdb.connect(":memory:") as con:
        rows = con.execute(
            "SELECT DISTINCT lower(function_name) FROM duckdb_functions() "
            "WHERE function_type IN ('scalar', 'aggregate', 'macro') AND internal"
        ).fetchall()
    return frozenset(name for (name,) in rows)


def table_function_allowed(name: str, schema: str, allow_files: bool) -> bool:
    if schema not in PLAIN_SCHEMAS:
        return False
    return name in TABLE_FUNCTIONS or (allow_files and name in FILE_TABLE_FUNCTIONS)


def scalar_allowed(name: str, schema: str) -> bool:
    if SEARCH_SCHEMA.fullmatch(schema):
        return name in SEARCH_MACROS
    return schema in PLAIN_SCHEMAS and name in scalar_functions()
