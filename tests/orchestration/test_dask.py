"""The Dask task runner (a LocalCluster of 2 worker processes) stores exactly what the thread runner stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsflow.cli.app import run_flow
from newsflow.config import load_settings
from tests.conftest import SEEDS
from tests.orchestration.conftest import rows
from tests.support.backend import warehouse_toml

pytestmark = [pytest.mark.slow, pytest.mark.backend_neutral]

CONTENT = (
    "SELECT a.source, a.url, replace(a.location, ?, ''), a.title, a.author, a.published_at, a.lang, "
    "a.lang_confidence, a.text, a.translation_status, a.content_hash, d.content_hash, d.encoding "
    "FROM articles a JOIN documents d USING (document_id) ORDER BY a.article_id"
)


def _ingest(root: Path, runner: str) -> list[tuple[object, ...]]:
    root.mkdir()
    shutil.copytree(SEEDS, root / "seeds")
    (root / "config.toml").write_text(
        f"[warehouse]\n{warehouse_toml(root / 'news.duckdb')}"
        '[translation]\nmodels_dir = "models"\n'
        f'[orchestration]\ntask_runner = "{runner}"\ndask_workers = 2\nbatch_size = 3\n'
        '[[sources]]\nname = "seeds"\nkind = "files"\npath = "seeds"\n',
        encoding="utf-8",
    )
    settings = load_settings(root / "config.toml")
    from newsflow.orchestration.flows.ingest import ingest

    summary = run_flow(settings, ingest, translate=False)
    assert summary.ok and summary.new > 0
    return rows(root / "news.duckdb", CONTENT, [str(root)])


def test_dask_local_cluster_gives_the_same_warehouse_as_threads(tmp_path: Path, prefect_harness: None) -> None:
    on_threads = _ingest(tmp_path / "threads", "threads")
    on_dask = _ingest(tmp_path / "dask", "dask")

    assert on_dask == on_threads


def test_the_local_clusters_web_server_listens_on_loopback_only(tmp_path: Path) -> None:
    """Its dashboard and metrics port: never all interfaces, never the fixed 8787 another user may hold."""
    import distributed

    from newsflow.orchestration.task_runners import task_runner_for

    (tmp_path / "config.toml").write_text('[orchestration]\ntask_runner = "dask"\n', encoding="utf-8")
    kwargs = {**task_runner_for(load_settings(tmp_path / "config.toml")).cluster_kwargs, "n_workers": 0}
    with distributed.LocalCluster(**kwargs) as cluster:
        hosts = {sock.getsockname()[:2] for sock in cluster.scheduler.http_server._sockets.values()}
    assert {host for host, _ in hosts} == {"127.0.0.1"}
    assert 8787 not in {port for _, port in hosts}
