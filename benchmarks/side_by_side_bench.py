"""newsflow against the same libraries by hand, on the same real pages, in one run.

    .venv/bin/python benchmarks/side_by_side_bench.py [--pages 990] [--workers N] [--rounds 1]

The pages: the shared extraction benchmark's real news and blog pages (../shared/eval/extraction/pages),
unpacked into one folder of .html files. Timed in alternation, each a fresh process, wall clock:
- the baseline: BASELINE below, what a user writes in 40 lines: trafilatura + langdetect in N processes,
  the rows into a DuckDB file from the main process;
- newsflow: `newsflow ingest FOLDER --no-translate` into a fresh file warehouse, against a local Prefect server
  started first (a user's first command starts it once; it is in neither figure).
Reported: both times and their ratio (goal, issue 17: newsflow >= 1.3x faster), the share of pages each
stored (goal >= 99.5% for newsflow), how busy newsflow's single writing process was (its own CPU
seconds, where the writer and the flow run) next to the workers' (their CPU seconds, total and per worker),
and the size of newsflow's warehouse file.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
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


def _cpu(pid: int) -> tuple[float, float]:
    """(the process's own CPU seconds, its waited-for children's), from /proc: the CLI may end with os._exit."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick, (int(fields[13]) + int(fields[14])) / tick


def run(command: list[str], env: dict[str, str]) -> tuple[float, str, tuple[float, float]]:
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    cpu = (0.0, 0.0)
    while proc.poll() is None:  # the last reading before exit: its workers have been waited for by then
        with contextlib.suppress(OSError, IndexError, ValueError):
            cpu = _cpu(proc.pid)
        time.sleep(0.1)
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
    args = parser.parse_args()
    if not PAGES.exists():
        sys.exit(f"skipping: {PAGES} is absent")
    import duckdb

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
        sizes: list[int] = []  # newsflow's warehouse file after each round
        with running(home=root / "prefect") as server:
            env["PREFECT_API_URL"] = server.api_url
            for r in range(args.rounds):
                base_db, ours_db = root / f"baseline{r}.duckdb", root / f"news{r}.duckdb"
                config = root / f"config{r}.toml"
                config.write_text(
                    f'[warehouse]\npath = "{ours_db}"\n\n[orchestration]\nprocess_workers = {args.workers}\n',
                    encoding="utf-8",
                )
                base_s, base_out, _ = run(
                    [sys.executable, str(root / "baseline.py"), str(root / "pages"), str(base_db), str(args.workers)],
                    env,
                )
                cli = [str(Path(sys.executable).parent / "newsflow"), "-c", str(config)]
                ours_s, _, (own, children) = run([*cli, "ingest", str(root / "pages"), "--no-translate"], env)
                with duckdb.connect(str(ours_db), read_only=True) as con:
                    stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                cpu = {"own": own, "children": children}
                rows.append((base_s, int(base_out.strip().splitlines()[-1]), ours_s, stored, cpu))
                sizes.append(ours_db.stat().st_size)
    print(f"{n} real pages, {args.workers} worker processes each, {args.rounds} round(s), wall clock")
    print("| round | baseline s | baseline stored | newsflow s | newsflow stored | speed-up |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for r, (base_s, base_n, ours_s, stored, _) in enumerate(rows):
        print(
            f"| {r + 1} | {base_s:.1f} | {base_n / n:.1%} | {ours_s:.1f} | {stored / n:.1%} | {base_s / ours_s:.2f}x |"
        )
    print("goal: speed-up >= 1.3x, newsflow stored >= 99.5%")
    for r, (*_, ours_s, _, cpu) in enumerate(rows):
        per_worker = cpu["children"] / args.workers or float("nan")  # no workers: a run of one batch
        print(
            f"round {r + 1}: newsflow's main process (flow + single writer) {cpu['own']:.1f} CPU s, "
            f"workers {cpu['children']:.1f} CPU s ({per_worker:.1f} per worker), wall {ours_s:.1f} s: "
            f"the writer is busy {cpu['own'] / ours_s:.0%} of the run, {cpu['own'] / per_worker:.2f}x a worker"
        )
    print("newsflow's warehouse file: " + ", ".join(f"{size / 1e6:.0f} MB" for size in sizes))


if __name__ == "__main__":
    main()
