"""`newsflow query "SELECT count(*) FROM articles"` against the bare DuckDB script an analyst would write.

    .venv/bin/python benchmarks/query_bench.py [--rounds 7] [--articles 500] [--lake] [--before DIR]

Builds a warehouse of generated articles (a DuckDB file, or with --lake a DuckLake with a SQLite catalog and a
local data path), then times, in alternation so both see the same load, each a fresh process:
- newsflow:  `newsflow -c CONFIG query "SELECT count(*) FROM articles"`;
- baseline:  `python -c "import duckdb; duckdb.connect(path, read_only=True).sql(...).fetchall()"` on the file,
  or on a lake a bare script that loads the lake's extensions and attaches the same lake read-only.
- with --before DIR: the same `newsflow query` with another checkout's code (`git archive main | tar -x -C DIR`)
  on the path, in the same alternation: before and after in one run.
Reports the medians and their ratios (goal, issue 17: at most 3x), and which heavy modules the query imported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
COUNT = "SELECT count(*) FROM articles"
HEAVY = ("prefect", "pyarrow", "numpy", "pandas", "trafilatura", "langdetect", "pydantic", "rich.progress")


def build(root: Path, n: int, lake: bool) -> Path:
    from newsflow.config import load_settings
    from newsflow.records import BatchResult
    from newsflow.warehouse.backends.configured import open_backend
    from newsflow.warehouse.writer import Writer
    from tests.warehouse.conftest import record_pair

    config = root / "config.toml"
    if lake:
        catalog, data = f"sqlite:{root / 'catalog.sqlite'}", f"{root / 'lake'}/"
        config.write_text(f'[warehouse]\nbackend = "ducklake"\ncatalog = "{catalog}"\ndata_path = "{data}"\n')
    else:
        config.write_text(f'[warehouse]\npath = "{root / "news.duckdb"}"\n', encoding="utf-8")
    settings = load_settings(config).warehouse
    pairs = [record_pair(i, "en", f"Article {i}", f"Text of article number {i}. " * 20, None) for i in range(n)]
    with Writer(open_backend(settings), "bench") as writer:
        run_id = writer.start_run("ingest", {})
        writer.store_batch(run_id, BatchResult([d for d, _ in pairs], [a for _, a in pairs]))
    return config


def bare_script(root: Path, lake: bool) -> str:
    if not lake:
        path = str(root / "news.duckdb")
        return f"import duckdb; print(duckdb.connect({path!r}, read_only=True).sql({COUNT!r}).fetchall())"
    from newsflow.config import load_settings
    from newsflow.warehouse.backends.ducklake import attach_sql, lake_extensions
    from newsflow.warehouse.backends.extensions import extension_path

    settings = load_settings(root / "config.toml").warehouse
    loads = "; ".join(f"con.execute(\"LOAD '{extension_path(name)}'\")" for name in lake_extensions(settings))
    return (
        f"import duckdb; con = duckdb.connect(); {loads}; con.execute({attach_sql(settings, read_only=True)!r}); "
        f"print(con.sql('SELECT count(*) FROM lake.articles').fetchall())"
    )


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{command[:3]} failed:\n{proc.stdout}{proc.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--lake", action="store_true", help="a DuckLake (SQLite catalog) instead of the file")
    parser.add_argument("--before", type=Path, help="a checkout of the code before, timed in the same alternation")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env["HOME"] = str(root)  # no Prefect home, no server: a query needs neither
        config = build(root, args.articles, args.lake)
        newsflow = [str(Path(sys.executable).parent / "newsflow"), "-c", str(config), "query", COUNT]
        bare = [sys.executable, "-c", bare_script(root, args.lake)]
        probe = (
            "import sys; from newsflow.cli.app import invoke; "
            f"invoke(['-c', {str(config)!r}, 'query', {COUNT!r}, '-f', 'csv']); "
            f"print('imported:', sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
        )
        imported = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=REPO
        ).stderr.strip()
        before_env = {**env, "PYTHONPATH": str(args.before.resolve())} if args.before else None
        timed(bare, env)  # warm the page cache for both
        ours, theirs, earlier = [], [], []
        for _ in range(args.rounds):
            if before_env is not None:
                earlier.append(timed(newsflow, before_env))
            ours.append(timed(newsflow, env))
            theirs.append(timed(bare, env))
    where = "a DuckLake (SQLite catalog)" if args.lake else "a DuckDB file"
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"{COUNT!r} on {where}, {args.articles} articles, median of {args.rounds} alternating runs")
    if earlier:
        e = statistics.median(earlier)
        print(f"before         : {e:.3f} s   (runs: {', '.join(f'{x:.2f}' for x in earlier)}), {e / b:.2f}x the bare")
    print(f"newsflow query : {a:.3f} s   (runs: {', '.join(f'{x:.2f}' for x in ours)})")
    print(f"bare script    : {b:.3f} s   (runs: {', '.join(f'{x:.2f}' for x in theirs)})")
    print(f"ratio          : {a / b:.2f}x (goal <= 3x)")
    print(f"heavy modules the query imported: {imported.splitlines()[-1] if imported else '?'}")


if __name__ == "__main__":
    main()
