"""Export to Parquet partitioned by publication month and language (hive layout: month=YYYY-MM/lang=xx/).

Readable as one dataset by DuckDB (read_parquet('DIR/**/*.parquet', hive_partitioning=true)), Polars
(pl.scan_parquet('DIR/**/*.parquet', hive_partitioning=True)) and pandas (pd.read_parquet('DIR')).

Each export writes into a fresh folder inside DIR, then swaps in the partitions it wrote; the ones it did
not touch (months before --since) stay as they were. So `--since` gives incremental exports, and a
reader never sees a half-written partition.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

# Articles without a publication date go to the month they were first seen in.
_MONTH = "coalesce(published_at, first_seen_at)"
COLUMNS = (
    "article_id, source, url, location, title, author, published_at, lang, lang_confidence, text, title_en, "
    "text_en, translation_status, translation_model, translated_at, content_hash, first_seen_at, updated_at"
)


class ExportError(OSError):
    """The export folder cannot be made or written; the message names it and says why."""


@dataclass(frozen=True)
class ExportResult:
    articles: int
    partitions: list[str]  # relative partition folders written, e.g. "month=2025-03/lang=de"
    since: date | None


def month_start(day: date) -> date:
    return day.replace(day=1)


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path, since: date | None = None) -> ExportResult:
    """Write articles (from the first day of since's month, if given) as partitioned Parquet under out_dir."""
    start = month_start(since) if since else None
    where = f"WHERE {_MONTH} >= ?" if start else ""
    params = [start] if start else []
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"cannot export to {out_dir}: not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot export to {out_dir}: {exc.strerror or exc}") from exc
    staging = out_dir / f".export-{uuid.uuid4().hex[:8]}"
    try:
        row = con.execute(f"SELECT count(*) FROM articles {where}", params).fetchone()
        count = int(row[0]) if row else 0
        if count:
            con.execute(
                f"""
                COPY (
                    SELECT {COLUMNS}, strftime({_MONTH}, '%Y-%m') AS month
                    FROM articles {where}
                    ORDER BY month, lang, published_at, article_id
                ) TO '{_sql_path(staging)}'
                (FORMAT parquet, PARTITION_BY (month, lang), COMPRESSION zstd, FILENAME_PATTERN 'articles_{{i}}')
                """,
                params,
            )
        written = sorted(p.relative_to(staging).as_posix() for p in staging.glob("month=*/lang=*") if p.is_dir())
        for rel in written:
            _swap_in(staging / rel, out_dir / rel)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ExportResult(count, written, start)


def _swap_in(new: Path, target: Path) -> None:
    """Replace one partition folder: rename the old one aside, move the new one in, drop the old."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".old-{target.name}-{uuid.uuid4().hex[:6]}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
