"""The Makefile reinstalls only when something is missing: `make run` after `make install EXTRAS=lake,dask`
installs nothing. Real make, on a copy of the Makefile with a stand-in venv whose python logs what it is asked."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [
    pytest.mark.no_warehouse,
    pytest.mark.skipif(shutil.which("make") is None, reason="needs make"),
]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "newsflow"):  # every call logged, nothing installed
        stub = bin_dir / name
        stub.write_text(f'#!/bin/sh\necho "{name} $*" >> "{tmp_path}/calls.log"\n', encoding="utf-8")
        stub.chmod(0o755)
    return tmp_path


def make(checkout: Path, *args: str) -> list[str]:
    """The calls the stand-in venv got from `make ARGS` (run for real), then forgets them."""
    result = subprocess.run(["make", "-s", *args], cwd=checkout, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    log = checkout / "calls.log"
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return calls


def test_run_after_installing_extras_installs_nothing(checkout: Path) -> None:
    assert make(checkout, "install", "EXTRAS=lake,dask")[1:2] == ["python -m pip install -q -e .[dask,lake]"]
    assert make(checkout, "run") == ["newsflow --config config.toml run"]
    assert make(checkout, "run", "EXTRAS=lake") == ["newsflow --config config.toml run"]
    assert make(checkout, "install", "EXTRAS=dask,lake") == []


def test_a_missing_extra_is_installed_with_the_ones_before(checkout: Path) -> None:
    assert make(checkout, "install", "EXTRAS=dask")[1:2] == ["python -m pip install -q -e .[dask]"]
    assert make(checkout, "install", "EXTRAS=lake")[1:2] == ["python -m pip install -q -e .[dask,lake]"]
    assert make(checkout, "run", "EXTRAS=dask") == ["newsflow --config config.toml run"]
