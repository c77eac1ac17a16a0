"""Which statements a reader of analysts' SQL runs: reading ones only, calling only listed functions.

``check_statement(sql)`` parses with DuckDB itself (``extract_statements`` for the statement types,
``json_serialize_sql`` for the tree), so what is checked is what DuckDB will run. It needs no warehouse:
the browser reader calls it as `query` does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb

from newsflow.warehouse.sandbox.allowlist import scalar_allowed, table_function_allowed
from newsflow.warehouse.sandbox.literals import literal

READ_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
_WORD = re.compile(r"[^\W\d]\w*")
# Keywords that precede `(` without calling a function: `FROM (`, `CAST(`, `IN (`, `OVER (`, ...
_SYNTAX = (
    "from join as in on using exists values cast try_cast over filter within pivot unpivot lateral and or not "
    "all any some by partition window with where having qualify select when then else case between is like "
    "ilike similar union intersect except table extract position substring trim overlay coalesce nullif row "
    "columns struct map array list interval group grouping sets rollup cube materialized recursive limit "
    "offset order distinct end for at collate exclude replace rename sample tablesample into name value include"
)
SYNTAX_WORDS = frozenset(_SYNTAX.split())
_EXPLAIN = re.compile(r"^\s*EXPLAIN(?:\s+ANALYZE)?(?:\s*\([^)]*\))?\s+", re.IGNORECASE)


class QueryRefused(ValueError):
    """SQL that a reader does not run: it would write, attach, install, change settings or call an unlisted
    function. The message is one line naming what was refused."""


@dataclass(frozen=True)
class Call:
    name: str
    schema: str
    table: bool  # in a FROM clause (a table function) rather than an expression


def check_statement(sql: str, allow_files: bool = False) -> None:
    """Raise QueryRefused unless every statement of ``sql`` reads (SELECT, WITH, PIVOT, UNPIVOT, DESCRIBE,
    SHOW, SUMMARIZE, or EXPLAIN of those) and calls only functions on the allowlist. ``allow_files`` also
    admits the readers of other files (read_csv, read_json, ...)."""
    with duckdb.connect(":memory:") as parser:
        try:
            statements = parser.extract_statements(sql)
        except duckdb.Error as exc:
            raise QueryRefused(f"cannot parse this SQL: {_first_line(exc)}") from None
        if not statements:
            raise QueryRefused("no statement to run")
        if any(not s.query for s in statements):
            _check_pivot_expansion(statements, sql, allow_files)
            return
        for statement in statements:
            if statement.type not in READ_STATEMENTS:
                raise QueryRefused(
                    f"read-only: only reading statements run (SELECT, EXPLAIN), not {statement.type.name}"
                )
            for call in _calls(_parse_tree(parser, _EXPLAIN.sub("", statement.query, count=1))):
                _check_call(call, allow_files)


def _check_pivot_expansion(statements: list[Any], sql: str, allow_files: bool) -> None:
    """`PIVOT ... ON col` without an IN list: DuckDB expands it into a temporary enum of the column's values
    (a CREATE) and a SELECT, without source text or with text that does not serialize. The statements are
    then checked by type, and every call in the SQL as written by DuckDB's own tokenizer: a name followed by
    `(` must be a listed function (either kind) or a word of SQL's syntax."""
    for statement in statements:
        generated = statement.type == duckdb.StatementType.CREATE and not statement.query
        if statement.type not in READ_STATEMENTS and not generated:
            raise QueryRefused(f"read-only: only reading statements run (SELECT, EXPLAIN), not {statement.type.name}")
    tokens = duckdb.tokenize(sql)
    words = (duckdb.token_type.identifier, duckdb.token_type.keyword)
    for i, (pos, kind) in enumerate(tokens[:-1]):
        after = tokens[i + 1]
        if kind not in words or after[1] != duckdb.token_type.operator or sql[after[0]] != "(":
            continue
        name = _word_at(sql, pos)
        if (kind == duckdb.token_type.keyword and name in SYNTAX_WORDS) or _is_alias(sql, tokens, i):
            continue
        schema = ""
        if i >= 2 and tokens[i - 1][1] == duckdb.token_type.operator and sql[tokens[i - 1][0]] == ".":
            schema = _word_at(sql, tokens[i - 2][0]) if tokens[i - 2][1] in words else "?"
        if not (scalar_allowed(name, schema) or table_function_allowed(name, schema, allow_files)):
            qualified = f"{schema}.{name}" if schema else name
            raise QueryRefused(f"read-only: function {qualified}() is not allowed")


def _is_alias(sql: str, tokens: list[tuple[int, Any]], i: int) -> bool:
    """`range(3) t(a)`, `AS t(a)`, `tbl t(a)`: a name with its column list after a table, not a call (SQL
    cannot call a function right after `)`, `AS` or another name)."""
    if i == 0:
        return False
    pos, kind = tokens[i - 1]
    if kind == duckdb.token_type.operator:
        return sql[pos] == ")"
    if kind == duckdb.token_type.keyword:
        return _word_at(sql, pos) == "as"
    return kind in (duckdb.token_type.identifier, duckdb.token_type.string_const, duckdb.token_type.numeric_const)


def _word_at(sql: str, pos: int) -> str:
    """The identifier or keyword starting at pos, unquoted (`"query"` is query) and lowercased."""
    if sql[pos] == '"':
        end = pos + 1
        while end < len(sql):
            if sql[end] == '"' and sql[end + 1 : end + 2] != '"':
                break
            end += 2 if sql[end] == '"' else 1
        return sql[pos + 1 : end].replace('""', '"').lower()
    match = _WORD.match(sql, pos)
    return match.group(0).lower() if match else sql[pos]


def _parse_tree(parser: duckdb.DuckDBPyConnection, text: str) -> Any:
    row = parser.execute(f"SELECT json_serialize_sql({literal(text)})").fetchone()
    tree = json.loads(row[0]) if row else {"error": True, "error_message": "no parse tree"}
    if tree.get("error"):
        raise QueryRefused(f"read-only: cannot check this statement ({tree.get('error_message')})")
    return tree


def _calls(node: Any, in_from: bool = False) -> Iterator[Call]:
    """Every function the tree calls; a TABLE_FUNCTION reference's own function counts as a table function."""
    if isinstance(node, dict):
        name = node.get("function_name")
        if isinstance(name, str):
            yield Call(name.lower(), str(node.get("schema") or "").lower(), in_from)
        for key, value in node.items():
            yield from _calls(value, in_from=node.get("type") == "TABLE_FUNCTION" and key == "function")
    elif isinstance(node, list):
        for value in node:
            yield from _calls(value)


def _check_call(call: Call, allow_files: bool) -> None:
    qualified = f"{call.schema}.{call.name}" if call.schema and call.schema != "main" else call.name
    if call.table:
        if not table_function_allowed(call.name, call.schema, allow_files):
            hint = " without --allow-files" if table_function_allowed(call.name, call.schema, True) else ""
            raise QueryRefused(f"read-only: table function {qualified}() is not allowed{hint}")
    elif not scalar_allowed(call.name, call.schema):
        raise QueryRefused(f"read-only: function {qualified}() is not allowed")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
