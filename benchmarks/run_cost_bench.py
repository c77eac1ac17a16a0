"""The fixed cost of a small run: `newsflow run` in-process on 2 text seeds into a fresh file warehouse.

Prints the wall time of each run (the first pays the imports and Prefect's test server; the median of
the others is the figure), then, from cProfile of one more run, the deterministic counts: write
connections opened, DuckDB connects and `execute` calls. Run it from a checkout (PYTHONPATH=checkout) and
again from the baseline's, back to back on the same machine.

    PYTHONPATH=. .venv/bin/python benchmarks/run_cost_bench.py [--runs 5] [--backend ducklake] [--profile FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FILES = ("de_stadtrat_radwege.txt", "nb_kommunestyre_budsjett.txt")


def config(root: Path, backend: str) -> Path:
    if backend == "ducklake":
        warehouse = (
            '[warehouse]\nbackend = "ducklake"\ncatalog = "sqlite:lake/catalog.sqlite"\n'
            'data_path = "lake/data"\nsearch_index = "lake/search.duckdb"\n'
        )
    else:
        warehouse = '[warehouse]\npath = "warehouse/news.duckdb"\n'
    path = root / "config.toml"
    path.write_text(
        warehouse
        + '[translation]\nmodels_dir = "models"\n[[sources]]\nname = "dumps"\nkind = "files"\npath = "dumps"\n'
    )
    return path


def counts(profile: cProfile.Profile) -> dict[str, int]:
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    found = {"write connections": 0, "connects": 0, "executes": 0}
    for (file, _, name), (_, calls, *_rest) in stats.items():
        if file.endswith("duckdb_file.py") and name == "write_connection":
            found["write connections"] += calls // 2  # a generator: entered and resumed once each
        elif name == "<built-in method _duckdb.connect>":
            found["connects"] += calls
        elif name == "<built-in method _duckdb.execute>":
            found["executes"] += calls
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backend", choices=("duckdb", "ducklake"), default="duckdb")
    parser.add_argument("--profile", type=Path, help="also write the profiled run's cProfile stats here")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="newsflow-run-cost-"))
    os.environ["PREFECT_HOME"] = str(root / "prefect")
    (root / "dumps").mkdir()
    for name in FILES:
        shutil.copy(SEEDS / name, root / "dumps" / name)
    cfg = config(root, args.backend)
    os.chdir(root)

    from newsflow.orchestration.prefect_settings import configure_prefect

    configure_prefect()
    from prefect.testing.utilities import prefect_test_harness

    from newsflow.cli.app import invoke

    def run() -> None:
        for name in ("warehouse", "lake"):
            shutil.rmtree(root / name, ignore_errors=True)
        assert invoke(["--config", str(cfg), "run"]) == 0

    with prefect_test_harness(server_startup_timeout=180):
        walls = []
        for _ in range(args.runs):
            started = time.perf_counter()
            run()
            walls.append(time.perf_counter() - started)
        profile = cProfile.Profile()
        profile.runcall(run)
    if args.profile:
        profile.dump_stats(args.profile)
    print("walls (s):", ", ".join(f"{w:.2f}" for w in walls))
    print(f"median of the warm runs: {statistics.median(walls[1:]):.2f} s")
    print(", ".join(f"{k}: {v}" for k, v in counts(profile).items()))
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
