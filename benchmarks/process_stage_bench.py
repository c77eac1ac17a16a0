"""The process stage (`process_document`) before and after a change: CPU per page and outputs, in one run.

    .venv/bin/python benchmarks/process_stage_bench.py --before DIR [--every 1] [--rounds 2] [--chunk 10]

DIR is a checkout of the code before (`git archive <commit> | tar -x -C DIR`). Two worker processes, one
importing newsflow from DIR and one from this checkout, each read every page (the shared extraction benchmark,
../shared/eval/extraction/pages, every Nth) into a RawDocument, process the first three once (the libraries'
start is not a page's cost), then process the pages in chunks as the parent asks: before, after, before, ...
chunk by chunk, so both see the same load. Each chunk's CPU is the worker's own `time.process_time`.
Reported: the CPU of each per page and their ratio, and the number of pages whose outputs differ (the stored
document, article, failure and fingerprint: every field, compared by repr; must be 0), with the first few.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "eval" / "extraction" / "pages"


def _paths(every: int) -> list[Path]:
    return sorted(PAGES.glob("*.html.gz"))[::every]


def serve(code: Path, every: int) -> None:
    """The worker: a line of page indices in, a line of JSON (CPU seconds, each page's output digest) out."""
    sys.path.insert(0, str(code))
    from datetime import UTC, datetime

    from newsflow.articles.process import process_document
    from newsflow.config import LanguageSettings
    from newsflow.records import RawDocument

    assert Path(sys.modules["newsflow"].__file__ or "").is_relative_to(code), "newsflow imported from elsewhere"
    fetched = datetime(2026, 12, 1, tzinfo=UTC)
    docs = [RawDocument("bench", p.name, gzip.decompress(p.read_bytes()), "text/html", fetched) for p in _paths(every)]
    languages = LanguageSettings()
    for doc in docs[:3]:
        process_document(doc, languages)
    print("ready", flush=True)
    for line in sys.stdin:
        indices = json.loads(line)
        outputs, digests, cpu = [], [], 0.0
        for i in indices:
            started = time.process_time()
            result = process_document(docs[i], languages)
            cpu += time.process_time() - started
            digests.append(hashlib.sha256(repr(result).encode("utf-8", "surrogatepass")).hexdigest())
            outputs.append(repr((result.articles, result.failures)))  # shown where they differ
        print(json.dumps({"cpu": cpu, "digests": digests, "outputs": outputs}), flush=True)


class Worker:
    def __init__(self, code: Path, every: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(code), "--every", str(every)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"

    def run(self, indices: list[int]) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(indices) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, help="a checkout of the code before")
    parser.add_argument("--every", type=int, default=1, help="every Nth page of the benchmark")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the pages")
    parser.add_argument("--chunk", type=int, default=10, help="pages per turn")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve.resolve(), args.every)
        return
    if args.before is None:
        parser.error("--before DIR is required")
    n = len(_paths(args.every))
    workers = {"before": Worker(args.before.resolve(), args.every), "after": Worker(REPO, args.every)}
    cpu = {name: [0.0] * args.rounds for name in workers}
    differ: dict[int, tuple[str, str]] = {}
    names = [p.name for p in _paths(args.every)]
    for r in range(args.rounds):
        for start in range(0, n, args.chunk):
            indices = list(range(start, min(n, start + args.chunk)))
            # alternate which goes first, so neither always follows the other's cache footprint
            order = ["before", "after"] if (start // args.chunk + r) % 2 == 0 else ["after", "before"]
            got = {name: workers[name].run(indices) for name in order}
            for name in workers:
                cpu[name][r] += got[name]["cpu"]
            for k, i in enumerate(indices):
                if got["before"]["digests"][k] != got["after"]["digests"][k]:
                    differ[i] = (got["before"]["outputs"][k], got["after"]["outputs"][k])
    for w in workers.values():
        w.close()
    print(f"{n} pages (every {args.every}th of the shared benchmark), {args.rounds} rounds, {args.chunk} pages a turn")
    for r in range(args.rounds):
        b, a = cpu["before"][r], cpu["after"][r]
        print(
            f"round {r + 1}: before {b:.2f} CPU s ({b / n * 1000:.1f} ms/page), after {a:.2f} CPU s "
            f"({a / n * 1000:.1f} ms/page): after/before {a / b:.3f}"
        )
    b, a = sum(cpu["before"]), sum(cpu["after"])
    print(f"all rounds: before {b:.2f} CPU s, after {a:.2f} CPU s: after/before {a / b:.3f}")
    print(f"pages whose outputs differ: {len(differ)} of {n}")
    for i, (before, after) in list(differ.items())[:5]:
        print(f"  {names[i]}:\n    before {before[:600]}\n    after  {after[:600]}")


if __name__ == "__main__":
    main()
