"""`newsflow status --format json`: one object with the same three parts as the tables."""

from __future__ import annotations

import json
import sys
from typing import Any

from newsflow.config import Settings
from newsflow.warehouse import open_reader


def _records(cursor: Any) -> list[dict[str, Any]]:
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def print_status_json(settings: Settings) -> None:
    from newsflow.cli.output import json_default

    with open_reader(settings.warehouse) as con:
        status = {
            "articles": _records(
                con.execute(
                    "SELECT lang, translation_status, count(*) AS articles FROM articles GROUP BY ALL ORDER BY 1, 2"
                )
            ),
            "runs": _records(
                con.execute(
                    "SELECT run_id, flow, status, started_at, finished_at, n_read, n_new, n_updated, n_unchanged, "
                    "n_failed, n_translated, error FROM runs ORDER BY started_at DESC LIMIT 5"
                )
            ),
            "failures": _records(
                con.execute(
                    "SELECT occurred_at, source, location, stage, error FROM failures "
                    "ORDER BY occurred_at DESC LIMIT 10"
                )
            ),
        }
    sys.stdout.write(json.dumps(status, default=json_default, ensure_ascii=False, indent=1) + "\n")
