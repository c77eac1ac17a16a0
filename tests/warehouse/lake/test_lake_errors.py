"""A lake that cannot be used as configured: every command says so in one line naming the catalog, exit 2.

A PostgreSQL catalog that does not answer (a closed loopback port), a data folder that is gone, S3 data without
credentials, a catalog of another DuckLake or newsflow schema version, a data_path the catalog does not know.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from newsflow.config import load_settings
from newsflow.warehouse.backends.configured import open_backend
from tests.conftest import Cli

# Lakes of their own: the same in both passes, so the lake pass skips them.
pytestmark = pytest.mark.own_backend

COMMANDS = [
    ("status",),
    ("query", "SELECT count(*) FROM articles"),
    ("search", "ferry"),
    ("export", "out"),
    ("run",),
]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once the socket is closed


def _made_lake(config: Path) -> None:
    backend = open_backend(load_settings(config).warehouse)
    try:
        backend.check()
    finally:
        backend.close()


def _broken(case: str, tmp_path: Path, lake_config: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    sources = f'[[sources]]\nname = "a"\nkind = "files"\npath = "{tmp_path / "in"}"\n'
    (tmp_path / "in").mkdir()
    if case == "catalog down":
        return lake_config(f"postgres:host=127.0.0.1 port={_closed_port()} dbname=news user=newsflow", sources)
    if case == "no S3 credentials":  # checked before the catalog is opened: an existing catalog will do
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        config = lake_config(f"sqlite:{tmp_path / 'c.sqlite'}", sources)
        _made_lake(config)
        text = config.read_text(encoding="utf-8").replace('data_path = "lake/"', 'data_path = "s3://news/lake/"')
        config.write_text(text, encoding="utf-8")
        return config
    config = lake_config(f"sqlite:{tmp_path / 'c.sqlite'}", sources)
    _made_lake(config)
    if case == "data folder gone":
        shutil.rmtree(tmp_path / "lake")
    elif case == "DuckLake version":
        with sqlite3.connect(tmp_path / "c.sqlite") as db:
            db.execute("UPDATE ducklake_metadata SET value = '9.9' WHERE key = 'version'")
    elif case == "newsflow schema version":
        backend = open_backend(load_settings(config).warehouse)
        try:
            backend.run(lambda con: con.execute("INSERT INTO schema_version VALUES (99, '099_future.sql', now())"))
        finally:
            backend.close()
    elif case == "data_path of another lake":
        (tmp_path / "elsewhere").mkdir()
        text = config.read_text(encoding="utf-8").replace('data_path = "lake/"', 'data_path = "elsewhere/"')
        config.write_text(text, encoding="utf-8")
    return config


EXPECTED = {
    "catalog down": "does not answer (connection refused): start its PostgreSQL server, or fix [warehouse] catalog",
    "no S3 credentials": "needs S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
    "data folder gone": "does not exist, but catalog",
    "DuckLake version": "is of another DuckLake version",
    "newsflow schema version": "has schema version 99, newer than this newsflow knows",
    "data_path of another lake": "keeps its data at",
}


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize("case", list(EXPECTED))
def test_an_unusable_lake_is_one_line_naming_the_catalog_and_exit_2(
    case: str,
    command: tuple[str, ...],
    tmp_path: Path,
    lake_config: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    run_cli: Cli,
) -> None:
    config = _broken(case, tmp_path, lake_config, monkeypatch)
    catalog = load_settings(config).warehouse.catalog
    data_path = load_settings(config).warehouse.data_path
    result = run_cli("-c", config, *command)
    assert result.code == 2, result.err
    (line,) = result.err.splitlines()
    assert line.startswith("error: lake ")
    assert EXPECTED[case] in line
    assert str(catalog) in line or str(data_path) in line
    assert result.out == ""
