"""Near-duplicates: `newsflow ingest --no-translate` of 1,000 and 4,000 versions of three stories, time per article.

    .venv/bin/python benchmarks/near_duplicates_bench.py [--sizes 1000 4000] [--profile-writer]

Each article is one of three base texts (the Norwegian, German and English seed articles) plus one numbered
sentence, as the successive updates of a developing story or many copies of one wire story are: every new
article is a near duplicate of every stored one of its story, so story linking meets stories of thousands.
Each size is a fresh warehouse, ingested by a fresh `newsflow` process against one shared local Prefect
server started first (so the server's start is in no figure). Reported per size: wall clock per article and
the run's own duration per article as `runs` records it (the flow's work, without process start-up).
Goal (issue 17): per article, 4,000 costs at most 1.25x 1,000.
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
BASES = ("nb_kommunestyre_budsjett.txt", "de_stadtrat_radwege.txt", "en_offshore_wind_auction.txt")
UPDATE = {
    0: "Oppdatering nummer {i}: kommunen melder at saken fortsatt er under arbeid.",
    1: "Aktualisierung Nummer {i}: Die Stadt teilt mit, dass die Arbeiten weiterlaufen.",
    2: "Update number {i}: the agency says the work on the project continues.",
}


def write_near_duplicates(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    # Without the seeds' source links: a link is the article's URL, and copies with one URL are one article.
    texts = [(REPO / "seeds" / name).read_text(encoding="utf-8") for name in BASES]
    bases = ["\n".join(line for line in text.splitlines() if "://" not in line) for text in texts]
    for i in range(n):
        story = i % 3
        (folder / f"v{i:05d}.txt").write_text(f"{bases[story]}\n\n{UPDATE[story].format(i=i)}\n", encoding="utf-8")


def ingest(root: Path, folder: Path, env: dict[str, str], profile: bool) -> tuple[float, float, int, int]:
    config = root / f"{folder.name}.toml"
    db = root / f"{folder.name}.duckdb"
    config.write_text(f'[warehouse]\npath = "{db}"\n', encoding="utf-8")
    newsflow = str(Path(sys.executable).parent / "newsflow")
    started = time.perf_counter()
    command = [newsflow, "-c", str(config), "ingest", str(folder), "--no-translate"]
    if profile:  # the writer is the CLI's own process: profile it whole
        command = [sys.executable, "-m", "cProfile", "-o", str(root / f"{folder.name}.prof"), *command]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        run_s, stored = con.execute(
            "SELECT epoch(finished_at - started_at), (SELECT count(*) FROM articles) FROM runs"
        ).fetchone()
        stories = con.execute("SELECT count(DISTINCT story_id) FROM articles").fetchone()[0]
    return wall, run_s, stored, stories


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--profile-writer", action="store_true", help="cProfile each ingest's main process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update({"PREFECT_HOME": str(root / "prefect"), "PYTHONPATH": str(REPO), "COLUMNS": "200"})
        os.environ["PREFECT_HOME"] = env["PREFECT_HOME"]
        sys.path.insert(0, str(REPO))
        from newsflow.orchestration.local_server.process import running

        rows = []
        with running(home=root / "prefect") as server:
            env["PREFECT_API_URL"] = server.api_url
            for n in args.sizes:
                folder = root / f"dups{n}"
                write_near_duplicates(folder, n)
                rows.append((n, *ingest(root, folder, env, args.profile_writer)))
        if args.profile_writer:
            import pstats

            for n, *_ in rows:
                print(f"--- main process of the {n}-article ingest, by cumulative time ---")
                pstats.Stats(str(root / f"dups{n}.prof")).sort_stats("cumulative").print_stats(18)
    print("| articles | stored | stories | wall s | wall ms/article | run s | run ms/article |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, wall, run_s, stored, stories in rows:
        per_wall, per_run = wall / n * 1000, run_s / n * 1000
        print(f"| {n} | {stored} | {stories} | {wall:.1f} | {per_wall:.1f} | {run_s:.1f} | {per_run:.1f} |")
    (small, wall_s, run_s, *_), (large, wall_l, run_l, *_) = rows[0], rows[-1]
    print(
        f"per article, {large} vs {small}: wall {wall_l / large / (wall_s / small):.2f}x, "
        f"run {run_l / large / (run_s / small):.2f}x (goal <= 1.25x)"
    )


if __name__ == "__main__":
    main()
