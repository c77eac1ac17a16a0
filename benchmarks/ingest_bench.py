"""End-to-end `newsflow ingest` (Prefect included, no translation) over generated articles, run twice.

    .venv/bin/python benchmarks/ingest_bench.py [--articles 2000] [--server]

Pass 1 stores everything; pass 2 reads the same unchanged folder again (unchanged documents are recognised
by their bytes and skip extraction). Each pass is a fresh `newsflow` process. By default pass 1 starts the
shared local Prefect server (part of its figure) and pass 2 attaches to it; with --server both passes run
against one `prefect server` started first, through PREFECT_API_URL.
Peak RSS is the largest child process's.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.warehouse.articles import write_articles  # noqa: E402


def run_pass(config: Path, folder: Path, env: dict[str, str]) -> tuple[float, float, str]:
    newsflow = str(Path(sys.executable).parent / "newsflow")
    command = [newsflow, "-c", str(config), "ingest", str(folder), "--no-translate"]
    started = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stdout + proc.stderr)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, rss, proc.stdout


@contextlib.contextmanager
def prefect_api(use_server: bool, home: Path) -> Iterator[dict[str, str]]:
    env = {"PREFECT_HOME": str(home)}
    if not use_server:
        from newsflow.orchestration.local_server import shared as shared_server

        try:
            yield env
        finally:
            shared_server.stop(home)
        return
    os.environ["PREFECT_HOME"] = str(home)
    from newsflow.orchestration.local_server.process import running

    with running(home=home) as server:
        yield {**env, "PREFECT_API_URL": server.api_url}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--server", action="store_true", help="run both passes against one local Prefect server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_articles(root / "articles", args.articles)
        config = root / "config.toml"
        config.write_text(f'[warehouse]\npath = "{root / "news.duckdb"}"\n', encoding="utf-8")
        with prefect_api(args.server, root / "prefect") as prefect_env:
            env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
            env.update({**prefect_env, "PYTHONPATH": str(REPO), "COLUMNS": "200"})
            first, rss1, _ = run_pass(config, root / "articles", env)
            second, rss2, out = run_pass(config, root / "articles", env)
        # The runs' own durations as the warehouse records them: from the `runs` row's start (the flow has
        # started, Prefect is up) to its end, i.e. the pipeline's work without process start-up.
        import duckdb

        with duckdb.connect(str(root / "news.duckdb"), read_only=True) as con:
            run1, run2 = (
                row[0]
                for row in con.execute(
                    "SELECT epoch(finished_at - started_at) FROM runs ORDER BY started_at"
                ).fetchall()
            )
    n = args.articles
    print(f"{'pass':<22} {'articles':>8} {'seconds':>8} {'articles/s':>10} {'peak RSS MB':>11}")
    print(f"{'1 (all new)':<22} {n:>8} {first:>8.1f} {n / first:>10.1f} {rss1:>11.0f}")
    print(f"{'2 (unchanged input)':<22} {n:>8} {second:>8.1f} {n / second:>10.1f} {rss2:>11.0f}")
    print(f"pass 1 vs target 40 articles/s: {n / first / 40:.2f}x; pass 2 speed-up: {first / second:.1f}x (target 10x)")
    print(
        f"as recorded in `runs` (flow work only): run 1 {run1:.1f} s, run 2 {run2:.1f} s, speed-up {run1 / run2:.1f}x"
    )
    where = "a Prefect server started first" if args.server else "the shared local server, started by pass 1"
    print(f"Prefect: {where}; last summary:\n{out.strip()[-600:]}")


if __name__ == "__main__":
    main()
