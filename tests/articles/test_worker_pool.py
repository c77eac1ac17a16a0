"""Worker processes for the process stage."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsflow.articles.process import process_batch
from newsflow.articles.worker_pool import ProcessPool, process_in_worker
from newsflow.config import LanguageSettings
from newsflow.sources.files import list_files, read_files
from tests.conftest import SEEDS

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

WORKER_SCRIPT = """
import os, sys
from concurrent.futures import wait
from newsflow.articles.worker_pool import ProcessPool
pool = ProcessPool(2)
executor = pool._get()
wait([executor.submit(os.getpid) for _ in range(4)])
print(" ".join(str(p) for p in executor._processes), flush=True)
sys.stdin.read()  # hold the pool until killed
"""

# A run stopped by a signal while a worker sent its result (SIGTERM to the process group kills the workers too).
HALF_SENT_SCRIPT = """
from newsflow.articles.worker_pool import ProcessPool
from tests.support.half_sent import die_mid_result
try:
    with ProcessPool(1) as pool:
        executor = pool._get()
        executor.submit(die_mid_result)
        next(iter(executor._processes.values())).join()  # the worker is gone, half its message sent
        raise KeyboardInterrupt
except KeyboardInterrupt:
    print("stopped", flush=True)
"""

# Another multiprocessing child of the same process (a Dask LocalCluster's, an embedding program's) while a run stops.
BYSTANDER_SCRIPT = """
import multiprocessing, os, time
from concurrent.futures import wait
from newsflow.articles.worker_pool import ProcessPool
context = multiprocessing.get_context("spawn")
release = context.Event()
bystander = context.Process(target=release.wait)
bystander.start()
try:
    with ProcessPool(2) as pool:
        executor = pool._get()
        wait([executor.submit(os.getpid) for _ in range(2)])
        workers = list(executor._processes.values())
        raise KeyboardInterrupt
except KeyboardInterrupt:
    for worker in workers:
        worker.join()
        # the pool's manager thread joins its workers too: where it reaped one first, the code lands on its side
        deadline = time.monotonic() + 10
        while worker.exitcode is None and time.monotonic() < deadline:
            time.sleep(0.01)
    print(bystander.is_alive(), [worker.exitcode for worker in workers], flush=True)
release.set()
bystander.join()
"""


def test_pool_results_equal_in_process_results() -> None:
    paths, _ = list_files([SEEDS], "seeds")
    docs = [d for d in read_files(paths, "seeds") if not isinstance(d, Exception)]
    with ProcessPool(2) as pool:
        assert pool.process(docs, LanguageSettings()) == process_batch(docs, LanguageSettings())


def seed_docs() -> list:
    paths, _ = list_files([SEEDS], "seeds")
    return [d for d in read_files(paths, "seeds") if not isinstance(d, Exception)]


def test_a_worker_freezes_what_its_first_batch_leaves_out_of_the_cyclic_collector_s_reach() -> None:
    docs = seed_docs()
    gc.unfreeze()  # this process stands in for a fresh worker
    try:
        before = gc.get_freeze_count()
        result = process_in_worker(docs, LanguageSettings())
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert (before, frozen > 10_000, result == process_batch(docs, LanguageSettings())) == (0, True, True)


def test_workers_exit_when_the_flow_process_is_killed() -> None:
    # A run killed with SIGKILL must not leave its worker processes behind.
    parent = subprocess.Popen(
        [sys.executable, "-c", WORKER_SCRIPT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert parent.stdout is not None
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)  # polling the process table: there is no event to wait on for a non-child
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def _run(script: str) -> subprocess.CompletedProcess[str]:
    """The script in a fresh interpreter from the repository's root; a hang fails it after a minute."""
    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=root)


def test_a_stopped_run_exits_when_a_worker_died_halfway_through_sending_its_result() -> None:
    # The pool's manager thread read the half message forever, and the interpreter's exit joins that thread:
    # the command printed its line and never ended.
    done = _run(HALF_SENT_SCRIPT)
    assert (done.returncode, done.stdout) == (0, "stopped\n")


def test_a_stopped_run_ends_its_own_workers_and_no_other_child_process() -> None:
    done = _run(BYSTANDER_SCRIPT)
    assert (done.returncode, done.stdout) == (0, f"True {[-signal.SIGTERM] * 2}\n"), done.stderr
