"""Search index upkeep: a small ingest right after a big one, and reader latency during an index update.

    .venv/bin/python benchmarks/search_index_bench.py [--articles 2000] [--kb 5] [--big-mb 4] [--baseline DIR]

On a fresh warehouse: (1) store --articles English articles of about --kb KB plus one of --big-mb MB, then
build the index; (2) store one small article and refresh the index: the end of a small ingest right after
a big one; (3) in a child process store --articles/4 more and refresh, while this process opens the warehouse
read-only and runs a query in a loop (what `newsflow query` does), recording each one's latency.

--baseline DIR runs the same measurement with the code of another checkout (e.g. `git worktree add DIR main`)
and prints both with their ratio. Records are written through Writer.store_batch, without Prefect, so the
figures are the warehouse's own.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def words(rng: random.Random, n: int) -> str:
    # Zipf-like vocabulary of 5000 made-up words: a real archive's mix of frequent and rare terms.
    return " ".join(f"w{int(rng.paretovariate(1.0)) % 5000}x" for _ in range(n))


def records(start: int, count: int, kb: float, rng: random.Random) -> Any:
    from newsflow.records import BatchResult
    from tests.warehouse.conftest import record_pair

    pairs = [
        record_pair(i, "en", f"Article {i} {words(rng, 5)}", words(rng, int(kb * 1000 / 6)), None)
        for i in range(start, start + count)
    ]
    return BatchResult([d for d, _ in pairs], [a for _, a in pairs], [])


def store(db: Path, start: int, count: int, kb: float, seed: int) -> None:
    from newsflow.warehouse.writer import Writer

    rng = random.Random(seed)
    with Writer(db, "bench store") as writer:
        run_id = writer.start_run("ingest", {})
        for offset in range(0, count, 500):
            writer.store_batch(run_id, records(start + offset, min(500, count - offset), kb, rng))


def refresh(db: Path) -> float:
    from newsflow.warehouse.writer import Writer

    started = time.perf_counter()
    with Writer(db, "bench refresh") as writer:
        writer.refresh_search_index()
    return time.perf_counter() - started


def child(db: Path, articles: int, kb: float) -> None:
    """Phase 3's writer: more articles, then the index update the readers wait on (or not)."""
    store(db, 10_000_000, articles, kb, seed=3)
    print(json.dumps({"update_from": time.time(), "update_s": refresh(db)}))


def poll_readers(db: Path, proc: subprocess.Popen[str]) -> list[tuple[float, float]]:
    """(when, seconds) of each query until the child exits."""
    from newsflow.warehouse.backends.duckdb_file import read_connection

    latencies = []
    while proc.poll() is None:
        when, started = time.time(), time.perf_counter()
        with read_connection(db, timeout_s=600) as con:
            con.execute("SELECT count(*) FROM articles").fetchone()
        latencies.append((when, time.perf_counter() - started))
        time.sleep(0.05)
    return latencies


def measure(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        db = Path(tmp) / "news.duckdb"
        store(db, 0, args.articles, args.kb, seed=1)
        if args.big_mb:
            store(db, 5_000_000, 1, args.big_mb * 1000, seed=2)
        build_s = refresh(db)
        started = time.perf_counter()
        store(db, 9_000_000, 1, 1.0, seed=4)
        small_store_s = time.perf_counter() - started
        small_refresh_s = refresh(db)
        cmd = [sys.executable, __file__, "--child", str(db), "--articles", str(args.articles // 4)]
        proc = subprocess.Popen([*cmd, "--kb", str(args.kb), "--repo", args.repo], stdout=subprocess.PIPE, text=True)
        polled = poll_readers(db, proc)
        update = json.loads((proc.communicate()[0] or "{}").strip().splitlines()[-1])
        # A query that started before the update began but waited into it counts too.
        latencies = [s for when, s in polled if when + s >= update["update_from"]] or [0.0]
    return {
        "build_s": build_s,
        "small_ingest_s": small_store_s + small_refresh_s,
        "small_refresh_s": small_refresh_s,
        "update_s": update["update_s"],
        "reads": len(latencies),
        "read_max_s": max(latencies),
        "read_median_s": statistics.median(latencies),
    }


def run_with(repo: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--repo", repo, "--articles", str(args.articles), "--kb", str(args.kb)]
    out = subprocess.run([*cmd, "--big-mb", str(args.big_mb), "--json"], check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def report(rows: dict[str, dict[str, Any]]) -> None:
    names = list(rows)
    print(f"{'':34}" + "".join(f"{n:>12}" for n in names) + ("       ratio" if len(names) == 2 else ""))
    labels = {
        "build_s": "first index build (s)",
        "small_ingest_s": "small ingest after the big one (s)",
        "small_refresh_s": "  of which index refresh (s)",
        "update_s": "index update, +25 % articles (s)",
        "read_max_s": "query latency during it: max (s)",
        "read_median_s": "query latency during it: median (s)",
        "reads": "queries answered during it",
    }
    for key, label in labels.items():
        values = [rows[n][key] for n in names]
        ratio = f"{values[0] / values[1]:>11.1f}x" if len(values) == 2 and values[1] else ""
        print(f"{label:34}" + "".join(f"{v:>12.3f}" if isinstance(v, float) else f"{v:>12}" for v in values) + ratio)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--kb", type=float, default=5.0)
    parser.add_argument("--big-mb", type=float, default=4.0)
    parser.add_argument("--baseline", help="another checkout to compare with (its code, this benchmark)")
    parser.add_argument("--repo", default=str(REPO), help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, args.repo)  # the code under test: this checkout or the baseline's
    if args.child:
        child(Path(args.child), args.articles, args.kb)
    elif args.json:
        print(json.dumps(measure(args)))
    elif args.baseline:
        report({"baseline": run_with(args.baseline, args), "this": run_with(str(REPO), args)})
    else:
        report({"this": measure(args)})


if __name__ == "__main__":
    main()
