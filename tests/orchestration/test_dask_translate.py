"""Translation batches on the Dask workers: a real LocalCluster of two worker processes, real Prefect,
a tiny real model; each worker loads the model once and the flow stores what comes back."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newsflow.cli.app import run_flow
from newsflow.config import TranslationSettings, load_settings
from newsflow.translation.engine import TranslationRequest, Translator
from newsflow.translation.models import import_model
from tests.orchestration.conftest import rows
from tests.support.argos_model import build_argosmodel
from tests.support.backend import warehouse_toml
from tests.warehouse.articles import article_text

pytestmark = pytest.mark.backend_neutral

N = 80  # three batches of 32 articles: both workers get some


def _worker_state(settings: TranslationSettings) -> tuple[int, int, int]:
    from newsflow.translation import worker

    info = worker.engine.cache_info()
    loaded = len(worker.engine(settings)._packages) if info.currsize else 0
    return info.misses, info.hits, loaded


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_translation_batches_run_on_two_worker_processes_each_loading_the_model_once(
    tmp_path: Path, prefect_harness: None
) -> None:
    distributed = pytest.importorskip("distributed")
    rng = random.Random(3)
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(N):
        (folder / f"de_{i:04d}.txt").write_text(article_text(i, "de", rng, paragraphs=1), encoding="utf-8")
    models = tmp_path / "models"
    import_model(build_argosmodel(tmp_path / "build", "de", "en"), TranslationSettings(models_dir=models))

    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):
        config = tmp_path / "config.toml"
        config.write_text(
            f"[warehouse]\n{warehouse_toml(tmp_path / 'news.duckdb')}"
            f'[languages]\ntranslate = ["de"]\n[translation]\nmodels_dir = "{models}"\n'
            "inter_threads = 1\nintra_threads = 1\n"
            f'[orchestration]\ntask_runner = "dask"\ndask_address = "{cluster.scheduler_address}"\n'
            "dask_workers = 2\nbatch_size = 50\n"
            f'[[sources]]\nname = "de"\nkind = "files"\npath = "{folder}"\n',
            encoding="utf-8",
        )
        settings = load_settings(config)
        from newsflow.orchestration.flows.ingest import ingest

        summary = run_flow(settings, ingest)
        per_worker = client.run(_worker_state, settings.translation)

    assert summary.ok and summary.new == N and summary.translated == N
    # Two workers, each loaded the engine once (misses) and its one model once, and served several calls.
    assert sorted(m for m, _, _ in per_worker.values()) == [1, 1]
    assert all(loaded == 1 for _, _, loaded in per_worker.values())
    assert sum(m + h for m, h, _ in per_worker.values()) >= 3 + 1  # three batches, one language probe
    # What the flow stored is what the engine gives in-process.
    stored = rows(tmp_path / "news.duckdb", "SELECT article_id, lang, title, text, title_en, text_en FROM articles")
    local = Translator(settings.translation)
    expected = local.translate([TranslationRequest(r[0], r[1], r[2], r[3]) for r in stored])
    assert [(r[4], r[5]) for r in stored] == [(e.title_en, e.text_en) for e in expected]  # type: ignore[union-attr]
