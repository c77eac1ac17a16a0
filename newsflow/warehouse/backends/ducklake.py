"""The DuckLake backend: catalog in PostgreSQL or SQLite, data as Parquet under a folder or s3://.

Writers never hold a lock of ours. Each unit of work is an optimistic DuckLake transaction; a commit
that conflicts with another writer's (or finds the SQLite catalog locked) is retried from the start
against the newer snapshot. DuckLake has no primary keys, and two transactions that both append the
same new article_id would both commit; so every keyed write also bumps the one row of
`newsflow_commit_token`, which makes such transactions conflict and the loser re-run its upsert, now
seeing the winner's rows. Readers attach read-only and read a snapshot: they never wait for writers.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import duckdb

from newsflow.warehouse.backends import extensions
from newsflow.warehouse.backends.disk_full import reported_as_disk_full
from newsflow.warehouse.backends.duckdb_file import WarehouseBusy, WarehouseMissing
from newsflow.warehouse.backends.extensions import load_extension
from newsflow.warehouse.backends.transaction import in_transaction, retried, transaction
from newsflow.warehouse.backends.unusable import WarehouseUnusable, schema_too_new, unusable_lake
from newsflow.warehouse.schema_migrations import latest_version, migrate, newer_than_known, schema_version

if TYPE_CHECKING:
    from newsflow.config import WarehouseSettings
    from newsflow.warehouse.backends.base import Work

T = TypeVar("T")

ALIAS = "lake"
# Messages of transient failures: a conflict with a concurrent commit, a busy SQLite or PostgreSQL catalog.
_TRANSIENT = ("conflict", "database is locked", "could not serialize", "deadlock", "database table is locked")


class WarehouseConflict(WarehouseBusy):
    """A lake commit kept conflicting with other writers for longer than lock_timeout_s."""


# Two processes creating a new lake at once race on the catalog's own tables and on our migrations.
_CREATION_RACE = ("already exists", "duplicate key")


def is_transient(exc: BaseException, markers: tuple[str, ...] = _TRANSIENT) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error) and any(marker in text for marker in markers)


def attach_sql(settings: WarehouseSettings, read_only: bool = False, alias: str = ALIAS) -> str:
    """The ATTACH statement for this lake (what analysts run in their own DuckDB, too)."""
    options = [f"DATA_PATH '{_quote(settings.data_path or '')}'"]
    if read_only:
        options.append("READ_ONLY")
    return f"ATTACH 'ducklake:{_quote(settings.catalog or '')}' AS {alias} ({', '.join(options)})"


def _quote(text: str) -> str:
    return text.replace("'", "''")


def lake_extensions(settings: WarehouseSettings) -> list[str]:
    """ducklake, the catalog's scanner and, for object storage, httpfs (all from the `lake` extra)."""
    catalog = settings.catalog or ""
    names = ["ducklake", "postgres_scanner" if catalog.startswith("postgres:") else "sqlite_scanner"]
    if _remote(settings):
        names.append("httpfs")
    return names


def _remote(settings: WarehouseSettings) -> bool:
    return (settings.data_path or "").startswith(("s3://", "gs://", "r2://", "http://", "https://"))


def load_lake_extensions(con: duckdb.DuckDBPyConnection, settings: WarehouseSettings) -> None:
    """The lake's extensions; for object storage, credentials from the environment."""
    con.execute("SET autoinstall_known_extensions = false")
    for name in lake_extensions(settings):
        load_extension(con, name)
    if _remote(settings):
        _s3_secret_from_env(con)


def _s3_secret_from_env(con: duckdb.DuckDBPyConnection) -> None:
    # Keys come from the environment (or a persistent DuckDB secret the user created), never config.toml.
    key_id, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not key_id or not secret:
        return
    params = {"KEY_ID": key_id, "SECRET": secret}
    for env, name in (("AWS_SESSION_TOKEN", "SESSION_TOKEN"), ("AWS_REGION", "REGION")):
        if os.environ.get(env):
            params[name] = os.environ[env]
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:  # S3-compatible storage (MinIO, R2, ...)
        params["ENDPOINT"] = endpoint.split("://", 1)[-1]
        params["URL_STYLE"] = "path"
        params["USE_SSL"] = "true" if endpoint.startswith("https") else "false"
    body = ", ".join(f"{k} '{_quote(v)}'" if k != "USE_SSL" else f"{k} {v}" for k, v in params.items())
    con.execute(f"CREATE OR REPLACE TEMPORARY SECRET newsflow_s3 (TYPE s3, {body})")


def _create_commit_token(con: duckdb.DuckDBPyConnection) -> None:
    """The one-row table every keyed write bumps (see the module docstring), created with its row at once."""
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND table_name = 'newsflow_commit_token'"
    ).fetchone()
    if row and row[0]:
        return
    with transaction(con):
        con.execute("CREATE TABLE newsflow_commit_token (n BIGINT)")
        con.execute(
            "COMMENT ON TABLE newsflow_commit_token IS 'DuckLake only: bumped by every keyed write so that two "
            "concurrent upserts conflict and one retries (the lake has no primary keys).'"
        )
        con.execute("COMMENT ON COLUMN newsflow_commit_token.n IS 'Keyed writes committed so far.'")
        con.execute("INSERT INTO newsflow_commit_token VALUES (0)")


class LakeBackend:
    kind = "ducklake"
    keyed = False
    sole_writer = False

    def __init__(self, settings: WarehouseSettings) -> None:
        self.settings = settings
        self.timeout_s = max(settings.lock_timeout_s, 1.0)
        self._mutex = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None

    # ------------------------------------------------------------ connections

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        con = extensions.connect()
        try:
            load_lake_extensions(con, self.settings)
            self._check_credentials(con)
            con.execute(attach_sql(self.settings, read_only))
            con.execute(f"USE {ALIAS}")
            newer = newer_than_known(con)
            if newer is not None:
                raise schema_too_new(f"lake catalog {self.settings.catalog}", newer, latest_version())
        except duckdb.Error as exc:
            con.close()
            if is_transient(exc, _TRANSIENT + _CREATION_RACE):
                raise
            raise unusable_lake(self.settings, exc) from None
        except BaseException:
            con.close()
            raise
        return con

    def _check_credentials(self, con: duckdb.DuckDBPyConnection) -> None:
        """Data on S3 without credentials would fail at the first Parquet file, deep in a run: refuse now."""
        data_path = self.settings.data_path or ""
        if not data_path.startswith("s3://"):
            return
        row = con.execute("SELECT count(*) FROM duckdb_secrets() WHERE type = 's3'").fetchone()
        if not row or not row[0]:
            raise WarehouseUnusable(
                f"lake data_path {data_path} needs S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                "(and AWS_ENDPOINT_URL for S3-compatible storage), or create a persistent DuckDB S3 secret"
            )

    def _missing_data_path(self) -> WarehouseUnusable:
        return WarehouseUnusable(
            f"lake data_path {self.settings.data_path} does not exist, but catalog {self.settings.catalog} keeps "
            "the lake's files there: mount or restore it, or fix [warehouse] data_path"
        )

    def _local_data_path(self) -> Path | None:
        data_path = self.settings.data_path or ""
        return None if "://" in data_path else Path(data_path)

    def _prepare(self) -> duckdb.DuckDBPyConnection:
        local = self._local_data_path()
        missing = local is not None and not local.exists()
        if local is not None:
            local.mkdir(parents=True, exist_ok=True)
        catalog = self.settings.catalog or ""
        if catalog.startswith("sqlite:"):
            Path(catalog.removeprefix("sqlite:")).parent.mkdir(parents=True, exist_ok=True)
        try:
            con = self._connect(read_only=False)
        except WarehouseUnusable:
            if missing and local is not None:
                with contextlib.suppress(OSError):
                    local.rmdir()  # the folder made for a lake that could not be opened
            raise
        try:
            if missing and schema_version(con):  # an existing lake whose data folder is gone (unmounted?)
                with contextlib.suppress(OSError):
                    assert local is not None
                    local.rmdir()
                raise self._missing_data_path()
            migrate(con, keys=False, where=f"lake catalog {catalog}")
            _create_commit_token(con)
        except Exception:
            con.close()
            raise
        return con

    def check(self) -> None:
        """Open the lake once (creating it when new), so that an unusable one is refused before a job starts."""
        self.run(lambda con: None, transaction=False)

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = self._retry(self._prepare, _TRANSIENT + _CREATION_RACE)
        return self._con

    def _retry(self, attempt: Callable[[], T], markers: tuple[str, ...] = _TRANSIENT) -> T:
        """attempt() until it succeeds, fails for good, or transient failures outlast timeout_s."""

        def conflict(exc: Exception) -> Exception:
            return WarehouseConflict(
                f"lake {self.settings.catalog}: commit still conflicting after {self.timeout_s:g} s: {exc}"
            )

        return retried(
            attempt, transient=lambda exc: is_transient(exc, markers), timeout_s=self.timeout_s, give_up=conflict
        )

    # ------------------------------------------------------------ Backend

    def job(self, name: str) -> AbstractContextManager[object]:
        return nullcontext()

    def run(self, work: Work[T], *, transaction: bool = True, upsert: bool = False) -> T:
        # The Parquet files are written under data_path: a full disk there is named as such (the catalog's
        # own errors, e.g. a full PostgreSQL, are the catalog's and pass through as they are).
        with self._mutex, reported_as_disk_full(self.settings.data_path or ""):
            con = self._connection()
            if not transaction:
                return self._retry(lambda: work(con))
            token = "UPDATE newsflow_commit_token SET n = n + 1" if upsert else None
            return self._retry(lambda: in_transaction(con, work, first=token))

    @contextlib.contextmanager
    def _reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if not self._exists():
            raise WarehouseMissing(
                f"no warehouse at {self.settings.catalog} (no lake there yet): "
                "run `newsflow run` or `newsflow ingest` first"
            )
        con = self._retry(lambda: self._connect(read_only=True))
        try:
            local = self._local_data_path()
            if local is not None and not local.exists():  # checked once the catalog answered
                raise self._missing_data_path()
            yield con
        finally:
            con.close()

    def _exists(self) -> bool:
        catalog = self.settings.catalog or ""
        return not catalog.startswith("sqlite:") or Path(catalog.removeprefix("sqlite:")).exists()

    def read(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return self._reader()

    def close(self) -> None:
        with self._mutex:
            if self._con is not None:
                self._con.close()
                self._con = None
