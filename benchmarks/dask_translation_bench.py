"""Translation on Dask workers: 1 and 2 worker processes of 1 thread each vs the engine in-process.

    .venv/bin/python benchmarks/dask_translation_bench.py [--sentences 2000]

The real-shape model (6+6 layers, d_model 512, 32k vocab, int8; see translation_bench.py) translates
--sentences German sentences in articles of 10 sentences. In-process: newsflow's Translator with one
inter and one intra thread. On Dask: a LocalCluster of N worker processes x 1 thread, each warmed up
(engine and model loaded, as a long-running worker would be), articles in batches of 32 submitted with
the worker function the flow's tasks call (newsflow.translation.worker.translate_batch); Prefect's task
bookkeeping is left out. Goals: >= 1.7x from one worker to two; one worker within 10% of in-process.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsflow.common.batching import chunked
from newsflow.config import TranslationSettings
from newsflow.translation import worker
from newsflow.translation.engine import TranslationRequest, Translator
from newsflow.translation.models import import_model
from tests.support.argos_model import build_argosmodel, generate_sentences

PER_ARTICLE = 10
BATCH = 32  # newsflow.orchestration.tasks.DaskEngine.batch_articles


def requests(n: int) -> list[TranslationRequest]:
    sentences = generate_sentences(n, "de", seed=1)
    return [
        TranslationRequest(f"a{i}", "de", None, " ".join(sentences[i : i + PER_ARTICLE]))
        for i in range(0, n, PER_ARTICLE)
    ]


def in_process(settings: TranslationSettings, reqs: list[TranslationRequest]) -> float:
    engine = Translator(settings)
    engine.translate(reqs[:2])  # model loaded before timing, as on a warm worker
    engine = Translator(settings)
    engine.translate([TranslationRequest("warm", "de", None, "Warm.")])
    started = time.perf_counter()
    engine.translate(reqs)
    return time.perf_counter() - started


def warm(settings: TranslationSettings) -> int:
    return len(worker.translate_batch(settings, [TranslationRequest("warm", "de", None, "Warm.")]))


def on_dask(settings: TranslationSettings, reqs: list[TranslationRequest], workers: int) -> float:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        client.run(warm, settings)
        started = time.perf_counter()
        futures = [client.submit(worker.translate_batch, settings, list(c), pure=False) for c in chunked(reqs, BATCH)]
        client.gather(futures)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        settings = TranslationSettings(models_dir=work / "models", inter_threads=1, intra_threads=1)
        t0 = time.perf_counter()
        import_model(build_argosmodel(work / "archive", real_shape=True), settings)
        print(f"real-shape model built and installed in {time.perf_counter() - t0:.1f}s", flush=True)
        reqs = requests(args.sentences)
        settings = replace(settings)
        local = in_process(settings, reqs)
        one = on_dask(settings, reqs, 1)
        two = on_dask(settings, reqs, 2)
    n = args.sentences
    print(f"{'path':<34} {'seconds':>8} {'sentences/s':>12}")
    for name, seconds in (
        ("engine in-process (1+1 threads)", local),
        ("Dask, 1 worker x 1 thread", one),
        ("Dask, 2 workers x 1 thread", two),
    ):
        print(f"{name:<34} {seconds:>8.1f} {n / seconds:>12.1f}")
    print(
        f"2 workers vs 1: {one / two:.2f}x (goal >= 1.7x); 1 worker vs in-process: {local / one:.2f}x "
        f"({(one / local - 1) * 100:+.0f}% time; goal within 10%)"
    )


if __name__ == "__main__":
    main()
