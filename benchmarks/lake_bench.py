"""Two sources of generated articles: sequentially into the file backend vs concurrently into a DuckLake
with a PostgreSQL catalog; and `newsflow query` latency while they write.

    .venv/bin/python benchmarks/lake_bench.py [--articles 1000]

Each source is one `newsflow run --source NAME --no-translate` process, against one local Prefect server
started first (so Prefect's start-up is not in the figures). The PostgreSQL server is a throwaway cluster
(tests/support/postgres.py). While the writers run, this process opens a read connection and runs a
count over `articles` in a loop (what `newsflow query` does after its Python start-up) and records each
latency: p50 and p95 per backend. Lake cost per article: the runs' own durations (the `runs` rows,
start to finish) summed and divided by the articles, lake vs file; and bytes stored per article.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsflow.config import load_settings  # noqa: E402
from newsflow.warehouse.backends.configured import open_reader  # noqa: E402
from tests.support.postgres import postgres_cluster  # noqa: E402
from tests.warehouse.articles import write_articles  # noqa: E402

QUERY = "SELECT lang, count(*) FROM articles GROUP BY lang"


def config(root: Path, warehouse: str) -> Path:
    path = root / "config.toml"
    sources = "".join(
        f'[[sources]]\nname = "{name}"\nkind = "files"\npath = "{root / name}"\n\n' for name in ("a", "b")
    )
    path.write_text(f"[warehouse]\n{warehouse}\nlock_timeout_s = 600\n\n{sources}", encoding="utf-8")
    return path


def sample_queries(cfg: Path, stop: threading.Event, out: list[float]) -> None:
    settings = load_settings(cfg).warehouse
    while not stop.is_set():
        started = time.perf_counter()
        try:
            with open_reader(settings) as con:
                con.execute(QUERY).fetchall()
        except Exception:  # not created yet: the first writer has not migrated
            time.sleep(0.05)
            continue
        out.append(time.perf_counter() - started)
        time.sleep(0.05)


def run_sources(cfg: Path, env: dict[str, str], concurrent: bool) -> tuple[float, list[float]]:
    newsflow = str(Path(sys.executable).parent / "newsflow")
    commands = [[newsflow, "-c", str(cfg), "run", "--source", name, "--no-translate"] for name in ("a", "b")]
    latencies: list[float] = []
    stop = threading.Event()
    sampler = threading.Thread(target=sample_queries, args=(cfg, stop, latencies))
    sampler.start()
    started = time.perf_counter()
    try:
        if concurrent:
            procs = [subprocess.Popen(c, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in commands]
            for proc in procs:
                _, err = proc.communicate()
                if proc.returncode:
                    raise SystemExit(err.decode())
        else:
            for command in commands:
                subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started, latencies
    finally:
        stop.set()
        sampler.join()


def recorded(cfg: Path) -> tuple[int, float]:
    with open_reader(load_settings(cfg).warehouse) as con:
        row = con.execute("SELECT count(*), (SELECT sum(epoch(finished_at - started_at)) FROM runs) FROM articles")
        n, seconds = row.fetchone() or (0, 0.0)
    return int(n), float(seconds)


def size(*paths: Path) -> int:
    total = 0
    for path in paths:
        files = [path] if path.is_file() else list(path.rglob("*"))
        total += sum(f.stat().st_size for f in files if f.is_file())
    return total


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000, help="per source")
    args = parser.parse_args()
    n = args.articles
    with tempfile.TemporaryDirectory() as tmp, postgres_cluster() as pg:
        root = Path(tmp)
        os.environ["PREFECT_HOME"] = str(root / "prefect")
        from newsflow.orchestration.local_server.process import running

        results = {}
        with running(home=root / "prefect") as server:
            env = {**os.environ, "PREFECT_API_URL": server.api_url, "PYTHONPATH": str(REPO)}
            for name, concurrent in (("file", False), ("lake", True)):
                work = root / name
                write_articles(work / "a", n, seed=1)
                write_articles(work / "b", n, seed=2, start=n)
                if name == "file":
                    cfg = config(work, f'path = "{work / "news.duckdb"}"')
                else:
                    catalog = pg.create_database("bench")
                    cfg = config(work, f'backend = "ducklake"\ncatalog = "{catalog}"\ndata_path = "{work / "lake"}/"')
                wall, latencies = run_sources(cfg, env, concurrent)
                stored, run_seconds = recorded(cfg)
                bytes_ = size(work / "news.duckdb") if name == "file" else size(work / "lake")
                results[name] = (wall, latencies, stored, run_seconds, bytes_)
    total = 2 * n
    print(f"{'backend':<38} {'articles':>8} {'wall s':>7} {'rows/s':>7} {'run s/article':>13} {'bytes/article':>13}")
    labels = {"file": "file, two sources one after the other", "lake": "lake (PostgreSQL catalog), concurrent"}
    for name, (wall, _, stored, run_seconds, bytes_) in results.items():
        assert stored == total, f"{name}: {stored} articles stored, expected {total}"
        print(
            f"{labels[name]:<38} {stored:>8} {wall:>7.1f} {total / wall:>7.1f} "
            f"{run_seconds / total * 1000:>10.2f} ms {bytes_ / total:>13.0f}"
        )
    (fw, _, _, fs, fb), (lw, _, _, ls, lb) = results["file"], results["lake"]
    print(f"lake vs file: wall clock {fw / lw:.2f}x faster; run time per article {ls / fs:.2f}x; bytes {lb / fb:.2f}x")
    for name, (_, latencies, *_rest) in results.items():
        p50, p95 = statistics.median(latencies) * 1000, pct(latencies, 0.95) * 1000
        print(f"query latency while writing, {name}: n={len(latencies)} p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    print("(lake catalog metadata lives in PostgreSQL and is not in its bytes/article; the lake's Parquet is)")


if __name__ == "__main__":
    main()
