"""A second process that writes to a warehouse, for the concurrency tests.

    python -m tests.warehouse.writer_proc DB loop STOPFILE   # store batches until STOPFILE exists
    python -m tests.warehouse.writer_proc DB hold            # keep the file open until stdin closes

Prints one line per event on stdout ("committed N", "holding") so the test awaits events, not time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsflow.records import BatchResult
from newsflow.warehouse.backends.duckdb_file import write_connection
from newsflow.warehouse.writer import Writer
from tests.warehouse.conftest import record_pair

JOB = "test writer job"


def loop(db: Path, stop: Path) -> None:
    with Writer(db, JOB) as writer:
        run_id = writer.start_run("ingest", {})
        n = 0
        while not stop.exists():
            pairs = [
                record_pair(n * 50 + i, "en", f"Title {n}-{i}", f"Body text number {n} {i}.", None) for i in range(50)
            ]
            writer.store_batch(run_id, BatchResult([d for d, _ in pairs], [a for _, a in pairs], []))
            n += 1
            print(f"committed {n}", flush=True)
        writer.finish_run(run_id, "completed", writer_counts(n), n * 50)


def writer_counts(n: int):
    from newsflow.records import BatchCounts

    return BatchCounts(new=n * 50)


def hold(db: Path) -> None:
    with Writer(db, JOB), write_connection(db):
        print("holding", flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    path, mode = Path(sys.argv[1]), sys.argv[2]
    if mode == "loop":
        loop(path, Path(sys.argv[3]))
    else:
        hold(path)
