"""Which boilerplate rules could have been derived from held-out pages of the extraction benchmark?

The benchmark is split by site (`extraction_eval.split_of`). A rule learnt from a held-out page would
match text of that page's boilerplate that no dev page has. So for every vocabulary rule (each
compiled pattern of `newsflow.articles.extraction.vocabulary` and of the extractors that use it) and every line
of every `without`
and `comments` snippet, we record the words of the match that the vocabulary spells out literally
("Kommentare insgesamt: 3" -> kommentare, insgesamt; "Foto: Getty" -> foto): the words a rule copied
from a page would name. A word is *held-out only* when the rule matched it on held-out sites, never on
a dev site, and the repository's own tests (the forms written for nb, nn, da, sv, de, en) do not use
it either. The held-out figure is honest when this list is empty.

    .venv/bin/python benchmarks/rule_provenance.py          # prints held-out-only matches; exit 1 if any
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO.parent / "shared" / "eval" / "extraction"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from extraction_eval import site_of, split_of  # noqa: E402

from newsflow.articles.extraction import blocks, comments, html, text  # noqa: E402
from newsflow.articles.extraction import vocabulary as voc  # noqa: E402

_WORD = re.compile(r"[^\W_]+")
# The forms the project specifies itself: tests written in the six languages.
_SPEC_FILES = ("tests/articles/extraction/*.py",)


def rules() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern of the vocabulary and the extractors (the line tests are built from them)."""
    return {
        f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
        for module in (voc, comments, html, text, blocks)
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern)
    }


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def literal_words(pattern: re.Pattern[str]) -> set[str]:
    """The words a pattern spells out (its labels in all their forms), without regex escapes (\\s, \\w…)."""
    return words(re.sub(r"\\[a-zA-Z]|\(\?P<\w+>|\(\?P=\w+\)", " ", pattern.pattern))


def snippet_lines(entry: dict) -> Iterator[str]:
    for snippet in [*entry.get("without", []), *entry.get("comments", [])]:
        for line in snippet.splitlines():
            if line := " ".join(line.split()):
                yield line


def spec_words() -> set[str]:
    return {w for pattern in _SPEC_FILES for p in sorted(REPO.glob(pattern)) for w in words(p.read_text("utf-8"))}


def held_out_only(manifest: list[dict]) -> list[tuple[str, str, list[str]]]:
    """(rule, vocabulary word, held-out sites) for every word a rule matched on held-out sites only."""
    seen: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: {"dev": set(), "heldout": set()})
    all_rules = rules()
    literal = {name: literal_words(pattern) for name, pattern in all_rules.items()}
    for entry in manifest:
        split, site = split_of(entry), site_of(entry)
        for line in snippet_lines(entry):
            for name, pattern in all_rules.items():
                if m := pattern.search(line):
                    for word in words(m.group(0)) & literal[name]:
                        seen[(name, word)][split].add(site)
    spec = spec_words()
    return sorted(
        (name, word, sorted(sites["heldout"]))
        for (name, word), sites in seen.items()
        if sites["heldout"] and not sites["dev"] and word not in spec
    )


def main() -> int:
    manifest_path = EVAL_DIR / "manifest.json"
    if not manifest_path.exists():
        print(f"{manifest_path} not found")
        return 2
    manifest = json.loads(manifest_path.read_text("utf-8"))
    flagged = held_out_only(manifest)
    for name, word, sites in flagged:
        print(f"{name:<22} {word!r:<20} {', '.join(sites[:4])}")
    print(f"{len(flagged)} rule matches found on held-out sites only")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
