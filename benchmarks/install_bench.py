"""The default install, as a new user gets it: `make run` in a fresh clone, its wall clock and the venv's size.

    python3 benchmarks/install_bench.py [--keep]

Clones this checkout's HEAD into a temporary folder, runs `make run` there (the README's first command: the
lean install, then seeds -> warehouse) and measures the venv with `du -sb`. Goal: at most 1 GB (1e9 bytes),
with neither torch nor scipy nor the optional extras (DuckLake extensions, Dask) installed. pip's cache is
whatever this machine has: warm after any earlier install, as in the README's figures.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ABSENT = ("torch", "scipy", "stanza", "datasketch", "duckdb_extension_ducklake", "dask", "distributed", "prefect_dask")
GOAL_BYTES = 1_000_000_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="leave the clone in place")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="newsflow-install-"))
    clone = root / "repo"
    try:
        subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
        started = time.perf_counter()
        subprocess.run(["make", "run"], cwd=clone, check=True, capture_output=True)
        seconds = time.perf_counter() - started
        size = int(
            subprocess.run(
                ["du", "-sb", ".venv"], cwd=clone, check=True, capture_output=True, text=True
            ).stdout.split()[0]
        )
        site = next((clone / ".venv" / "lib").glob("python3*/site-packages"))
        present = [name for name in ABSENT if (site / name).exists()]
        verdict = "met" if size <= GOAL_BYTES else "MISSED"
        left_out = ", ".join(n for n in ABSENT if n not in present)
        print(f"make run in a fresh clone: {seconds:.0f} s")
        print(f"venv: {size:,} bytes ({size / 1e9:.2f} GB, {size / 2**20:,.0f} MiB); goal <= 1 GB: {verdict}")
        print(f"left out: {left_out}; installed anyway: {', '.join(present) or 'none'}")
    finally:
        if args.keep:
            print(f"clone kept at {clone}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
