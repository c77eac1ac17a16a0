"""Optional installs: a config that needs the `lake` or `dask` extra, without it, is one line and exit 2.

An extra is taken away the way a venv without it looks to Python: its modules cannot be imported (None in
sys.modules), and DuckDB's own extension folder (~/.duckdb) is an empty HOME.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from newsflow.warehouse.backends import extensions
from tests.conftest import CliResult

# Its configs name their backend themselves (a lake without the lake extra, the file without it).
pytestmark = pytest.mark.own_backend

LAKE_WHEELS = ("ducklake", "postgres_scanner", "sqlite_scanner", "httpfs")
LAKE_FIX = "pip install 'newsflow[lake]' (in a checkout: make install EXTRAS=lake)"
SEED = Path(__file__).resolve().parents[2] / "seeds" / "nb_bompenger_trondheim.txt"
DASK_FIX = "pip install 'newsflow[dask]' (in a checkout: make install EXTRAS=dask)"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty HOME: DuckDB finds no extension an earlier `INSTALL` left in ~/.duckdb."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def without_lake(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in LAKE_WHEELS:
        monkeypatch.setitem(sys.modules, f"duckdb_extension_{name}", None)
    extensions.extension_path.cache_clear()
    yield
    extensions.extension_path.cache_clear()


def _lake_config(tmp_path: Path, data_path: str = "lake/") -> Path:
    path = tmp_path / "lake.toml"
    path.write_text(
        f'[warehouse]\nbackend = "ducklake"\ncatalog = "sqlite:catalog.sqlite"\ndata_path = "{data_path}"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "command",
    [["status"], ["query", "SELECT 1"], ["run"], ["ingest", "seeds"], ["translate"], ["export", "out"]],
    ids=lambda c: c[0],
)
def test_a_lake_without_the_lake_extra_is_one_line_naming_the_fix(
    without_lake: None, tmp_path: Path, run_cli: Callable[..., CliResult], command: list[str]
) -> None:
    result = run_cli("--config", _lake_config(tmp_path), *command)
    assert result.code == 2
    assert result.err.splitlines() == [
        'error: [warehouse] backend = "ducklake" needs DuckDB\'s ducklake, sqlite_scanner extensions, which are '
        f"not installed: {LAKE_FIX}"
    ]
    assert not (tmp_path / "catalog.sqlite").exists()  # refused before anything was created


def test_a_lake_on_s3_also_names_httpfs(without_lake: None, tmp_path: Path, run_cli: Callable[..., CliResult]) -> None:
    result = run_cli("--config", _lake_config(tmp_path, "s3://bucket/news/"), "status")
    assert result.code == 2
    assert "needs DuckDB's ducklake, sqlite_scanner, httpfs extensions" in result.err


@pytest.mark.slow
def test_extensions_an_earlier_install_left_in_home_are_enough(
    without_lake: None, home: Path, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    # What `INSTALL ducklake; INSTALL sqlite` (online) leaves: the binaries in ~/.duckdb, used offline after.
    version = duckdb.__version__.split("+")[0]
    folder = home / ".duckdb" / "extensions" / f"v{version}" / duckdb.execute("PRAGMA platform").fetchone()[0]
    folder.mkdir(parents=True)
    extensions.extension_path.cache_clear()
    for name in ("ducklake", "sqlite_scanner"):
        sys.modules.pop(f"duckdb_extension_{name}")
        wheel_copy = extensions.extension_path(name)
        assert wheel_copy is not None
        shutil.copy(wheel_copy, folder / wheel_copy.name)
        sys.modules[f"duckdb_extension_{name}"] = None  # type: ignore[assignment]
    extensions.extension_path.cache_clear()
    config = _lake_config(tmp_path)
    assert cli("--config", config, "ingest", SEED, "--no-translate").code == 0
    result = cli("--config", config, "query", "SELECT count(*) AS n FROM articles", "-f", "csv")
    assert (result.code, result.out) == (0, "n\n1\n"), result.err


def test_the_embedded_warehouse_needs_no_lake_extra(
    without_lake: None, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[warehouse]\npath = "news.duckdb"\n', encoding="utf-8")
    assert cli("--config", config, "ingest", SEED, "--no-translate").code == 0
    result = cli("--config", config, "query", "SELECT count(*) AS n FROM articles", "-f", "csv")
    assert (result.code, result.out) == (0, "n\n1\n"), result.err


def test_the_dask_runner_without_the_dask_extra_is_one_line_naming_the_fix(
    tmp_path: Path, run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "prefect_dask", None)
    config = tmp_path / "config.toml"
    config.write_text('[warehouse]\npath = "news.duckdb"\n[orchestration]\ntask_runner = "dask"\n', encoding="utf-8")
    for command in (["run"], ["status"]):
        result = run_cli("--config", config, *command)
        assert result.code == 2
        assert result.err.splitlines() == [
            f'error: [orchestration] task_runner = "dask" needs prefect-dask, not installed: {DASK_FIX}'
        ]
