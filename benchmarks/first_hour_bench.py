"""A new user's first commands, in wall clock: two `newsflow ingest` of one file, then 2,000 articles twice.

    .venv/bin/python benchmarks/first_hour_bench.py [--articles 2000]

Each command is a fresh `newsflow` process, as a user types them, with a fresh Prefect home and no
PREFECT_API_URL: the first flow command pays for starting Prefect (the shared local server; before it, a
temporary server in every process), the next ones attach. Goals: the second ingest of one file takes at most
35% of the first's wall clock; an unchanged rerun of 2,000 articles is at least 10x faster than the first run.
The shared server this starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.warehouse.articles import write_articles  # noqa: E402

NEWSFLOW = str(Path(sys.executable).parent / "newsflow")


def timed(config: Path, env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run([NEWSFLOW, "-c", str(config), *args], env=env, capture_output=True, text=True, cwd=REPO)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stdout + proc.stderr)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_articles(root / "articles", args.articles)
        one = root / "one" / "article.txt"
        one.parent.mkdir()
        one.write_bytes(sorted((root / "articles").rglob("*.txt"))[0].read_bytes())
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(PYTHONPATH=str(REPO), COLUMNS="200")
        small = root / "small.toml"
        small.write_text(f'[warehouse]\npath = "{root / "small.duckdb"}"\n', encoding="utf-8")
        big = root / "big.toml"
        big.write_text(f'[warehouse]\npath = "{root / "big.duckdb"}"\n', encoding="utf-8")
        # Each pair starts from a Prefect home of its own: its first command is a new user's first.
        first_env = {**env, "PREFECT_HOME": str(root / "prefect-1")}
        big_env = {**env, "PREFECT_HOME": str(root / "prefect-2")}
        try:
            first = timed(small, first_env, "ingest", str(one), "--no-translate")
            second = timed(small, first_env, "ingest", str(one), "--no-translate")
            new = timed(big, big_env, "ingest", str(root / "articles"), "--no-translate")
            unchanged = timed(big, big_env, "ingest", str(root / "articles"), "--no-translate")
        finally:
            for done in (first_env, big_env):
                subprocess.run([NEWSFLOW, "-c", str(small), "server", "stop"], env=done, capture_output=True, cwd=REPO)
    print(f"ingest of one file: first {first:.1f} s, second {second:.1f} s: {second / first:.0%} (goal <= 35%)")
    print(
        f"{args.articles} articles: all new {new:.1f} s, unchanged rerun {unchanged:.1f} s: "
        f"{new / unchanged:.1f}x faster (goal >= 10x)"
    )


if __name__ == "__main__":
    main()
