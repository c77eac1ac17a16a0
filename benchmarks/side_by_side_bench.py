"""newsflow against the same libraries by hand, on the same real pages, in one run.

    .venv/bin/python benchmarks/side_by_side_bench.py [--pages 990] [--workers N] [--rounds 1] [--before DIR]

The pages: the shared extraction benchmark's real news and blog pages (../shared/eval/extraction/pages),
unpacked into one folder of .html files. Timed in alternation, each a fresh process, wall clock:
- the baseline: BASELINE below, what a user writes in 40 lines: trafilatura + langdetect in N processes,
  the rows into a DuckDB file from the main process;
- newsflow: `newsflow ingest FOLDER --no-translate` into a fresh file warehouse, against a local Prefect server
  started first (a user's first command starts it once; it is in neither figure).
- with --before DIR: also `newsflow ingest` with another checkout's code on the path (`git archive COMMIT | tar
  -x -C DIR`), each newsflow run after a baseline run of its own, before and after in alternating order.
Reported: both times and their ratio (goal, issue 17: newsflow >= 1.3x faster), the share of pages each
stored (goal >= 99.5% for newsflow), and how busy newsflow's single writing process was (its own CPU
seconds, where the writer and the flow run) next to its other processes' (the workers, and a fork server
where they fork from one: CPU seconds, total and per worker), the seconds before the run's `runs` row was started
(imports, Prefect's flow run, the new warehouse) and the run's own, and the size of newsflow's warehouse file;
with several rounds, the medians.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "eval" / "extraction" / "pages"

BASELINE = """
import sys, os, duckdb, trafilatura
from multiprocessing import Pool
from langdetect import DetectorFactory, detect
from langdetect.lang_detect_exception import LangDetectException

DetectorFactory.seed = 0

def work(path):
    with open(path, "rb") as f:
        html = f.read()
    text = trafilatura.extract(html)
    if not text:
        return None
    try:
        lang = detect(text[:5000])
    except LangDetectException:
        lang = None
    return (os.path.basename(path), lang, text)

if __name__ == "__main__":
    folder, db, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    paths = sorted(os.path.join(folder, name) for name in os.listdir(folder))
    con = duckdb.connect(db)
    con.execute("CREATE TABLE articles (file VARCHAR PRIMARY KEY, lang VARCHAR, text VARCHAR)")
    batch = []
    with Pool(workers) as pool:
        for row in pool.imap_unordered(work, paths, chunksize=8):
            if row:
                batch.append(row)
            if len(batch) >= 200:
                con.executemany("INSERT INTO articles VALUES (?, ?, ?)", batch)
                batch = []
    if batch:
        con.executemany("INSERT INTO articles VALUES (?, ?, ?)", batch)
    print(con.execute("SELECT count(*) FROM articles").fetchone()[0])
"""


def unpack(folder: Path, limit: int) -> int:
    folder.mkdir(parents=True)
    files = sorted(PAGES.glob("*.html.gz"))[:limit]
    for page in files:
        (folder / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
    return len(files)


def _stats() -> dict[int, tuple[int, float]]:
    """Every process: pid -> (its parent, its own CPU seconds), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                found[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return found


def _tree_cpu(root: int, seen: dict[int, float]) -> None:
    """The CPU seconds of `root` and of each of its descendants so far, into `seen` (the last reading of each:
    workers forked from a fork server are not the CLI's children, so its own children's count misses them)."""
    stats = _stats()
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _) in stats.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    for pid in tree & stats.keys():
        seen[pid] = stats[pid][1]


def run(command: list[str], env: dict[str, str]) -> tuple[float, str, tuple[float, float]]:
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    seen: dict[int, float] = {}
    while proc.poll() is None:  # the last reading of each process before it ended
        _tree_cpu(proc.pid, seen)
        time.sleep(0.1)
    cpu = (seen.get(proc.pid, 0.0), sum(v for pid, v in seen.items() if pid != proc.pid))
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):  # 1: some pages failed, reported in the summary
        raise SystemExit(f"{command[:4]} failed ({proc.returncode}):\n{out[-2000:]}{err[-2000:]}")
    return seconds, out, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=990)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--before", type=Path, help="a checkout of the code before, timed in the same alternation")
    args = parser.parse_args()
    if not PAGES.exists():
        sys.exit(f"skipping: {PAGES} is absent")
    import duckdb

    codes = {"after": REPO, **({"before": args.before.resolve()} if args.before else {})}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        n = unpack(root / "pages", args.pages)
        (root / "baseline.py").write_text(BASELINE, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update({"PREFECT_HOME": str(root / "prefect"), "PYTHONPATH": str(REPO), "COLUMNS": "200"})
        os.environ["PREFECT_HOME"] = env["PREFECT_HOME"]
        sys.path.insert(0, str(REPO))
        from newsflow.orchestration.local_server.process import running

        rows = []
        with running(home=root / "prefect") as server:
            env["PREFECT_API_URL"] = server.api_url
            for r in range(args.rounds):
                order = list(codes) if r % 2 == 0 else list(reversed(codes))
                for code in order:
                    base_db, ours_db = root / f"baseline{r}{code}.duckdb", root / f"news{r}{code}.duckdb"
                    config = root / f"config{r}{code}.toml"
                    config.write_text(
                        f'[warehouse]\npath = "{ours_db}"\n\n[orchestration]\nprocess_workers = {args.workers}\n',
                        encoding="utf-8",
                    )
                    base_s, base_out, _ = run(
                        [
                            sys.executable,
                            str(root / "baseline.py"),
                            str(root / "pages"),
                            str(base_db),
                            str(args.workers),
                        ],
                        env,
                    )
                    cli = [str(Path(sys.executable).parent / "newsflow"), "-c", str(config)]
                    ours_env = {**env, "PYTHONPATH": str(codes[code])}
                    launched = time.time()
                    ours_s, _, (own, others) = run([*cli, "ingest", str(root / "pages"), "--no-translate"], ours_env)
                    with duckdb.connect(str(ours_db), read_only=True) as con:
                        stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                        # UTC, naive: the flow's own work, from its `runs` row's start to its end
                        epoch = "epoch(started_at), epoch(finished_at)"
                        started, finished = con.execute(f"SELECT {epoch} FROM runs").fetchone()
                    cpu = {"own": own, "others": others, "setup": started - launched, "run": finished - started}
                    cpu["size"] = ours_db.stat().st_size
                    rows.append((r, code, base_s, int(base_out.strip().splitlines()[-1]), ours_s, stored, cpu))
    print(f"{n} real pages, {args.workers} worker processes each, {args.rounds} round(s), wall clock")
    print("| round | code | baseline s | baseline stored | newsflow s | newsflow stored | speed-up |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for r, code, base_s, base_n, ours_s, stored, _ in rows:
        print(
            f"| {r + 1} | {code} | {base_s:.1f} | {base_n / n:.1%} | {ours_s:.1f} | {stored / n:.1%} "
            f"| {base_s / ours_s:.2f}x |"
        )
    print("goal: speed-up >= 1.3x, newsflow stored >= 99.5%")
    for r, code, *_, ours_s, _, cpu in rows:
        per_worker = cpu["others"] / args.workers or float("nan")  # no workers: a run of one batch
        print(
            f"round {r + 1}, {code}: newsflow's main process (flow + single writer) {cpu['own']:.1f} CPU s, "
            f"workers {cpu['others']:.1f} CPU s ({per_worker:.1f} per worker), "
            f"wall {ours_s:.1f} s: the writer is busy {cpu['own'] / ours_s:.0%} of the run; "
            f"{cpu['setup']:.1f} s before the run's row was started, the run {cpu['run']:.1f} s; "
            f"warehouse file {cpu['size'] / 1e6:.0f} MB"
        )
    if args.rounds > 1:
        for code in codes:
            mine = [row for row in rows if row[1] == code]
            print(
                f"{code}, medians of {len(mine)}: baseline {statistics.median(row[2] for row in mine):.2f} s, "
                f"newsflow {statistics.median(row[4] for row in mine):.2f} s, "
                f"speed-up {statistics.median(row[2] / row[4] for row in mine):.3f}x, "
                f"newsflow's main process {statistics.median(row[6]['own'] for row in mine):.2f} CPU s, "
                f"the others {statistics.median(row[6]['others'] for row in mine):.2f} CPU s, "
                f"before the run's row {statistics.median(row[6]['setup'] for row in mine):.2f} s, "
                f"the run {statistics.median(row[6]['run'] for row in mine):.2f} s"
            )


if __name__ == "__main__":
    main()
