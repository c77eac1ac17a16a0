"""The manual names only code that exists: every path into the repository, and every module named by the end of its
path, in ARCHITECTURE.md, the README and docs/*.md is found in the tree."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.no_warehouse

PAGES = [REPO / "ARCHITECTURE.md", REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
# A path from the repository's root: a code folder, then a file (.py, .sql, a glob of them) or a folder (trailing /).
ROOTED = re.compile(r"(?<![\w./-])((?:newsflow|flows|tests|benchmarks|warehouse/queries)/[\w/.*-]*)")
# A module named by the end of its path, in backticks: `stores/articles.py`, `writer.py`.
MODULE = re.compile(r"`([\w/]+\.py)`")
OUTSIDE = {"score.py"}  # the extraction benchmark's own scorer, in ../shared/eval/extraction
FILES = [p.relative_to(REPO).as_posix() for p in REPO.rglob("*") if ".venv" not in p.parts and p.is_file()]


def mentioned(pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    return sorted({(page.name, name) for page in PAGES for name in pattern.findall(page.read_text(encoding="utf-8"))})


def test_the_pages_name_code() -> None:
    assert ("ARCHITECTURE.md", "newsflow/warehouse/backends/base.py") in mentioned(ROOTED)
    assert ("ARCHITECTURE.md", "stores/articles.py") in mentioned(MODULE)


@pytest.mark.parametrize(("page", "path"), [m for m in mentioned(ROOTED) if m[1].endswith((".py", ".sql", "/"))])
def test_every_path_exists(page: str, path: str) -> None:
    if re.search(r"[A-Z]{3}", path):  # a placeholder such as migrations/NNN_name.sql: its folder must exist
        path = path.rsplit("/", 1)[0] + "/"
    assert list(REPO.glob(path.rstrip("/"))), f"{page} names {path}, which is not in the tree"


@pytest.mark.parametrize(("page", "module"), [m for m in mentioned(MODULE) if m[1] not in OUTSIDE])
def test_every_module_named_exists(page: str, module: str) -> None:
    assert any(f == module or f.endswith("/" + module) for f in FILES), f"{page} names {module}, which is not a file"
