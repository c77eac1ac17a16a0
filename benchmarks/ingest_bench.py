"""End-to-end `newsflow ingest` (Prefect included, no translation) over generated articles, run twice.

    .venv/bin/python benchmarks/ingest_bench.py [--articles 2000] [--skip-known]

Pass 1 stores everything; pass 2 reads the same unchanged folder again. --skip-known runs the CLI with
Writer.skip_known wrapped around the flow's input stream (the one-line flow change proposed in
docs/performance-warehouse.md), so unchanged documents are not extracted again. Peak RSS is the
child process's (each pass is a fresh process).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.warehouse.articles import write_articles  # noqa: E402

WRAPPED = """
import sys
import flows.pipeline as pipeline
original = pipeline.store_stream
def store_stream(writer, run_id, items, settings, **kw):
    return original(writer, run_id, writer.skip_known(items, settings.orchestration.batch_size), settings, **kw)
pipeline.store_stream = store_stream
from newsflow.cli.app import invoke
sys.exit(invoke(sys.argv[1:]))
"""


def run_pass(config: Path, folder: Path, skip_known: bool, env: dict[str, str]) -> tuple[float, float, str]:
    cli = [sys.executable, "-c", WRAPPED] if skip_known else [str(Path(sys.executable).parent / "newsflow")]
    command = [*cli, "-c", str(config), "ingest", str(folder), "--no-translate"]
    started = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stdout + proc.stderr)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, rss, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--skip-known", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_articles(root / "articles", args.articles)
        config = root / "config.toml"
        config.write_text(f'[warehouse]\npath = "{root / "news.duckdb"}"\n', encoding="utf-8")
        env = {**os.environ, "PREFECT_HOME": str(root / "prefect"), "PYTHONPATH": str(REPO), "COLUMNS": "200"}
        first, rss1, _ = run_pass(config, root / "articles", args.skip_known, env)
        second, rss2, out = run_pass(config, root / "articles", args.skip_known, env)
    n = args.articles
    print(f"{'pass':<22} {'articles':>8} {'seconds':>8} {'articles/s':>10} {'peak RSS MB':>11}")
    print(f"{'1 (all new)':<22} {n:>8} {first:>8.1f} {n / first:>10.1f} {rss1:>11.0f}")
    print(f"{'2 (unchanged input)':<22} {n:>8} {second:>8.1f} {n / second:>10.1f} {rss2:>11.0f}")
    print(f"pass 1 vs target 40 articles/s: {n / first / 40:.2f}x; pass 2 speed-up: {first / second:.1f}x (target 10x)")
    print(f"skip_known: {args.skip_known}; last summary:\n{out.strip()[-600:]}")


if __name__ == "__main__":
    main()
