"""SQL string literals for the sandbox's own statements, in place of bound parameters.

Binding any parameter makes DuckDB's Python client try `import pandas`, which where pandas is installed costs
more than a whole count query (0.5-1 s); the values here are the sandbox's own, so quoting them is safe.
"""

from __future__ import annotations


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
