"""One source of truth for the schema: the records the stages produce match the migrated tables."""

from __future__ import annotations

import types
import typing
from dataclasses import fields
from datetime import datetime

import pyarrow as pa
import pytest

from newsflow.records import ArticleRecord, DocumentRecord
from newsflow.warehouse.schema import arrow_schema, table_columns

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

# The DuckDB type each Python annotation of a record field must be stored as.
DUCKDB_TYPE = {str: "VARCHAR", bytes: "BLOB", datetime: "TIMESTAMP", float: "DOUBLE", int: "INTEGER"}


def _python_type(annotation: object) -> type:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if isinstance(annotation, types.UnionType) else annotation  # type: ignore[return-value]


@pytest.mark.parametrize(("record", "table"), [(ArticleRecord, "articles"), (DocumentRecord, "documents")])
def test_every_record_field_is_a_column_of_its_table_with_the_same_type(record: type, table: str) -> None:
    # JSON columns hold text: a str field (already serialised JSON) is what they store.
    columns = {name: "VARCHAR" if kind == "JSON" else kind for name, kind in table_columns(table).items()}
    hints = typing.get_type_hints(record)
    stored = {f.name: DUCKDB_TYPE[_python_type(hints[f.name])] for f in fields(record)}
    assert stored == {name: columns.get(name) for name in stored}


def test_arrow_schemas_are_read_from_the_migrated_tables() -> None:
    schema = arrow_schema("documents", ("document_id", "content", "fetched_at", "hints"))
    assert schema.names == ["document_id", "content", "fetched_at", "hints"]
    assert schema.types == [pa.string(), pa.binary(), pa.timestamp("us"), pa.string()]
