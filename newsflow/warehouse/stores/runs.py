"""The run journal: one `runs` row per job, opened at its start and closed with its counts."""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from newsflow.common.times import utcnow
from newsflow.records import BatchCounts
from newsflow.warehouse.backends.base import Backend
from newsflow.warehouse.keys import IN_KEYS, packed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


class RunJournal:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def start(
        self,
        flow: str,
        parameters: dict[str, Any],
        flow_run_id: str | None = None,
        ended: Sequence[Mapping[str, Any]] = (),
    ) -> str:
        """Record a new run, first recording the ends of earlier runs given in `ended` (run_id, status,
        error: what a full disk kept out) and marking crashed the runs that cannot be alive any more."""
        run_id = utcnow().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        row = [
            run_id,
            flow,
            flow_run_id,
            json.dumps(parameters, default=str),
            utcnow(),
            os.getpid(),
            socket.gethostname(),
        ]

        def work(con: duckdb.DuckDBPyConnection) -> None:
            for note in ended:
                con.execute(
                    "UPDATE runs SET status = ?, finished_at = coalesce(finished_at, ?), error = ? "
                    "WHERE run_id = ? AND status = 'running'",
                    [note.get("status", "failed"), utcnow(), note.get("error"), note["run_id"]],
                )
            self._mark_crashed(con)
            con.execute(
                "INSERT INTO runs (run_id, flow, flow_run_id, parameters, started_at, status, pid, host) "
                "VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
                row,
            )

        self.backend.run(work)
        return run_id

    def _mark_crashed(self, con: duckdb.DuckDBPyConnection) -> None:
        where, params = "status = 'running'", []
        if not self.backend.sole_writer:
            # Other jobs may be running now: only this host's runs whose process is gone are known dead.
            host = socket.gethostname()
            rows = con.execute("SELECT run_id, pid FROM runs WHERE status = 'running' AND host = ?", [host]).fetchall()
            dead = [run_id for run_id, pid in rows if pid is None or not _alive(int(pid))]
            if not dead:
                return
            where, params = f"run_id {IN_KEYS}", [packed(dead)]
        con.execute(
            "UPDATE runs SET status = 'crashed', finished_at = coalesce(finished_at, ?), "
            f"error = coalesce(error, 'process ended before the run finished') WHERE {where}",
            [utcnow(), *params],
        )

    def finish(
        self,
        run_id: str,
        status: str,
        counts: BatchCounts,
        n_read: int,
        n_translated: int = 0,
        error: str | None = None,
    ) -> None:
        values = [status, utcnow(), n_read, counts.new, counts.updated, counts.unchanged, counts.failed]
        self.backend.run(
            lambda con: con.execute(
                "UPDATE runs SET status = ?, finished_at = ?, n_read = ?, n_new = ?, n_updated = ?, "
                "n_unchanged = ?, n_failed = ?, n_translated = ?, error = ? WHERE run_id = ?",
                [*values, n_translated, error, run_id],
            )
        )
