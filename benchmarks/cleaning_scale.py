"""Time and peak memory of the text-dump cleaner and the HTML extractor on 1, 10 and 50 MB inputs.

Cleaning must be linear in the input (issue 13, item 5): the seconds per MB should stay flat as the
input grows. Each measurement runs in a fresh process, so its peak RSS is its own.

Inputs are generated, deterministic and written under a temporary folder:
- `dump`: the repo's seed dumps concatenated until the size is reached (many short articles in one file);
- `wrapped`: one article hard-wrapped at 72 columns, its paragraphs repeated (one huge markdown page);
- `html`: the seed page with its article's paragraphs repeated inside one <article>;
- `trafilatura`: the `html` input through plain `trafilatura.extract`, to tell its share from ours;
- `brackets`: markdown debris, a line of unclosed "[" and "![" (backtracking regexes were quadratic on it).

    .venv/bin/python benchmarks/cleaning_scale.py                 # 1, 10, 50 MB
    .venv/bin/python benchmarks/cleaning_scale.py --sizes 1 5 --kinds dump
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
MB = 1_000_000
KINDS = ("dump", "wrapped", "html", "trafilatura", "brackets")

_WORD_TEXT = (
    "council budget schools mayor revenue property tax cuts libraries families election opposition plan "
    "weather storm ferry road closed police harbour energy price wind auction bidders hospital nurses "
    "strike union wages government minister report district railway station bridge winter summer"
)
_WORDS = _WORD_TEXT.split()


def _paragraph(rng: random.Random) -> str:
    """A sentence-like paragraph of varied words (trafilatura drops repeated paragraphs as duplicates)."""
    sentences = []
    for _ in range(rng.randint(2, 4)):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(10, 22))]
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def _article(rng: random.Random, n: int) -> str:
    """One scraped article with the usual debris: kicker, byline, caption, share bar, teaser, tags."""
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(4, 9))]
    return "\n\n".join(
        [
            "Nyheter",
            f"Headline number {n} about the {rng.choice(_WORDS)} and the {rng.choice(_WORDS)}",
            "Av Kari Nordmann",
            "Publisert 14.03.2026 kl. 08.15",
            "Del på Facebook | Del på X | Kopier lenke",
            "![](https://example.org/image.jpg)",
            "Foto: NTB",
            *paragraphs[:2],
            f"Les også: Another story number {n}",
            *paragraphs[2:],
            "Tags: politics, budget",
        ]
    )


def _until(size: int, piece: Callable[[int], str]) -> list[str]:
    out: list[str] = []
    n = 0
    while n < size:
        out.append(piece(len(out)))
        n += len(out[-1].encode()) + 2
    return out


def _dump(size: int) -> str:
    rng = random.Random(0)
    return "\n\n".join(_until(size, lambda n: _article(rng, n)))


def _wrapped(size: int) -> str:
    rng = random.Random(1)
    head = "# The council approves the budget\n\nBy Jane Doe\n\n"
    return head + "\n\n".join(_until(size, lambda n: "\n".join(textwrap.wrap(_paragraph(rng), 72)))) + "\n"


def _html(size: int) -> str:
    rng = random.Random(2)
    page = (SEEDS / "en_ferry_strike_page.html").read_text("utf-8")
    blocks = "\n".join(_until(size - len(page), lambda n: f"<p>{_paragraph(rng)}</p>"))
    return page.replace("<article>", "<article>\n" + blocks, 1)


def _brackets(size: int) -> str:
    return ("[a ![b " * (size // 7 + 1))[:size]


def make_input(kind: str, megabytes: float, folder: Path) -> Path:
    size = int(megabytes * MB)
    make = {"dump": _dump, "wrapped": _wrapped, "html": _html, "trafilatura": _html, "brackets": _brackets}
    text = make[kind](size)
    path = folder / f"{kind}_{megabytes:g}mb.{'html' if kind in ('html', 'trafilatura') else 'txt'}"
    path.write_text(text, "utf-8")
    return path


# Peak RSS from /proc (VmHWM): unlike getrusage's ru_maxrss it starts afresh at exec, so a worker does
# not inherit the high-water mark of the parent that generated a 50 MB input.
_WORKER = """
import json, re, sys, time
from pathlib import Path
def peak_mb():
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024
kind, path = sys.argv[1], Path(sys.argv[2])
text = path.read_text("utf-8")
if kind == "html":
    from newsflow.articles.extraction.html import extract as run
elif kind == "trafilatura":
    import trafilatura
    from newsflow.records import Extracted
    def run(html):
        return Extracted(trafilatura.extract(html, include_comments=False) or "")
else:
    from newsflow.articles.extraction.text import clean_text_dump as run
run("<p>warm up</p>" if kind in ("html", "trafilatura") else "warm up")
before = peak_mb()
start = time.perf_counter()
result = run(text)
seconds = time.perf_counter() - start
peak = peak_mb()
body = len(result.body) if result is not None else 0
print(json.dumps({"seconds": seconds, "peak_mb": peak, "before_mb": before, "body": body}))
"""


def measure(kind: str, path: Path, timeout: float) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", _WORKER, kind, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 50], help="input sizes in MB")
    ap.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    ap.add_argument("--timeout", type=float, default=1200, help="seconds allowed per measurement")
    args = ap.parse_args(argv)

    print(f"{'input':<9}{'MB':>5}{'seconds':>10}{'s/MB':>8}{'peak RSS MB':>13}{'over start':>12}{'body MB':>9}")
    with tempfile.TemporaryDirectory(prefix="newsflow-scale-") as tmp:
        for kind in args.kinds:
            for mb in args.sizes:
                path = make_input(kind, mb, Path(tmp))
                r = measure(kind, path, args.timeout)
                print(
                    f"{kind:<9}{mb:>5g}{r['seconds']:>10.2f}{r['seconds'] / mb:>8.2f}{r['peak_mb']:>13.0f}"
                    f"{r['peak_mb'] - r['before_mb']:>12.0f}{r['body'] / MB:>9.1f}",
                    flush=True,
                )
                path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
