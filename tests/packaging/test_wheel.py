"""The wheel a user installs: `newsflow` alone at the top, with the files it reads at run time."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.no_warehouse, pytest.mark.slow]  # a real build: about 15 s


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    # Built from a copy: a build must leave nothing (build/, *.egg-info) in the checkout.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for folder in ("newsflow", "flows"):
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", str(source), "-w", str(out)],
        check=True,
        capture_output=True,
        cwd=source,
        timeout=240,
    )
    (built,) = out.glob("newsflow-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_installs_one_top_level_package(wheel: zipfile.ZipFile) -> None:
    (top_level,) = [n for n in wheel.namelist() if n.endswith(".dist-info/top_level.txt")]
    assert wheel.read(top_level).decode().split() == ["newsflow"]
    assert {n.split("/")[0] for n in wheel.namelist()} == {"newsflow", "newsflow-0.1.0.dist-info"}


def test_the_wheel_ships_the_migrations_the_init_templates_and_py_typed(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    migrations = sorted(p.name for p in (REPO / "newsflow" / "warehouse" / "migrations").glob("*.sql"))
    assert migrations  # the glob below must have something to find
    assert {f"newsflow/warehouse/migrations/{name}" for name in migrations} <= names
    templates = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "newsflow" / "templates").rglob("*.*"))
    assert templates == ["newsflow/templates/config.toml", "newsflow/templates/inbox/nb_bibliotek_lordagsapent.txt"]
    assert set(templates) <= names
    assert "newsflow/py.typed" in names
